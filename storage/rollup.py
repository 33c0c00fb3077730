"""Monthly rollups behind the dashboard (issue 15 §4): cases and points per local month and
小区, so a quarter, the 12-month chart and 十件实事 read a few hundred summary rows instead of
tens of thousands of cases.

How they stay exact: every flush that writes a counted column of a case (or a points entry)
records its (小区, month) in the session; at commit the unit of work recomputes those rows
from the base table, in the same transaction, after the change (statements(), sent with a
message's last writes and its COMMIT, in one round trip on PostgreSQL; refresh() otherwise).
A recompute, not an increment: it cannot double-count when a use case is retried after a
Conflict (the rolled-back attempt left nothing) or when a write path is added that forgets a
delta, and a (小区, month) is a few hundred cases through ix_cases_estate_opened_at. Two
processes: the recompute first takes a transaction-scoped advisory lock on its (小区, month)
on PostgreSQL, so of two transactions touching the same month the second waits for the first
to commit and then recounts (READ COMMITTED: the recount's snapshot is taken after the lock,
so it sees the first one's cases). SQLite has one writer at a time anyway.

The months are cut in the deployment's zone (make_session_factory(tz=…)); rollup_state says
which zone the backfill used and whether it has covered everything. Until `linli rollup
backfill` has finished, or for a period not made of whole months in that zone, the readers in
storage/case_figures.py count the base tables as before.

The one figure that depends on the clock — a "2341" step counts as decided once its deadline
passes — is not in the rollup: the rollup counts the steps met, and the unmet steps with a
deadline are counted at read time from the few cases that have one (ix_cases_unmet_opened_at).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    bindparam,
    case,
    delete,
    event,
    func,
    insert,
    inspect,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import Executable

from bot.domain.cases import Case, CaseStatus, Rating
from bot.domain.points import LedgerEntry, RuleKind
from storage import tables
from storage.types import UTCDateTime

DEFAULT_TZ = "Asia/Shanghai"  # bot.config's default community.timezone
DIRTY = "rollup_dirty"  # session.info: {(table, estate_id or None, month)}
TZ = "rollup_tz"  # session.info: the zone months are cut in
READY = "rollup_ready"  # session.info: the rollup's zone if it may be read, cached per session

STEP_PARTS = [(s, p) for s in tables.STEP_NAMES for p in ("due", "met", "hit")]
CASE_COUNTED = frozenset(
    {
        "estate_id",
        "opened_at",
        "category",
        "building",
        "reporters",
        "resolved_at",
        "status",
        "rating",
        *(f"{s}_{p}" for s in tables.STEP_NAMES for p in ("due", "met")),
    }
)
POINTS_COUNTED = frozenset({"estate_id", "at", "kind", "points"})
CASES, POINTS = "cases", "points"
LOCK_BASE = 0x6C696E6C << 24  # "linl": keeps these keys apart from other advisory locks


def month_start(at: datetime, tz: ZoneInfo) -> datetime:
    """The first instant of `at`'s local month, in UTC."""
    local = at.astimezone(tz)
    return datetime(local.year, local.month, 1, tzinfo=tz).astimezone(UTC)


def next_month(start: datetime, tz: ZoneInfo) -> datetime:
    local = start.astimezone(tz)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    return datetime(year, month, 1, tzinfo=tz).astimezone(UTC)


def is_month_start(at: datetime, tz: ZoneInfo) -> bool:
    return month_start(at, tz) == at


def _tz(session: Session) -> ZoneInfo:
    return ZoneInfo(session.info.get(TZ, DEFAULT_TZ))


# ---- writers ---------------------------------------------------------------------------------


def install(factory: sessionmaker[Session], tz: str) -> None:
    """Sessions from `factory` note the months their flushes touch (see collect())."""
    factory.configure(info={TZ: tz})
    event.listen(factory, "before_flush", _before_flush)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    collect(session)


