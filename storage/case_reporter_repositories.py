"""Who reported which case (case_reporters): a case's reporters and a person's cases.

Split from the case repository (issue 15 §3, pgfast): these reads run on a message's hot path
(a follow-up, a rating, a neighbour joining) and change with the arrival's facts
(storage/arrival_facts.py), not with the case lifecycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Select,
    TextClause,
    bindparam,
    select,
    text,
)

from bot.domain.cases import Case, CaseStatus
from storage import arrival_facts, raw, tables
from storage.repository import Repository, rowcount


@cache
def _by_reporter_query() -> Select[tuple[Case]]:
    # Asked for 我的诉求 and a bare 进度; built once (see _arrival_query).
    c, r = tables.cases.c, tables.case_reporters.c
    return (
        select(Case)
        .join(tables.case_reporters, r.case_id == c.id)
        .where(r.person_id == bindparam("person_id"))
        .order_by(c.id.desc())
        .limit(bindparam("limit"))
    )


@cache
def _by_reporter_rows() -> Select[Any]:
    """The same as rows of the cases table's columns, for the raw cursor (Repository._raw_read)."""
    c, r = tables.cases.c, tables.case_reporters.c
    return (
        select(*c)
        .join(tables.case_reporters, r.case_id == c.id)
        .where(r.person_id == bindparam("person_id"))
        .order_by(c.id.desc())
        .limit(bindparam("limit"))
    )


@cache
def _awaiting_rating_query() -> Select[tuple[Case]]:
    # Asked for every short thank-you and rating-like answer; built once (see _arrival_query).
    c, r = tables.cases.c, tables.case_reporters.c
    return (
        select(Case)
        .join(tables.case_reporters, r.case_id == c.id)
        .where(r.person_id == bindparam("person_id"), c.status == str(CaseStatus.RESOLVED))
        .order_by(c.resolved_at.desc(), c.id.desc())
    )


@cache
def _add_reporter_statement() -> TextClause:
    """INSERT … ON CONFLICT DO NOTHING on the primary key: one statement, where asking first
    and inserting after took two (and a race between them ended in a Conflict).

    Written as text, in the syntax PostgreSQL and SQLite (3.24+) share: SQLAlchemy's
    dialect INSERT that has on_conflict_do_nothing() is never cached (its class says
    inherit_cache = False), so it was compiled anew for every report (~10% of a report's
    client CPU); a text statement is compiled once."""
    r = tables.case_reporters.c
    statement = text(
        "INSERT INTO case_reporters (case_id, person_id, reported_at, group_id, private) "
        "VALUES (:case_id, :person_id, :reported_at, :group_id, :private) "
        "ON CONFLICT DO NOTHING"
    ).bindparams(
        bindparam("case_id", type_=r.case_id.type),
        bindparam("person_id", type_=r.person_id.type),
        bindparam("reported_at", type_=r.reported_at.type),
        bindparam("group_id", type_=r.group_id.type),
        bindparam("private", type_=r.private.type),
    )
    # The count of rows written says whether this person is new to the case; SQLAlchemy
    # keeps an INSERT's count only when asked to.
    return statement.execution_options(preserve_rowcount=True)


class CaseReporters(Repository):
    """The case_reporters half of the unit of work's `cases` (see CaseRepository)."""

    def by_reporter(self, person_id: int, limit: int = 5) -> Sequence[Case]:
        known = arrival_facts.facts(self.session)
        if known is not None and person_id in known.no_reports:
            return []  # the arrival found no case of theirs, and nothing was written since
        read = known.reporters_cases.get(person_id) if known is not None else None
        if read is not None and read[0] >= limit:
            # Read already in this transaction, nothing written since: the newest `limit`
            # of those (ordered by id, so a longer read starts with a shorter one's rows).
            return read[1][:limit]
        params = {"person_id": person_id, "limit": limit}
        found = self._raw_read(Case, _by_reporter_rows(), params)
        if found is None:
            with self._reading(Case):  # case_reporters rows are written at once (add_reporter)
                found = list(self.session.scalars(_by_reporter_query(), params).all())
        known = arrival_facts.facts(self.session)  # still, after any flush before the read
        if known is not None:
            known.reporters_cases[person_id] = (limit, list(found))
        return found

    def add_reporter(
        self, case_id: int, person_id: int, at: datetime, group_id: int | None = None
    ) -> bool:
        """Record a (co-)reporter and where they spoke (`group_id`, None: privately);
        False when this person had already reported the case."""
        arrival_facts.note_write(self.session)  # sent on the connection: no session event
        row = {
            "case_id": case_id,
            "person_id": person_id,
            "reported_at": at,
            "group_id": group_id,
            "private": group_id is None,
        }
        connection = self.session.connection()
        if raw.is_raw(connection):  # PostgreSQL: on the raw cursor (storage.raw)
            sent = raw.write_now(connection, _add_reporter_statement(), row, returns=False)
            if sent is not None:
                return sent[1] == 1
        return rowcount(connection.execute(_add_reporter_statement(), row)) == 1

    def reporter_places(self, case_id: int) -> list[tuple[int, int | None, bool | None]]:
        """(person, group, private) per reporter, first first; group and private are None
        on rows older than migration 0008 (the case's own group is meant)."""
        r = tables.case_reporters.c
        query = (
            select(r.person_id, r.group_id, r.private)
            .where(r.case_id == case_id)
            .order_by(r.reported_at)
        )
        return [(row[0], row[1], row[2]) for row in self.session.execute(query)]

    def reporter_ids(self, case_id: int) -> list[int]:
        r = tables.case_reporters.c
        query = select(r.person_id).where(r.case_id == case_id).order_by(r.reported_at)
        return list(self.session.scalars(query))

    def awaiting_rating(self, person_id: int) -> Sequence[Case]:
        """Resolved cases this person reported (or co-reported), newest first."""
        with self._reading(Case):  # case_reporters rows are written at once (add_reporter)
            return self.session.scalars(_awaiting_rating_query(), {"person_id": person_id}).all()
