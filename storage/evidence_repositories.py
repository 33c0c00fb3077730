"""Repository for evidence files on cases (issue 14): plain Core queries, rows to dataclasses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, Table, bindparam, delete, func, insert, select, update

from bot.domain.cases import EventKind
from bot.domain.evidence import Evidence, EvidenceKind, Link
from bot.domain.helpdesk import EventKind as HelpEventKind
from storage import tables
from storage.repository import Repository
from storage.types import UTCDateTime

_C = tables.case_evidence.c
# The steps after which a handler's photo is evidence of the work (进展/方案/办结).
_HANDLING = (str(EventKind.PROGRESS), str(EventKind.PLAN), str(EventKind.RESOLVED))
# The same for a 帮办's volunteer (进展/办结 under an H code).
_HELP_HANDLING = (str(HelpEventKind.PROGRESS), str(HelpEventKind.DONE))


def _evidence(row: Any) -> Evidence:
    return Evidence(
        id=row.id,
        account=row.account,
        case_id=row.case_id,
        sha256=row.sha256,
        mime=row.mime,
        size=row.size,
        kind=EvidenceKind(row.kind),
        person_id=row.person_id,
        group_id=row.group_id,
        at=row.at,
        message_id=row.message_id,
        help_id=row.help_id,
    )


@cache
def _waiting_query(in_group: bool) -> Select[tuple[int]]:
    """Is any file of this sender in this chat waiting for a case: asked for every report,
    so built once with bind parameters (ix_case_evidence_person_at answers it)."""
    chat = _C.group_id == bindparam("group_id") if in_group else _C.group_id.is_(None)
    return (
        select(_C.id)
        .where(
            _C.person_id == bindparam("person_id"),
            chat,
            _C.case_id.is_(None),
            _C.help_id.is_(None),
            _C.at >= bindparam("since", type_=UTCDateTime()),
        )
        .limit(1)
    )


class EvidenceRepository(Repository):
    def _rows(self, query: Any) -> list[Evidence]:
        return [_evidence(row) for row in self.session.execute(query)]

    def add(self, evidence: Evidence) -> Evidence:
        values = {
            "account": evidence.account,
            "case_id": evidence.case_id,
            "help_id": evidence.help_id,
            "sha256": evidence.sha256,
            "mime": evidence.mime,
            "size": evidence.size,
            "kind": str(evidence.kind),
            "person_id": evidence.person_id,
            "group_id": evidence.group_id,
            "at": evidence.at,
            "message_id": evidence.message_id,
        }
        evidence.id = self.session.execute(
            insert(tables.case_evidence).values(values).returning(_C.id)
        ).scalar_one()
        return evidence

    def get(self, evidence_id: int) -> Evidence | None:
        found = self._rows(select(tables.case_evidence).where(_C.id == evidence_id))
        return found[0] if found else None

    def for_case(self, case_id: int) -> Sequence[Evidence]:
        query = select(tables.case_evidence).where(_C.case_id == case_id)
        return self._rows(query.order_by(_C.at, _C.id))

    def for_cases(self, case_ids: Sequence[int]) -> dict[int, list[Evidence]]:
        return self._grouped(_C.case_id, case_ids)

    def for_helps(self, help_ids: Sequence[int]) -> dict[int, list[Evidence]]:
        return self._grouped(_C.help_id, help_ids)

    def _grouped(self, column: Any, ids: Sequence[int]) -> dict[int, list[Evidence]]:
        """Files of many cases (or 帮办) in one query, keyed by that column, oldest first."""
        found: dict[int, list[Evidence]] = {}
        if not ids:
            return found
        query = select(tables.case_evidence, column.label("owner")).where(column.in_(list(ids)))
        for row in self.session.execute(query.order_by(_C.at, _C.id)):
            found.setdefault(row.owner, []).append(_evidence(row))
        return found

    def find(
        self,
        *,
        person_id: int,
        group_id: int | None,
        sha256: str | None = None,
        case_id: int | None = None,
        pending: bool = False,
        since: datetime | None = None,
    ) -> Sequence[Evidence]:
        query = select(tables.case_evidence).where(_C.person_id == person_id)
        query = query.where(_C.group_id.is_(None) if group_id is None else _C.group_id == group_id)
        if sha256 is not None:
            query = query.where(_C.sha256 == sha256)
        if case_id is not None:
            query = query.where(_C.case_id == case_id)
        if pending:
            query = query.where(_C.case_id.is_(None), _C.help_id.is_(None))
        if since is not None:
            query = query.where(_C.at >= since)
        return self._rows(query.order_by(_C.at, _C.id))

    def has_waiting(self, *, person_id: int, group_id: int | None, since: datetime) -> bool:
        query = _waiting_query(group_id is not None)
        params = {"person_id": person_id, "group_id": group_id, "since": since}
        if group_id is None:
            del params["group_id"]
        return self.session.connection().execute(query, params).first() is not None

    def adopt(
        self, case_id: int, *, person_id: int, group_id: int | None, since: datetime
    ) -> list[Evidence]:
        waiting = list(self.find(person_id=person_id, group_id=group_id, pending=True, since=since))
        if not waiting:
            return []
        already = {e.sha256 for e in self.for_case(case_id)}
        kept: list[Evidence] = []
        for evidence in waiting:
            if evidence.sha256 in already:
                continue  # the same photo twice: one reference on the case is enough
            already.add(evidence.sha256)
            kept.append(evidence)
        if kept:
            self.session.execute(
                update(tables.case_evidence)
                .where(_C.id.in_([e.id for e in kept]))
                .values(case_id=case_id)
            )
        for evidence in kept:
            evidence.case_id = case_id
        return kept

    def recent_report(
        self, account: str, person_id: int, group_id: int | None, since: datetime
    ) -> Link | None:
        m = tables.messages.c
        query = (
            select(m.case_id, m.received_at)
            .where(
                m.account == account,
                m.sender_id == person_id,
                m.case_id.is_not(None),
                # Only words tie a file to a case: a chain of photos, each near the last,
                # must not stretch the window past the report.
                m.type == "text",
                m.received_at >= since,
                m.group_id.is_(None) if group_id is None else m.group_id == group_id,
            )
            .order_by(m.received_at.desc(), m.id.desc())
            .limit(1)
        )
        row = self.session.execute(query).first()
        return Link(row.case_id, row.received_at) if row else None

    def recent_handling(self, person_id: int, since: datetime) -> Link | None:
        return self._last_step(
            tables.case_events, "case_id", tables.cases, "assignee_id", _HANDLING, person_id, since
        )

    def for_help(self, help_id: int) -> Sequence[Evidence]:
        query = select(tables.case_evidence).where(_C.help_id == help_id)
        return self._rows(query.order_by(_C.at, _C.id))

    def adopt_for_help(
        self, help_id: int, *, person_id: int, group_id: int | None, since: datetime
    ) -> list[Evidence]:
        """Give the sender's waiting files in this chat since `since` to the 帮办."""
        waiting = list(self.find(person_id=person_id, group_id=group_id, pending=True, since=since))
        already = {e.sha256 for e in self.for_help(help_id)}
        kept = []
        for evidence in waiting:
            if evidence.sha256 not in already:
                already.add(evidence.sha256)
                kept.append(evidence)
        if kept:
            self.session.execute(
                update(tables.case_evidence)
                .where(_C.id.in_([e.id for e in kept]))
                .values(help_id=help_id)
            )
        for evidence in kept:
            evidence.help_id = help_id
        return kept

    def recent_help_handling(self, person_id: int, since: datetime) -> Link | None:
        """The 帮办 this volunteer (its taker) last reported progress on or finished."""
        return self._last_step(
            tables.help_events,
            "request_id",
            tables.help_requests,
            "claimer_id",
            _HELP_HANDLING,
            person_id,
            since,
        )

    def _last_step(
        self,
        events: Table,
        owner: str,
        owners: Table,
        taker: str,
        kinds: tuple[str, ...],
        person_id: int,
        since: datetime,
    ) -> Link | None:
        """The case (or 帮办) whose taker last logged one of `kinds` on it since `since`: his
        photo right after is evidence of that work."""
        e = events.c
        query = (
            select(e[owner].label("owner"), e.at)
            .join(owners, owners.c.id == e[owner])
            .where(
                e.actor_id == person_id,
                e.kind.in_(kinds),
                e.at >= since,
                owners.c[taker] == person_id,
            )
            .order_by(e.at.desc(), e.id.desc())
            .limit(1)
        )
        row = self.session.execute(query).first()
        return Link(row.owner, row.at) if row else None

    def delete_for_case(self, case_id: int) -> list[str]:
        hashes = {e.sha256 for e in self.for_case(case_id)}
        self.session.execute(delete(tables.case_evidence).where(_C.case_id == case_id))
        return self._unused(hashes)

    def delete_for_person(self, person_id: int) -> list[str]:
        hashes = set(self.session.scalars(select(_C.sha256).where(_C.person_id == person_id)))
        self.session.execute(delete(tables.case_evidence).where(_C.person_id == person_id))
        return self._unused(hashes)

    def count_waiting(self, before: datetime) -> int:
        query = select(func.count()).where(_C.case_id.is_(None), _C.at < before)
        return int(self.session.scalar(query) or 0)

    def delete_waiting(self, before: datetime, limit: int) -> tuple[int, list[str]]:
        rows = self.session.execute(
            select(_C.id, _C.sha256)
            .where(_C.case_id.is_(None), _C.help_id.is_(None), _C.at < before)
            .order_by(_C.id)
            .limit(limit)
        ).all()
        if not rows:
            return 0, []
        self.session.execute(delete(tables.case_evidence).where(_C.id.in_([r[0] for r in rows])))
        return len(rows), self._unused({r[1] for r in rows})

    def _unused(self, hashes: set[str]) -> list[str]:
        """Of these files, those no row refers to any more."""
        if not hashes:
            return []
        still = self.session.execute(
            select(_C.sha256, func.count()).where(_C.sha256.in_(hashes)).group_by(_C.sha256)
        ).all()
        used = {row[0] for row in still}
        return sorted(hashes - used)