def collect(session: Session) -> None:
    """Record the (小区, month) of every case or points entry about to be written whose
    counted columns change (old and new place, should a case move)."""
    dirty: set[tuple[str, int | None, datetime]] = session.info.setdefault(DIRTY, set())
    tz = _tz(session)
    # (object, only if a counted column changed); session.dirty is rebuilt on each access.
    touched = [(o, False) for o in session.new] + [(o, False) for o in session.deleted]
    touched += [(o, True) for o in session.dirty]
    for obj, if_counted in touched:
        if isinstance(obj, Case):
            table, counted, place, when = CASES, CASE_COUNTED, "estate_id", "opened_at"
        elif isinstance(obj, LedgerEntry):
            table, counted, place, when = POINTS, POINTS_COUNTED, "estate_id", "at"
        else:
            continue
        state = inspect(obj)
        changed = state.attrs
        if if_counted and not any(
            # Only attributes set since loading can have changes (their old values are in
            # committed_state): a case's 29 counted columns need not be asked one by one.
            changed[k].history.has_changes()
            for k in counted.intersection(state.committed_state)
        ):
            continue
        places = {changed[place].value, *changed[place].history.deleted}
        whens = {changed[when].value, *changed[when].history.deleted}
        for estate_id in places:
            for at in whens:
                if at is not None:
                    dirty.add((table, estate_id, month_start(at, tz)))


def mark(session: Session, table: str, estate_id: int | None, at: datetime) -> None:
    """For writes that bypass the ORM (the privacy erase folds a ledger into totals)."""
    dirty: set[tuple[str, int | None, datetime]] = session.info.setdefault(DIRTY, set())
    dirty.add((table, estate_id, month_start(at, _tz(session))))


def pending(session: Session) -> bool:
    collect(session)
    return bool(session.info.get(DIRTY))


Statement = tuple[Executable, dict[str, Any]]

_LOCK = text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k")


def statements(session: Session) -> list[Statement]:
    """The recount of the (小区, month) rows this transaction touched, as statements to run
    on its connection after its writes and before its COMMIT; taking them clears the
    session's list, so a second call returns none. On PostgreSQL the first takes the
    advisory locks, in one order (sorted), so two transactions cannot deadlock on them; the
    recount's statements start after it, so READ COMMITTED gives them a snapshot that sees
    whichever transaction held a lock first. Nothing reads any of their results: the unit of
    work may queue them with the COMMIT (storage/uow.py)."""
    dirty = sorted(session.info.pop(DIRTY, set()), key=lambda k: (k[2], k[1] or 0, k[0]))
    if not dirty:
        return []
    tz = _tz(session)
    out: list[Statement] = []
    postgresql = session.get_bind().dialect.name == "postgresql"
    if postgresql:
        out.append((_LOCK, {"keys": sorted({lock_key(e, m) for _t, e, m in dirty})}))
    for table, estate_id, month in dirty:
        end = next_month(month, tz)
        if postgresql and table == CASES and estate_id is not None:
            # Both case rollups of the month in one statement (after the lock's: see above).
            values = {"month": month, "start": month, "end": end, "estate_id": estate_id}
            out.append((_case_recount_pg(), values))
            continue
        out += recount_statements(table, month, end, estate_id, everywhere=False)
    return out


def refresh(session: Session) -> None:
    """Recount the (小区, month) rows this transaction touched; call after flushing, before
    committing."""
    for statement, values in statements(session):
        session.execute(statement, values)


def lock_key(estate_id: int | None, month: datetime) -> int:
    """One advisory lock per (小区, month), the same for cases and points."""
    index = month.year * 12 + month.month  # months are UTC instants: unique per local month
    return LOCK_BASE + (estate_id or 0) * 100_000 + index


def recount(
    session: Session,
    table: str,
    start: datetime,
    end: datetime,
    estate_id: int | None,
    *,
    everywhere: bool,
) -> None:
    """Replace the rollup rows of [start, end) (one month) for one 小区 (estate_id None:
    entries without one) or, `everywhere`, for every 小区."""
    for statement, values in recount_statements(
        table, start, end, estate_id, everywhere=everywhere
    ):
        session.execute(statement, values)


def recount_statements(
    table: str, start: datetime, end: datetime, estate_id: int | None, *, everywhere: bool
) -> list[Statement]:
    """recount()'s DELETEs and INSERT … SELECTs with their parameters."""
    if table == CASES:
        values = {"month": start, "start": start, "end": end, "estate_id": estate_id}
        return [(statement, values) for statement in _case_statements(everywhere)]
    values = {"month": start, "start": start, "end": end, "estate_id": estate_id or 0}
    return [(statement, values) for statement in _points_statements(everywhere, estate_id is None)]


