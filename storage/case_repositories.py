"""Cases: their lifecycle (open, find, claim, lock, the SLA sweep's due ones, history lines)
and the dashboard's figures (storage/case_figures.py); who reported them is
storage/case_reporter_repositories.py. One `uow.cases` for the core (bot.ports).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import class_mapper

from bot.domain.case_figures import CaseGroup, PeriodTally
from bot.domain.cases import OPEN_STATUSES, Case, CaseEvent, CaseStatus
from storage import case_figures, tables
from storage.case_intake_repositories import CaseIntake
from storage.repository import rowcount
from storage.types import UTCDateTime


@cache
def _open_candidates_query() -> Select[tuple[Case]]:
    # Asked for every report; built once (see _arrival_query).
    return select(Case).where(*_open_candidates_where()).order_by(tables.cases.c.id.desc())


@cache
def _open_candidates_rows() -> Select[Any]:
    """The same as rows of the cases table's columns, for the raw cursor (Repository._raw_read).
    The statuses as comparisons, not IN (…), which is expanded as the statement runs."""
    c = tables.cases.c
    statuses = or_(*(c.status == str(s) for s in sorted(OPEN_STATUSES)))
    return (
        select(*c)
        .where(*_open_candidates_where()[:3], statuses, _touched_since())
        .order_by(c.id.desc())
    )


@cache
def _case_row() -> Select[Any]:
    """One case's row by its id, the table's columns (Repository._raw_read)."""
    c = tables.cases.c
    return select(*c).where(c.id == bindparam("id"))


def _case_key(case_id: int) -> Any:
    """The identity map's key of the case with this id (what Session.get looks up first)."""
    return class_mapper(Case).identity_key_from_primary_key((case_id,))


def _open_candidates_where() -> tuple[ColumnElement[bool], ...]:
    c = tables.cases.c
    return (
        c.estate_id == bindparam("estate_id"),
        c.category == bindparam("category"),
        c.building == bindparam("building"),
        c.status.in_([str(s) for s in OPEN_STATUSES]),
        _touched_since(),
    )


def _touched_since() -> ColumnElement[bool]:
    c = tables.cases.c
    return func.coalesce(c.updated_at, c.opened_at) >= bindparam("since", type_=UTCDateTime())


