"""A case's hot reads and its opening, each in one round trip on PostgreSQL (issue 15 §3).

「进度 E0001」 reads a case, who reported it and its timeline: three statements, and the ORM's
autoflush before the timeline sent a fourth (a sender's home learned from the group). A new
report reads the open cases of its place and then the latest ones there (a repair that did
not hold), inserts the case for its id and then its first reporter. Here the reads of each
go together in psycopg's pipeline (storage.raw.select_many) and the case and its reporter in
one statement. SQLite keeps the ORM's way: the same answers, one statement at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, bindparam, func, insert, literal, or_, select
from sqlalchemy.orm import class_mapper, make_transient_to_detached

from bot.domain.cases import OPEN_STATUSES, Case, CaseEvent
from bot.ports import CaseHistory, NearbyCases
from storage import arrival_facts, raw, rollup, tables
from storage.case_reporter_repositories import CaseReporters
from storage.repository import load_into
from storage.types import UTCDateTime


def _same_place() -> tuple[ColumnElement[bool], ...]:
    c = tables.cases.c
    return (
        c.estate_id == bindparam("estate_id"),
        c.category == bindparam("category"),
        c.building == bindparam("building"),
    )


@cache
def _open_here() -> Select[Any]:
    """Open cases of a place touched since `since`, newest first (CaseRepository's
    open_candidates). The statuses as comparisons: an IN list is expanded as it runs."""
    c = tables.cases.c
    statuses = or_(*(c.status == str(s) for s in sorted(OPEN_STATUSES)))
    touched = func.coalesce(c.updated_at, c.opened_at) >= bindparam("since", type_=UTCDateTime())
    return select(*c).where(*_same_place(), statuses, touched).order_by(c.id.desc())


@cache
def _latest_here() -> Select[Any]:
    """The latest cases of a place whatever their state (find(estate_id, category, building))."""
    c = tables.cases.c
    return select(*c).where(*_same_place()).order_by(c.id.desc()).limit(bindparam("limit"))


@cache
def _case_row() -> Select[Any]:
    c = tables.cases.c
    return select(*c).where(c.id == bindparam("id"))


@cache
def _reporters_of() -> Select[Any]:
    r = tables.case_reporters.c
    return select(r.person_id).where(r.case_id == bindparam("case_id")).order_by(r.reported_at)


@cache
def _events_of() -> Select[Any]:
    e = tables.case_events.c
    return select(*e).where(e.case_id == bindparam("case_id")).order_by(e.at, e.id)


@cache
def _case_keys() -> tuple[tuple[str, str], ...]:
    """(column, attribute) of every column of the cases table but its id."""
    mapper = class_mapper(Case)
    return tuple(
        (column.name, mapper.get_property_by_column(column).key)
        for column in tables.cases.columns
        if column.name != "id"
    )


@cache
def _open_statement() -> Select[Any]:
    """The case's INSERT and its first reporter's, one statement (data-modifying CTEs): the
    reporter row takes the case's new id from the first. Nobody can have reported a case
    that did not exist, so the reporter's INSERT needs no ON CONFLICT."""
    cases, r = tables.cases, tables.case_reporters
    row = {name: bindparam(name, type_=cases.c[name].type) for name, _key in _case_keys()}
    opened = insert(cases).values(row).returning(cases.c.id).cte("opened")
    reporter = (
        insert(r)
        .from_select(
            ["case_id", "person_id", "reported_at", "group_id", "private"],
            select(
                opened.c.id,
                bindparam("r_person_id", type_=r.c.person_id.type),
                bindparam("r_reported_at", type_=r.c.reported_at.type),
                bindparam("r_group_id", type_=r.c.group_id.type),
                bindparam("r_private", type_=r.c.private.type),
            ),
        )
        .cte("reporter")
    )
    return select(opened.c.id).add_cte(reporter).select_from(opened).where(literal(True))