# Constants written into the SQL, not sent as parameters: the recount's INSERT … SELECT has
# some fifty of them, and psycopg converts (and caches) only statements of at most fifty
# parameters; above that it parsed the statement's text again on every case written.
_ONE: ColumnElement[int] = literal_column("1", Integer())
_ZERO: ColumnElement[int] = literal_column("0", Integer())


def _count(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, _ONE), else_=_ZERO)), _ZERO)


def case_measures() -> list[Any]:
    """The rollup's columns after the key, as aggregates over tables.cases."""
    c = tables.cases.c
    columns: list[Any] = [
        func.count(),
        func.coalesce(func.sum(c.reporters), _ZERO),
        _count(or_(c.resolved_at.is_not(None), c.status == str(CaseStatus.REVIEWED))),
        _count(and_(c.rating.is_not(None), c.rating != str(Rating.UNRATED))),
        # Two comparisons, not IN (…): an IN list is expanded as the statement runs, which
        # the raw cursor's once-compiled statements leave out (storage/raw.py).
        _count(or_(c.rating == str(Rating.SATISFIED), c.rating == str(Rating.BASIC))),
    ]
    for step, part in STEP_PARTS:
        due, met = c[f"{step}_due"], c[f"{step}_met"]
        if part == "due":
            columns.append(_count(due.is_not(None)))
        elif part == "met":
            columns.append(_count(and_(due.is_not(None), met.is_not(None))))
        else:
            columns.append(_count(and_(due.is_not(None), met.is_not(None), met <= due)))
    return columns


MEASURES = ["opened", "reporters", "resolved", "rated", "pleased"]
MEASURES += [f"{s}_{p}" for s, p in STEP_PARTS]


def _when(name: str) -> Any:
    return bindparam(name, type_=UTCDateTime())


@cache
def _case_statements(everywhere: bool) -> tuple[Executable, ...]:
    """DELETE and INSERT … SELECT for both case rollups, built once (they are large; a case
    changing must not pay for building them) with the month, bounds and 小区 as parameters."""
    c = tables.cases.c
    building = func.coalesce(c.building, "")
    where = [c.opened_at >= _when("start"), c.opened_at < _when("end")]
    if not everywhere:
        where.append(c.estate_id == bindparam("estate_id"))
    fine: list[Any] = [c.estate_id, c.category, building]
    statements: list[Executable] = []
    for rollup, keys, names in (
        (tables.case_months, fine, ["estate_id", "category", "building"]),
        (tables.case_month_totals, [c.estate_id], ["estate_id"]),
    ):
        gone = delete(rollup).where(rollup.c.month == _when("month"))
        if not everywhere:
            gone = gone.where(rollup.c.estate_id == bindparam("estate_id"))
        query = select(_when("month"), *keys, *case_measures()).where(*where).group_by(*keys)
        statements.append(gone)
        statements.append(insert(rollup).from_select(["month", *names, *MEASURES], query))
    return tuple(statements)


