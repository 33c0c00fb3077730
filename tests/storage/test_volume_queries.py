"""The dashboard's and the board's database-side counts (storage/case_figures.py) against a
recount of the same cases in Python, on SQLite and PostgreSQL, before and after cases change;
and the 0007_volume migration's way down and up again on both."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, inspect

from bot.domain.cases import CATEGORY_LABELS, OPEN_STATUSES, Case, CaseStatus, Rating
from bot.domain.community import Estate, Person
from bot.domain.points import LedgerEntry, RuleKind
from bot.domain.sla import STEPS
from bot.services.console_cases import step_views
from bot.services.reports import rates
from storage.database import make_engine, make_session_factory
from storage.migrate import alembic_config, upgrade
from storage.tables import OPEN_CASES
from storage.uow import SqlUnitOfWork, SqlUnitOfWorkFactory

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
UTC8 = __import__("zoneinfo").ZoneInfo("Asia/Shanghai")
VOLUME_INDEXES = {
    "ix_cases_estate_building_id",
    "ix_cases_estate_opened_at",
    "ix_cases_open_id",
    "ix_cases_urgent_id",
    "ix_people_estate_role",
}


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uows(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_session_factory(engine))


def random_case(rng: random.Random, estate_ids: list[int], person_id: int) -> Case:
    opened = NOW - timedelta(days=rng.uniform(0, 200))
    status = rng.choice(list(CaseStatus))
    case = Case(
        estate_id=rng.choice(estate_ids),
        category=rng.choice(list(CATEGORY_LABELS)[:4]),
        summary="电梯坏了",
        reporter_id=person_id,
        opened_at=opened,
        building=rng.choice([None, "1", "2", "3"]),
        urgent=rng.random() < 0.2,
        status=status,
        reporters=rng.randint(1, 3),
    )
    for step in STEPS:
        if rng.random() < 0.9:
            due = opened + timedelta(minutes=rng.choice([5, 20, 240, 60 * 24 * 400]))
            setattr(case, f"{step}_due", due)
            if rng.random() < 0.6:
                setattr(case, f"{step}_met", due + timedelta(minutes=rng.randint(-30, 30)))
    if rng.random() < 0.3:
        case.resolved_at = opened + timedelta(hours=5)
    if rng.random() < 0.5:
        case.rating = rng.choice(list(Rating))
    return case


def seed(uow: SqlUnitOfWork, n: int = 120) -> tuple[list[int], int]:
    rng = random.Random(11)
    estates = [uow.estates.add(Estate(key=k, name=k, branch=k)) for k in ("a", "b", "c")]
    person = uow.people.add(Person(wechat_id="wxid_a", display_name="张阿姨", first_seen=NOW))
    ids = [e.id for e in estates if e.id is not None]
    assert person.id is not None
    for _ in range(n):
        uow.cases.add(random_case(rng, ids, person.id))
    uow.commit()
    return ids, person.id


def recount(uow: SqlUnitOfWork, start: datetime, end: datetime, estate_id: int | None) -> None:
    """Every database-side figure equals the same figure counted over the loaded cases."""
    everything = list(uow.cases.find(limit=100_000))
    inside = [
        c for c in everything if start <= c.opened_at < end and estate_id in (None, c.estate_id)
    ]
    tally = uow.cases.tally(start, end, estate_id, NOW)
    rows = [
        r
        for r in rates(uow, now=NOW, tz=UTC8, start=start, end=end, estate_id=estate_id)
        if r.building is None
    ]
    assert tally.opened == len(inside) == sum(r.opened for r in rows) > 0
    for mine, theirs in (
        (tally.response, [r.response for r in rows]),
        (tally.resolution, [r.resolution for r in rows]),
        (tally.satisfaction, [r.satisfaction for r in rows]),
        *((tally.steps[s], [r.steps[s] for r in rows]) for s in STEPS),
    ):
        assert (mine.hit, mine.of) == (sum(t.hit for t in theirs), sum(t.of for t in theirs))
    groups = Counter(
        {
            (g.estate_id, g.category, g.building): g.cases
            for g in uow.cases.groups(start, end, estate_id)
        }
    )
    assert groups == Counter((c.estate_id, c.category, c.building) for c in inside)
    reporters = {
        (g.estate_id, g.category, g.building): g.reporters
        for g in uow.cases.groups(start, end, estate_id)
    }
    for key in reporters:
        assert reporters[key] == sum(
            c.reporters for c in inside if (c.estate_id, c.category, c.building) == key
        )
    halves = [(start, start + (end - start) / 2), (start + (end - start) / 2, end)]
    assert uow.cases.opened_per_period(halves, estate_id) == [
        sum(1 for c in inside if a <= c.opened_at < b) for a, b in halves
    ]
    scoped = [c for c in everything if estate_id in (None, c.estate_id)]
    open_now = [c for c in scoped if c.status.is_open]
    late = [c for c in open_now if any(s.state == "overdue" for s in step_views(c, NOW))]
    assert uow.cases.open_counts(estate_id, NOW) == (len(open_now), len(late))


def test_the_database_counts_equal_a_recount_after_cases_change(
    uows: SqlUnitOfWorkFactory,
) -> None:
    with uows() as uow:
        estate_ids, _person = seed(uow)
    periods = [(NOW - timedelta(days=90), NOW), (NOW - timedelta(days=365), NOW)]
    with uows() as uow:
        for start, end in periods:
            for scope in (None, estate_ids[0]):
                recount(uow, start, end, scope)
    # Cases move on: claimed, met, resolved, rated, reopened; the figures follow.
    rng = random.Random(5)
    with uows() as uow:
        for case in uow.cases.find(limit=1000):
            if rng.random() < 0.5:
                case.status = rng.choice(list(CaseStatus))
                case.respond_met = case.respond_met or NOW - timedelta(days=1)
                case.rating = rng.choice([None, *Rating])
                case.resolved_at = None if case.status.is_open else NOW
        uow.commit()
    with uows() as uow:
        for start, end in periods:
            for scope in (None, estate_ids[1]):
                recount(uow, start, end, scope)


def test_board_filters_are_applied_before_the_limit(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        estate_ids, _person = seed(uow, n=150)
    with uows() as uow:
        everything = list(uow.cases.find(limit=100_000))  # newest first
        wanted = {
            "category": lambda c: c.category == "elevator",
            "building": lambda c: c.building == "2",
            "urgent": lambda c: c.urgent,
            "open_only": lambda c: c.status in OPEN_STATUSES,
            "overdue_at": lambda c: any(s.state == "overdue" for s in step_views(c, NOW)),
        }
        args = {
            "category": "elevator",
            "building": "2",
            "urgent": True,
            "open_only": True,
            "overdue_at": NOW,
        }
        for name, keep in wanted.items():
            expected = [c.id for c in everything if keep(c) and c.estate_id == estate_ids[0]]
            assert len(expected) > 5, name
            found = uow.cases.find(estate_id=estate_ids[0], limit=5, **{name: args[name]})
            assert [c.id for c in found] == expected[:5], name
            before = expected[4]
            page = uow.cases.find(
                estate_id=estate_ids[0], limit=100, before_id=before, **{name: args[name]}
            )
            assert [c.id for c in page] == expected[5:105], name


def test_points_awarded_equals_the_entries_summed(uows: SqlUnitOfWorkFactory) -> None:
    with uows() as uow:
        estate_ids, person = seed(uow, n=1)
        rng = random.Random(3)
        for i in range(60):
            kind = rng.choice(list(RuleKind))
            uow.points.add(
                LedgerEntry(
                    person_id=person,
                    rule="志愿服务",
                    kind=kind,
                    points=rng.randint(1, 9) * (-1 if kind is RuleKind.NEGATIVE else 1),
                    at=NOW - timedelta(days=i),
                    estate_id=rng.choice(estate_ids),
                )
            )
        uow.commit()
    with uows() as uow:
        start, end = NOW - timedelta(days=30), NOW
        for scope in (None, estate_ids[0]):
            entries = uow.points_reports.entries(estate_id=scope, start=start, end=end, limit=None)
            expected = sum(e.points for e in entries if e.kind is RuleKind.POSITIVE)
            assert expected > 0
            assert uow.points_reports.awarded(start, end, scope) == expected
        newest = uow.points_reports.entries(limit=10, newest_first=True, person_ids={person})
        assert [e.at for e in newest] == sorted((e.at for e in newest), reverse=True)
        older = uow.points_reports.entries(limit=10, newest_first=True, before_id=newest[-1].id)
        assert older and max(e.id or 0 for e in older) < (newest[-1].id or 0)


def test_the_open_case_index_names_the_open_statuses() -> None:
    named = {part.strip(" '()") for part in OPEN_CASES.split("IN", 1)[1].split(",")}
    assert named == {str(s) for s in OPEN_STATUSES}


def test_0007_volume_goes_down_and_up_again(engine: Engine) -> None:
    def indexes() -> set[str]:
        found: set[str] = set()
        for table in ("cases", "people"):
            found |= {i["name"] or "" for i in inspect(engine).get_indexes(table)}
        return found

    assert indexes() >= VOLUME_INDEXES
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007_echo")  # the revision before 0007_volume
        connection.commit()
    assert not VOLUME_INDEXES & indexes()
    upgrade(engine)
    assert indexes() >= VOLUME_INDEXES


def test_postgresql_reads_the_board_through_the_0007_indexes(pg_database: str) -> None:
    """On a seeded table (60,000 cases, few open, few urgent) the board's own statements, as
    the repository sends them, are planned on the 0007_volume indexes."""
    from sqlalchemy import event, text

    from tests.conftest import _reset_postgres

    _reset_postgres(pg_database)
    engine = make_engine(pg_database)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO estates (id, key, name, branch)"
                " SELECT g, 'e' || g, 'e', 'b' FROM generate_series(1, 8) g"
            )
        )
        conn.execute(
            text(
                "INSERT INTO people (id, wechat_id, display_name, role, extra)"
                " VALUES (1, 'w', 'p', 0, '{}')"
            )
        )
        # 小区 7 is a quiet one (1 case in 50), urgent cases are rare, the open ones recent.
        conn.execute(
            text(
                "INSERT INTO cases (id, estate_id, category, summary, building, urgent, status,"
                " reporter_id, reporters, opened_at, escalation_level, breaches, reopened)"
                " SELECT g, CASE WHEN g % 50 = 0 THEN 7 ELSE 1 + g % 5 END, 'elevator', 's',"
                " (g % 7)::text, g % 997 = 0,"
                " CASE WHEN g % 400 = 0 THEN 'accepted' ELSE 'reviewed' END, 1, 1,"
                " now() - (60000 - g) * interval '20 minutes', 0, 0, 0"
                " FROM generate_series(1, 60000) g"
            )
        )
        conn.execute(text("ANALYZE cases"))
    seen: list[tuple[str, object]] = []

    def capture(_c: object, _cur: object, statement: str, params: object, *_: object) -> None:
        if "FROM cases" in statement:
            seen.append((statement, params))

    uows = SqlUnitOfWorkFactory(make_session_factory(engine))
    event.listen(engine, "before_cursor_execute", capture)
    expected = {
        "ix_cases_estate_building_id": dict(estate_id=7, building="3"),
        "ix_cases_open_id": dict(open_only=True, category="elevator"),
        "ix_cases_urgent_id": dict(urgent=True),
    }
    try:
        for index, filters in expected.items():
            seen.clear()
            with uows() as uow:
                uow.cases.find(limit=100, **filters)  # type: ignore[arg-type]
            statement, params = seen[-1]
            raw = engine.raw_connection()
            try:
                cursor = raw.cursor()
                cursor.execute("EXPLAIN " + statement, params)  # type: ignore[arg-type]
                plan = "\n".join(row[0] for row in cursor.fetchall())
            finally:
                raw.close()
            assert index in plan, (filters, plan)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
        engine.dispose()


def test_the_rollups_count_what_the_recount_does(uows: SqlUnitOfWorkFactory) -> None:
    """Periods of whole months read the monthly rollups once backfilled (storage/rollup.py):
    the same figures as the recount, before and after cases change (some deadlines lie in
    the future, so the clock's part is counted too)."""
    from bot.services.reports import month_bounds
    from storage import rollup

    with uows() as uow:
        estate_ids, _person = seed(uow)
    assert rollup.backfill(uows._session_factory, "Asia/Shanghai").complete
    periods = [
        month_bounds("2026-09", UTC8),
        (month_bounds("2026-06", UTC8)[0], month_bounds("2026-11", UTC8)[1]),
    ]
    with uows() as uow:
        assert rollup.ready(uow.cases.session, periods[1])
        for start, end in periods:
            for scope in (None, estate_ids[0]):
                recount(uow, start, end, scope)
    rng = random.Random(9)
    with uows() as uow:
        for case in uow.cases.find(limit=1000):
            if rng.random() < 0.5:
                case.status = rng.choice(list(CaseStatus))
                case.respond_met = case.respond_met or NOW - timedelta(days=1)
                case.rating = rng.choice([None, *Rating])
                case.resolved_at = None if case.status.is_open else NOW
                case.estate_id = rng.choice(estate_ids)  # moved to another 小区
        uow.commit()
    with uows() as uow:
        for start, end in periods:
            for scope in (None, estate_ids[1]):
                recount(uow, start, end, scope)