class CaseRepository(CaseIntake):
    def get(self, case_id: int) -> Case | None:
        session = self.session
        if _case_key(case_id) not in session.identity_map:
            # Not held yet: on PostgreSQL one row by its key on the raw cursor, loaded as the
            # ORM would (Repository._raw_read); Session.get's own loading (an ORM query, its
            # context and result) cost ten times that (进度 E0001, a case's page).
            found = self._raw_read(Case, _case_row(), {"id": case_id})
            if found is not None:
                return found[0] if found else None
        return session.get(Case, case_id)

    def add(self, case: Case) -> Case:
        self.session.add(case)
        self.session.flush()
        return case

    def open_candidates(
        self, estate_id: int, category: str, building: str, since: datetime
    ) -> Sequence[Case]:
        """Open cases that a new report of this category and building might join."""
        params = {"estate_id": estate_id, "category": category, "building": building}
        params["since"] = since
        found = self._raw_read(Case, _open_candidates_rows(), params)
        if found is not None:
            return found
        with self._reading(Case):
            return self.session.scalars(_open_candidates_query(), params).all()

    def find(
        self,
        *,
        estate_id: int | None = None,
        status: str | None = None,
        limit: int = 200,
        category: str | None = None,
        building: str | None = None,
        urgent: bool = False,
        open_only: bool = False,
        overdue_at: datetime | None = None,
        before_id: int | None = None,
    ) -> Sequence[Case]:
        """The newest cases matching every filter given; filtered by the database, so the
        limit counts matching cases (not the newest few of which some match)."""
        c = tables.cases.c
        query = select(Case).order_by(c.id.desc()).limit(limit)
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        if status:
            query = query.where(c.status == status)
        if category:
            query = query.where(c.category == category)
        if building:
            query = query.where(c.building == building)
        if urgent:
            query = query.where(c.urgent)
        if open_only:
            query = query.where(c.status.in_(case_figures.OPEN))
        if overdue_at is not None:
            query = query.where(case_figures.overdue(overdue_at))
        if before_id is not None:
            query = query.where(c.id < before_id)
        return self.session.scalars(query).all()

    def many(self, ids: Sequence[int]) -> dict[int, Case]:
        """Cases by id in one statement (a list page naming hundreds of cases)."""
        if not ids:
            return {}
        query = select(Case).where(tables.cases.c.id.in_(sorted(set(ids))))
        return {c.id: c for c in self.session.scalars(query) if c.id is not None}

    def add_event(self, event: CaseEvent) -> CaseEvent:
        self.session.add(event)
        return event

    def events(self, case_id: int) -> Sequence[CaseEvent]:
        c = tables.case_events.c
        query = select(CaseEvent).where(c.case_id == case_id).order_by(c.at, c.id)
        return self.session.scalars(query).all()

    def claim(self, case: Case, person_id: int, *, replace: int | None = None) -> bool:
        """First claim wins: a conditional UPDATE, so of two racing claims exactly one matches.

        On PostgreSQL the loser's UPDATE waits for the winner's row lock, re-reads the row and
        matches nothing; on SQLite the write lock serialises them the same way. `replace`
        lets a dispatch take the case over from that person. The case is refreshed either way,
        so the caller sees who holds it now.
        """
        assert case.id is not None
        self.session.flush()
        c = tables.cases.c
        holder: ColumnElement[bool] = c.assignee_id.is_(None)
        if replace is not None:
            holder = holder | (c.assignee_id == replace)
        result = self.session.execute(
            update(tables.cases)
            .where(c.id == case.id, holder, c.status.in_([str(s) for s in OPEN_STATUSES]))
            .values(assignee_id=person_id)
            .execution_options(synchronize_session=False)
        )
        self.session.refresh(case)
        return rowcount(result) == 1

    def lock(self, case_id: int) -> Case | None:
        """The case, re-read and row-locked until the transaction ends (PostgreSQL)."""
        query = (
            select(Case)
            .where(tables.cases.c.id == case_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(query).first()

    def due(self, now: datetime, limit: int) -> Sequence[Case]:
        """Cases with a timer due, earliest first; rows another process holds are skipped.

        Reads the partial index on next_due only (see bench/sla_sweep.py for the plan).
        """
        return self._due(Case, tables.cases, now, limit)

    def unclaimed(self, estate_id: int, limit: int = 20) -> Sequence[Case]:
        c = tables.cases.c
        query = (
            select(Case)
            .where(
                c.estate_id == estate_id,
                c.assignee_id.is_(None),
                c.status.in_([str(s) for s in OPEN_STATUSES]),
            )
            .order_by(c.id)
            .limit(limit)
        )
        return self.session.scalars(query).all()

    def assigned_to(self, person_id: int, limit: int = 20) -> Sequence[Case]:
        c = tables.cases.c
        query = (
            select(Case)
            .where(
                c.assignee_id == person_id,
                c.status.in_([str(s) for s in (*OPEN_STATUSES, CaseStatus.RESOLVED)]),
            )
            .order_by(c.id)
            .limit(limit)
        )
        return self.session.scalars(query).all()

    def opened_between(
        self, start: datetime, end: datetime, estate_id: int | None = None
    ) -> Sequence[Case]:
        """Cases opened in [start, end), for the monthly rates (index on opened_at)."""
        c = tables.cases.c
        query = select(Case).where(c.opened_at >= start, c.opened_at < end).order_by(c.id)
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        return self.session.scalars(query).all()

    def tally(
        self, start: datetime, end: datetime, estate_id: int | None, now: datetime
    ) -> PeriodTally:
        return case_figures.tally(self.session, start, end, estate_id, now)

    def groups(self, start: datetime, end: datetime, estate_id: int | None) -> list[CaseGroup]:
        return case_figures.groups(self.session, start, end, estate_id)

    def opened_per_period(
        self, bounds: list[tuple[datetime, datetime]], estate_id: int | None
    ) -> list[int]:
        return case_figures.opened_per_period(self.session, bounds, estate_id)

    def open_counts(self, estate_id: int | None, now: datetime) -> tuple[int, int]:
        return case_figures.open_counts(self.session, estate_id, now)