@cache
def _case_recount_pg() -> Executable:
    """_case_statements(everywhere=False) as one PostgreSQL statement: the 小区's month
    counted once (`f`, by category and building), its rows upserted into case_months and,
    summed, into case_month_totals (every measure is a count or a sum, so the totals are
    the sums of the finer rows), and the rows no case backs any more deleted. The same
    rows as DELETE and INSERT … SELECT give, without the order of one statement's writes
    mattering (its data-modifying CTEs share one snapshot and run in no promised order):
    the upserts and the deletes touch disjoint rows. Four statements fewer for every
    message that changes a case, and the month's cases read once, not twice. The advisory
    lock stays a statement of its own before it, so this one's snapshot is taken after the
    lock is held (READ COMMITTED; see statements()).

    Written short (counts as FILTER, short aliases, `SELECT *`): psycopg caches the
    conversion of statements up to 4 KB only, and parses a longer one's text anew on
    every use."""
    c = tables.cases.alias("c").c
    measures: list[Any] = [
        func.count(),
        func.coalesce(func.sum(c.reporters), _ZERO),
        func.count().filter(or_(c.resolved_at.is_not(None), c.status == str(CaseStatus.REVIEWED))),
        func.count().filter(c.rating != str(Rating.UNRATED)),  # never true of a NULL
        func.count().filter(or_(c.rating == str(Rating.SATISFIED), c.rating == str(Rating.BASIC))),
    ]
    for step, part in STEP_PARTS:
        due, met = c[f"{step}_due"], c[f"{step}_met"]
        # count(x) counts where x is set; met <= due holds only where both are set.
        if part == "due":
            measures.append(func.count(due))
        elif part == "met":
            measures.append(func.count(met).filter(due.is_not(None)))
        else:
            measures.append(func.count().filter(met <= due))
    building = func.coalesce(c.building, "")
    fresh = (
        select(
            _when("month").label("month"),
            c.estate_id,
            c.category,
            building.label("building"),
            *(measure.label(name) for measure, name in zip(measures, MEASURES, strict=True)),
        )
        .where(
            c.opened_at >= _when("start"),
            c.opened_at < _when("end"),
            c.estate_id == bindparam("estate_id"),
        )
        .group_by(c.estate_id, c.category, building)
        .cte("f")
    )
    f = fresh.c
    fine, totals = tables.case_months, tables.case_month_totals
    # Table aliases: delete() takes them at run time; SQLAlchemy's stubs name only tables.
    m: Any = fine.alias("m")
    t: Any = totals.alias("t")
    # Both rollup tables' columns are the key and then MEASURES, in that order.
    key = ["month", "estate_id", "category", "building"]
    assert [col.name for col in fine.columns] == [*key, *MEASURES]
    assert [col.name for col in totals.columns] == ["month", "estate_id", *MEASURES]
    upsert_fine = pg_insert(fine).from_select(
        [col.name for col in fine.columns], select(literal_column("*")).select_from(fresh)
    )
    upsert_fine = upsert_fine.on_conflict_do_update(
        index_elements=list(fine.primary_key.columns),
        set_={name: upsert_fine.excluded[name] for name in MEASURES},
        where=_changed(fine),
    )
    gone_fine = delete(m).where(
        m.c.month == _when("month"),
        m.c.estate_id == bindparam("estate_id"),
        ~select(_ONE).where(f.category == m.c.category, f.building == m.c.building).exists(),
    )
    sums: list[Any] = [literal_column(f"sum(f.{name})") for name in MEASURES]  # unlabelled
    summed = select(f.month, f.estate_id, *sums).group_by(f.month, f.estate_id)
    upsert_totals = pg_insert(totals).from_select([col.name for col in totals.columns], summed)
    upsert_totals = upsert_totals.on_conflict_do_update(
        index_elements=list(totals.primary_key.columns),
        set_={name: upsert_totals.excluded[name] for name in MEASURES},
        where=_changed(totals),
    )
    gone_totals = delete(t).where(
        t.c.month == _when("month"),
        t.c.estate_id == bindparam("estate_id"),
        ~select(_ONE).select_from(fresh).exists(),
    )
    writes = [
        upsert_fine.cte("a"),
        gone_fine.cte("b"),
        upsert_totals.cte("d"),
        gone_totals.cte("e"),
    ]
    return select(_ONE).add_cte(*writes)


def _changed(table: Any) -> Any:
    """An upsert's condition that the counted row differs from the stored one (the key is
    the same, so the whole rows compare as their measures do). A message changes one or two
    of its month's rows and the recount recomputes them all: without it every report wrote
    a new version of each of the month's (category, building) rows, a few dozen, and their
    WAL, for nothing. Whole rows, so the statement stays under psycopg's 4 KB."""
    return text(f"{table.name}.* IS DISTINCT FROM excluded.*")


