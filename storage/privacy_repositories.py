"""Keeping personal data only as long as needed: retention sweeps in small batches, and a
resident's rights (everything about them, and erasure). Plain Core SQL: these touch many
tables by id and never need mapped objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Table,
    and_,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.sql import Executable
from sqlalchemy.sql.elements import ColumnElement

from bot.domain.community import Role
from bot.domain.points import RuleKind
from storage import rollup, tables
from storage.repository import Repository, rowcount

ANONYMOUS_WECHAT_ID = "linli:anonymous"  # not a WeChat id: nobody can ever speak as it
ANONYMOUS_NAME = "匿名居民"
ERASED_NAME = "已注销居民"
ERASED_TEXT = "（本人要求删除）"
TOTAL_RULE = "合计"
# What a readable export may name a referenced row by (never anything personal of others).
NAME_COLUMNS = {
    "estates": "name",
    "buildings": "name",
    "groups": "topic",
    "activities": "title",
    "catalog_items": "name",
    "votes": "title",
    "topics": "title",
}


def _purgeable_messages(before: datetime) -> ColumnElement[bool]:
    """Group messages that never became a case, a 微心愿 or a 待确认 item (which keep their
    own rows), older than `before`."""
    m, r = tables.messages.c, tables.review_items.c
    held = exists().where(r.account == m.account, r.message_key == m.message_id)
    return and_(
        m.received_at < before,
        m.case_id.is_(None),
        or_(m.intent_kind.is_(None), m.intent_kind != "wish"),
        ~held,
    )


def _closed_cases(before: datetime) -> ColumnElement[bool]:
    c = tables.cases.c
    return and_(c.closed_at.is_not(None), c.closed_at < before, c.pseudonymised_at.is_(None))


class PrivacyRepository(Repository):
    # ---- retention --------------------------------------------------------------------

    def count_purgeable(
        self, messages_before: datetime, cases_before: datetime, audit_before: datetime
    ) -> tuple[int, int, int]:
        count = self.session.scalar
        messages = count(
            select(func.count())
            .select_from(tables.messages)
            .where(_purgeable_messages(messages_before))
        )
        cases = count(
            select(func.count()).select_from(tables.cases).where(_closed_cases(cases_before))
        )
        audit = count(
            select(func.count())
            .select_from(tables.audit_log)
            .where(tables.audit_log.c.at < audit_before)
        )
        return messages or 0, cases or 0, audit or 0

    def delete_messages(self, before: datetime, limit: int) -> int:
        """Delete one batch (by id, oldest first) so no lock is held for long."""
        m = tables.messages.c
        ids = self._ids(select(m.id).where(_purgeable_messages(before)).order_by(m.id).limit(limit))
        if ids:
            self.session.execute(delete(tables.messages).where(m.id.in_(ids)))
        return len(ids)

    def delete_audit(self, before: datetime, limit: int) -> int:
        a = tables.audit_log.c
        ids = self._ids(select(a.id).where(a.at < before).order_by(a.id).limit(limit))
        if ids:
            self.session.execute(delete(tables.audit_log).where(a.id.in_(ids)))
        return len(ids)

    def pseudonymise_cases(self, before: datetime, now: datetime, limit: int) -> int:
        """Closed long ago: the case, its category, building, times and figures stay; who
        reported it, their room and their own words go."""
        c = tables.cases.c
        ids = self._ids(select(c.id).where(_closed_cases(before)).order_by(c.id).limit(limit))
        if not ids:
            return 0
        anonymous = self.anonymous_person()
        reporters = select(c.reporter_id).where(c.id.in_(ids))
        ev = tables.case_events.c
        self.session.execute(
            update(tables.case_events)
            .where(ev.case_id.in_(ids), ev.actor_id.in_(reporters.scalar_subquery()))
            .values(actor_id=None)
        )
        self.session.execute(
            delete(tables.case_reporters).where(tables.case_reporters.c.case_id.in_(ids))
        )
        self.session.execute(delete(tables.messages).where(tables.messages.c.case_id.in_(ids)))
        r = tables.review_items.c
        self.session.execute(
            update(tables.review_items)
            .where(r.case_id.in_(ids))
            .values(sender_id=anonymous, text=ERASED_TEXT, unit=None, room=None)
        )
        self.session.execute(
            update(tables.cases)
            .where(c.id.in_(ids))
            .values(reporter_id=anonymous, unit=None, room=None, pseudonymised_at=now)
        )
        return len(ids)

    def anonymous_person(self) -> int:
        """The one stand-in reporter for pseudonymised cases (made on first need)."""
        p = tables.people.c
        found = self.session.scalar(select(p.id).where(p.wechat_id == ANONYMOUS_WECHAT_ID))
        if found is not None:
            return int(found)
        return int(
            self.session.execute(
                insert(tables.people)
                .values(
                    wechat_id=ANONYMOUS_WECHAT_ID,
                    display_name=ANONYMOUS_NAME,
                    role=Role.RESIDENT,
                    extra={},
                )
                .returning(p.id)
            ).scalar_one()
        )

    # ---- a resident's rights ----------------------------------------------------------

    def person_id(self, wechat_id: str) -> int | None:
        p = tables.people.c
        found = self.session.scalar(select(p.id).where(p.wechat_id == wechat_id))
        return None if found is None else int(found)

    def everything_about(self, person_id: int, wechat_id: str) -> dict[str, list[dict[str, Any]]]:
        """Every row in every table that points at the person (found from the schema's
        foreign keys, so a new table is included without anyone remembering to), plus the
        audit entries naming them."""
        found: dict[str, list[dict[str, Any]]] = {}
        person = tables.people
        found["people"] = self._rows(person, person.c.id == person_id)
        for table in tables.metadata.sorted_tables:
            columns = [
                column
                for column in table.columns
                for fk in column.foreign_keys
                if fk.column.table is person and table is not person
            ]
            if not columns:
                continue
            rows = self._rows(table, or_(*(column == person_id for column in columns)))
            if rows:
                found[table.name] = rows
        a = tables.audit_log.c
        audit = self._rows(
            tables.audit_log,
            or_(
                a.target.contains(wechat_id, autoescape=True),
                a.detail.contains(wechat_id, autoescape=True),
            ),
        )
        if audit:
            found["audit_log"] = audit
        contacts = self._rows(
            tables.account_contacts, tables.account_contacts.c.wechat_id == wechat_id
        )
        if contacts:
            found["account_contacts"] = contacts
        return found

    def names(self, table: str, ids: set[int]) -> dict[int, str]:
        """The names of the 小区, 楼栋, 群, 活动 … with these ids (a household is named by its
        楼栋 and room), so a resident's readable export needs no internal ids."""
        if table == "households":
            h, b = tables.households.c, tables.buildings.c
            rooms = self.session.execute(
                select(h.id, b.name, h.room)
                .join_from(tables.households, tables.buildings, b.id == h.building_id)
                .where(h.id.in_(ids))
            )
            return {int(i): f"{building}{room}" for i, building, room in rooms}
        if table not in NAME_COLUMNS:
            raise ValueError(f"no name to show for {table}")
        source = tables.metadata.tables[table].c
        found = self.session.execute(
            select(source.id, source[NAME_COLUMNS[table]]).where(source.id.in_(ids))
        )
        return {int(i): str(name or "") for i, name in found}

    def erase(self, person_id: int, wechat_id: str) -> dict[str, int]:
        """Remove or pseudonymise what identifies the person; keep what others rely on
        (cases, 心愿, votes, sign-ups) under a stripped identity, and points as totals."""
        done: dict[str, int] = {}

        def execute(statement: Executable) -> int:
            return rowcount(self.session.execute(statement))

        m, r, c, w = tables.messages.c, tables.review_items.c, tables.cases.c, tables.wishes.c
        done["messages"] = execute(delete(tables.messages).where(m.sender_id == person_id))
        done["review_items"] = execute(
            update(tables.review_items)
            .where(r.sender_id == person_id)
            .values(text=ERASED_TEXT, unit=None, room=None)
        )
        done["cases"] = execute(
            update(tables.cases).where(c.reporter_id == person_id).values(unit=None, room=None)
        )
        done["wishes"] = execute(
            update(tables.wishes).where(w.requester_id == person_id).values(text=ERASED_TEXT)
        )
        o = tables.outbox.c
        done["outbox"] = execute(delete(tables.outbox).where(o.person_id == person_id))
        done["household_members"] = execute(
            delete(tables.household_members).where(
                tables.household_members.c.person_id == person_id
            )
        )
        done["points_ledger"] = self._collapse_points(person_id)
        done["account_contacts"] = execute(
            delete(tables.account_contacts).where(tables.account_contacts.c.wechat_id == wechat_id)
        )
        a = tables.audit_log.c
        stand_in = f"erased:{person_id}"
        execute(
            update(tables.audit_log)
            .where(
                or_(
                    a.target.contains(wechat_id, autoescape=True),
                    a.detail.contains(wechat_id, autoescape=True),
                )
            )
            .values(
                target=func.replace(a.target, wechat_id, stand_in),
                detail=func.replace(a.detail, wechat_id, stand_in),
            )
        )
        p = tables.people.c
        execute(
            update(tables.people)
            .where(p.id == person_id)
            .values(
                wechat_id=stand_in,
                display_name=ERASED_NAME,
                real_name=None,
                category=None,
                role=Role.RESIDENT,
                extra={},
            )
        )
        return done

    def _collapse_points(self, person_id: int) -> int:
        """Their ledger becomes one total row per 小区 and kind; 积分超市 redemptions stay
        (a redemption record points at its row) with the reason cleared."""
        lg = tables.points_ledger.c
        mine = and_(lg.person_id == person_id, lg.kind != RuleKind.REDEEM)
        totals = self.session.execute(
            select(lg.estate_id, lg.kind, func.sum(lg.points), func.min(lg.at), func.max(lg.at))
            .where(mine)
            .group_by(lg.estate_id, lg.kind)
        ).all()
        ledger = tables.points_ledger
        # The months the entries leave and the one their totals land in are recounted.
        for estate_id, at in self.session.execute(select(lg.estate_id, lg.at).where(mine)):
            rollup.mark(self.session, rollup.POINTS, estate_id, at)
        self.session.execute(update(ledger).where(mine).values(reverses_id=None))
        removed = rowcount(self.session.execute(delete(ledger).where(mine)))
        for estate_id, kind, points, _first, last in totals:
            self.session.execute(
                insert(ledger).values(
                    person_id=person_id,
                    estate_id=estate_id,
                    rule=TOTAL_RULE,
                    kind=kind,
                    units=1,
                    points=int(points or 0),
                    reason="个人信息已按本人要求删除，保留积分合计",
                    actor="",
                    at=last,
                )
            )
        self.session.execute(
            update(ledger)
            .where(lg.person_id == person_id, lg.kind == RuleKind.REDEEM)
            .values(reason="")
        )
        self.session.execute(
            update(ledger).where(lg.actor_id == person_id).values(actor_id=None, actor=ERASED_NAME)
        )
        return removed

    # ---- helpers ----------------------------------------------------------------------

    def _ids(self, query: Any) -> list[int]:
        return [int(i) for i in self.session.scalars(query)]

    def _rows(self, table: Table, where: ColumnElement[bool]) -> list[dict[str, Any]]:
        pk = list(table.primary_key.columns)
        query = select(table).where(where).order_by(*pk)
        return [dict(row._mapping) for row in self.session.execute(query)]