class CaseIntake(CaseReporters):
    """The `cases` repository's reads and write on a message's path that PostgreSQL answers in
    one round trip each (see the module's docstring)."""

    def history(self, case_id: int) -> CaseHistory | None:
        """A case, its reporters (first first) and its timeline; None if there is none."""
        session = self.session
        connection = session.connection()
        if not raw.is_raw(connection):
            return self._history_one_by_one(case_id)
        if self._pending(Case, CaseEvent):
            session.flush()  # what the ORM's autoflush would have written first
        found = raw.select_many(
            connection,
            [
                (_case_row(), {"id": case_id}),
                (_reporters_of(), {"case_id": case_id}),
                (_events_of(), {"case_id": case_id}),
            ],
        )
        rows, reporters, events = found
        if not rows:
            return None
        case = load_into(session, Case, rows[0])
        assert case is not None
        timeline = [load_into(session, CaseEvent, row) for row in events]
        return CaseHistory(
            case, [cast(int, row[0]) for row in reporters], [e for e in timeline if e is not None]
        )

    def _history_one_by_one(self, case_id: int) -> CaseHistory | None:
        case = self.session.get(Case, case_id)
        if case is None or case.id is None:
            return None
        return CaseHistory(case, self.reporter_ids(case_id), list(self._events(case_id)))

    def _events(self, case_id: int) -> Sequence[CaseEvent]:
        e = tables.case_events.c
        query = select(CaseEvent).where(e.case_id == case_id).order_by(e.at, e.id)
        return self.session.scalars(query).all()

    def nearby(
        self, estate_id: int, category: str, building: str, since: datetime, latest: int
    ) -> NearbyCases:
        """The open cases of this category and building touched since `since` (those a new
        report may join), and the `latest` cases there whatever their state (a repair that
        did not hold), both newest first."""
        session = self.session
        connection = session.connection()
        place = {"estate_id": estate_id, "category": category, "building": building}
        if not raw.is_raw(connection):
            open_query = select(Case).from_statement(_open_here())
            latest_query = select(Case).from_statement(_latest_here())
            with self._reading(Case):
                open_here = session.scalars(open_query, place | {"since": since}).all()
                latest_here = session.scalars(latest_query, place | {"limit": latest}).all()
            return NearbyCases(list(open_here), list(latest_here))
        if self._pending(Case):
            session.flush()
        found = raw.select_many(
            connection,
            [(_open_here(), place | {"since": since}), (_latest_here(), place | {"limit": latest})],
        )
        open_here, latest_here = (self._loaded(rows) for rows in found)
        return NearbyCases(open_here, latest_here)

    def _loaded(self, rows: Sequence[Sequence[object]]) -> list[Case]:
        loaded = [load_into(self.session, Case, row) for row in rows]
        return [case for case in loaded if case is not None]

    def open(self, case: Case, reporter_id: int, at: datetime, group_id: int | None) -> Case:
        """A new case and its first reporter (who spoke in `group_id`; None: privately)."""
        session = self.session
        connection = session.connection()
        if raw.is_raw(connection) and not session.new and not session.deleted:
            row: dict[str, object] = {name: getattr(case, key) for name, key in _case_keys()}
            row |= {
                "r_person_id": reporter_id,
                "r_reported_at": at,
                "r_group_id": group_id,
                "r_private": group_id is None,
            }
            sent = raw.write_now(connection, _open_statement(), row, returns=True)
            if sent is not None:
                ((case_id,),) = sent[0]
                case.id = cast(int, case_id)
                # Written as it stands: persistent from here, its later changes an UPDATE.
                make_transient_to_detached(case)
                session.add(case)
                arrival_facts.note_write(session)  # sent on the connection: no flush event
                rollup.mark(session, rollup.CASES, case.estate_id, case.opened_at)
                return case
        session.add(case)
        session.flush()
        assert case.id is not None
        self.add_reporter(case.id, reporter_id, at, group_id)
        return case