@cache
def _points_statements(everywhere: bool, no_estate: bool) -> tuple[Executable, ...]:
    lg, r = tables.points_ledger.c, tables.points_months
    place = func.coalesce(lg.estate_id, 0)
    where = [lg.at >= _when("start"), lg.at < _when("end"), lg.kind == str(RuleKind.POSITIVE)]
    gone = delete(r).where(r.c.month == _when("month"))
    if not everywhere:
        where.append(
            lg.estate_id.is_(None) if no_estate else lg.estate_id == bindparam("estate_id")
        )
        gone = gone.where(r.c.estate_id == bindparam("estate_id"))
    query = (
        select(_when("month"), place, func.coalesce(func.sum(lg.points), 0))
        .where(*where)
        .group_by(place)
    )
    return gone, insert(r).from_select(["month", "estate_id", "awarded"], query)


# ---- readers ---------------------------------------------------------------------------------


def ready(session: Session, bounds: Iterable[datetime]) -> bool:
    """May [start, end) periods with these bounds be read from the rollups? Only once the
    backfill has finished and when every bound is a month's start in the rollup's zone."""
    if READY not in session.info:
        s = tables.rollup_state.c
        row = session.execute(
            select(s.tz).where(s.id == 1, s.complete.is_(True))
        ).scalar_one_or_none()
        session.info[READY] = row
    zone = session.info[READY]
    if zone is None:
        return False
    tz = ZoneInfo(zone)
    return all(is_month_start(b, tz) for b in bounds)


# ---- backfill --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    months: int  # recounted in this run
    done_through: datetime | None
    complete: bool


def backfill(factory: sessionmaker[Session], tz: str, *, months: int | None = None) -> Progress:
    """Recount every month from the first case or points entry on, one month per
    transaction (short locks on a live database), noting progress in rollup_state so an
    interrupted run resumes where it stopped; `months` bounds one run. A zone other than the
    one recorded starts over. Marks the rollups complete when the last month is done."""
    zone = ZoneInfo(tz)
    s = tables.rollup_state
    with factory() as session, session.begin():
        state = session.execute(select(s).where(s.c.id == 1)).first()
        if state is None or state.tz != tz:
            session.execute(delete(s))
            session.execute(delete(tables.case_months))
            session.execute(delete(tables.case_month_totals))
            session.execute(delete(tables.points_months))
            session.execute(insert(s).values(id=1, tz=tz, done_through=None, complete=False))
            done = None
        else:
            done = state.done_through
        first = _earliest(session)
        last = _latest(session)
    if first is None or last is None:
        with factory() as session, session.begin():
            session.execute(update(s).where(s.c.id == 1).values(complete=True))
        return Progress(0, done, True)
    month = next_month(done, zone) if done is not None else month_start(first, zone)
    final = month_start(last, zone)
    count = 0
    while month <= final and (months is None or count < months):
        end = next_month(month, zone)
        with factory() as session, session.begin():
            if session.get_bind().dialect.name == "postgresql":
                estates = list(session.scalars(select(tables.estates.c.id)))
                keys = sorted(lock_key(e, month) for e in [*estates, None])
                session.execute(
                    text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:k AS bigint[])) k"),
                    {"k": keys},
                )
            recount(session, CASES, month, end, None, everywhere=True)
            recount(session, POINTS, month, end, None, everywhere=True)
            session.execute(update(s).where(s.c.id == 1).values(done_through=month))
        done, month, count = month, end, count + 1
    complete = month > final
    if complete:
        with factory() as session, session.begin():
            session.execute(update(s).where(s.c.id == 1).values(complete=True))
            if session.get_bind().dialect.name == "postgresql":
                # Fresh statistics, so the first dashboards are planned for the real sizes
                # rather than for the empty tables autovacuum last saw.
                session.execute(text("ANALYZE case_months, case_month_totals, points_months"))
    return Progress(count, done, complete)


def _earliest(session: Session) -> datetime | None:
    c, lg = tables.cases.c, tables.points_ledger.c
    times = [session.scalar(select(func.min(c.opened_at))), session.scalar(select(func.min(lg.at)))]
    found = [t for t in times if t is not None]
    return min(found) if found else None


def _latest(session: Session) -> datetime | None:
    c, lg = tables.cases.c, tables.points_ledger.c
    times = [session.scalar(select(func.max(c.opened_at))), session.scalar(select(func.max(lg.at)))]
    found = [t for t in times if t is not None]
    return max(found) if found else None
