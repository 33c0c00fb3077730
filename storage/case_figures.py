"""Aggregate reads of the cases table for the dashboard and the case board: counted by the
database over indexes (migration 0007_volume), so a quarter of a district's cases costs one
scan instead of tens of thousands of objects (bench/volume.py measures it). Periods made of
whole months are summed from the monthly rollup instead (storage/rollup.py, migration
0008_rollup) once it is backfilled; both ways give the same figures (tests/storage)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, text
from sqlalchemy.orm import Session

from bot.domain.case_figures import CaseGroup, PeriodTally, Share
from bot.domain.cases import OPEN_STATUSES, CaseStatus, Rating
from bot.domain.sla import STEPS, Step
from storage import rollup, tables

OPEN = [str(s) for s in OPEN_STATUSES]


def _c() -> Any:
    return tables.cases.c


def overdue(now: datetime) -> ColumnElement[bool]:
    """An open case with a step past its deadline and not met (the board's 已超时)."""
    c = _c()
    late = [and_(c[f"{s}_due"] <= now, c[f"{s}_met"].is_(None)) for s in STEPS]
    return and_(c.status.in_(OPEN), or_(*late))


def _opened(start: datetime, end: datetime, estate_id: int | None) -> list[ColumnElement[bool]]:
    c = _c()
    where = [c.opened_at >= start, c.opened_at < end]
    if estate_id is not None:
        where.append(c.estate_id == estate_id)
    return where


def _count(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def tally(
    session: Session, start: datetime, end: datetime, estate_id: int | None, now: datetime
) -> PeriodTally:
    """What bot.services.reports.rates sums per 小区, for [start, end) in one statement."""
    if rollup.ready(session, (start, end)):
        return _tally_rollup(session, start, end, estate_id, now)
    c = _c()
    columns: list[Any] = [func.count()]
    # A step is decided once met, or once its deadline passed unmet (reports._decided).
    measures: list[tuple[ColumnElement[bool], ColumnElement[bool]]] = []
    for step in STEPS:
        due, met = c[f"{step}_due"], c[f"{step}_met"]
        decided = and_(due.is_not(None), or_(met.is_not(None), due <= now))
        measures.append((and_(due.is_not(None), met.is_not(None), met <= due), decided))
    resolved = or_(c.resolved_at.is_not(None), c.status == str(CaseStatus.REVIEWED))
    rated = and_(c.rating.is_not(None), c.rating != str(Rating.UNRATED))
    pleased = c.rating.in_([str(Rating.SATISFIED), str(Rating.BASIC)])
    measures.append((resolved, c.id.is_not(None)))
    measures.append((pleased, rated))
    for hit, of in measures:
        columns += [_count(hit), _count(of)]
    row = session.execute(select(*columns).where(*_opened(start, end, estate_id))).one()
    shares = [Share(int(row[i]), int(row[i + 1])) for i in range(1, len(row), 2)]
    *step_shares, resolution, satisfaction = shares
    steps = dict(zip(STEPS, step_shares, strict=True))
    return PeriodTally(
        opened=int(row[0]),
        response=steps[Step.RESPOND],
        resolution=resolution,
        satisfaction=satisfaction,
        steps=steps,
    )


def _tally_rollup(
    session: Session, start: datetime, end: datetime, estate_id: int | None, now: datetime
) -> PeriodTally:
    """The same figures from the rollup rows of the period's months, plus the clock's part:
    unmet steps whose deadline has passed, counted over the few cases that have one."""
    r = tables.case_month_totals.c
    names = rollup.MEASURES
    query = select(*(func.coalesce(func.sum(r[n]), 0) for n in names)).where(
        r.month >= start, r.month < end
    )
    if estate_id is not None:
        query = query.where(r.estate_id == estate_id)
    sums = dict(zip(names, (int(v) for v in session.execute(query).one()), strict=True))
    c = _c()
    late = [
        _count(and_(c[f"{s}_due"].is_not(None), c[f"{s}_met"].is_(None), c[f"{s}_due"] <= now))
        for s in STEPS
    ]
    unmet = session.execute(
        select(*late).where(*_opened(start, end, estate_id), text(f"({tables.UNMET_STEPS})"))
    ).one()
    steps = {
        s: Share(sums[f"{s}_hit"], sums[f"{s}_met"] + int(n))
        for s, n in zip(STEPS, unmet, strict=True)
    }
    return PeriodTally(
        opened=sums["opened"],
        response=steps[Step.RESPOND],
        resolution=Share(sums["resolved"], sums["opened"]),
        satisfaction=Share(sums["pleased"], sums["rated"]),
        steps=steps,
    )


def groups(
    session: Session, start: datetime, end: datetime, estate_id: int | None
) -> list[CaseGroup]:
    if rollup.ready(session, (start, end)):
        r = tables.case_months.c
        summed = (
            select(r.estate_id, r.category, r.building, func.sum(r.opened), func.sum(r.reporters))
            .where(r.month >= start, r.month < end)
            .group_by(r.estate_id, r.category, r.building)
        )
        if estate_id is not None:
            summed = summed.where(r.estate_id == estate_id)
        return [
            CaseGroup(e, category, building or None, int(n), int(rep or 0))
            for e, category, building, n, rep in session.execute(summed)
            if n
        ]
    c = _c()
    query = (
        select(c.estate_id, c.category, c.building, func.count(), func.sum(c.reporters))
        .where(*_opened(start, end, estate_id))
        .group_by(c.estate_id, c.category, c.building)
    )
    return [
        CaseGroup(e, category, building, int(n), int(r or 0))
        for e, category, building, n, r in session.execute(query)
    ]


def opened_per_period(
    session: Session, bounds: list[tuple[datetime, datetime]], estate_id: int | None
) -> list[int]:
    """Cases opened in each [start, end) of `bounds` (ascending, adjacent), in one scan."""
    if not bounds:
        return []
    if rollup.ready(session, [b for pair in bounds for b in pair]):
        return _per_period_rollup(session, bounds, estate_id)
    c = _c()
    query: Select[Any] = select(
        *(_count(and_(c.opened_at >= s, c.opened_at < e)) for s, e in bounds)
    ).where(*_opened(bounds[0][0], bounds[-1][1], estate_id))
    return [int(n) for n in session.execute(query).one()]


def _per_period_rollup(
    session: Session, bounds: list[tuple[datetime, datetime]], estate_id: int | None
) -> list[int]:
    r = tables.case_month_totals.c
    query = (
        select(r.month, func.sum(r.opened))
        .where(r.month >= bounds[0][0], r.month < bounds[-1][1])
        .group_by(r.month)
    )
    if estate_id is not None:
        query = query.where(r.estate_id == estate_id)
    counts = [0] * len(bounds)
    for month, n in session.execute(query):
        for i, (s, e) in enumerate(bounds):
            if s <= month < e:
                counts[i] += int(n or 0)
                break
    return counts


def open_counts(session: Session, estate_id: int | None, now: datetime) -> tuple[int, int]:
    """(open cases, of which overdue) right now."""
    c = _c()
    query = select(func.count(), _count(overdue(now))).where(c.status.in_(OPEN))
    if estate_id is not None:
        query = query.where(c.estate_id == estate_id)
    total, late = session.execute(query).one()
    return int(total), int(late)
