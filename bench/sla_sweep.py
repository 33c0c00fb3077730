"""How long one SLA sweep takes over 100,000 open cases on PostgreSQL.

    .venv/bin/python bench/sla_sweep.py [-n 100000] [--due 500] [--pg URL]

Opens N cases with their 2341 deadlines computed by the domain (bot.domain.lifecycle), as a
busy district would have them: most claimed and answered, their next timer hours away; `--due`
of them unclaimed past their 20 minutes. Bulk-loads them with COPY into a throwaway database,
then times:
  1. the due-case query alone (`next_due <= now … FOR UPDATE SKIP LOCKED`), median of 50,
     with its EXPLAIN ANALYZE plan — this is what every 30-second tick pays;
  2. one whole sweep that escalates the due cases (messages, events, stamps, commit);
  3. the next sweep, with nothing left to do.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from bench.machine import add_tiny, describe  # noqa: E402
from bot.domain import lifecycle  # noqa: E402
from bot.domain.cases import Case, CaseStatus  # noqa: E402
from bot.domain.community import Estate, Person  # noqa: E402
from bot.domain.sla import SlaPolicy  # noqa: E402
from bot.replay import parse_time  # noqa: E402
from bot.services import sla  # noqa: E402
from storage.database import make_engine, make_session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.scratch import admin_url, temporary_database  # noqa: E402
from storage.uow import SqlUnitOfWorkFactory  # noqa: E402

NOW = parse_time("2026-11-25T15:00:00+08:00")  # a Wednesday afternoon
COLUMNS = [
    "estate_id",
    "category",
    "summary",
    "building",
    "urgent",
    "status",
    "reporter_id",
    "assignee_id",
    "reporters",
    "opened_at",
    "updated_at",
    "assigned_at",
    "clock_started_at",
    "notified_at",
    *(f"{s}_{p}" for s in ("respond", "reply", "coordinate", "solution") for p in ("due", "met")),
    "next_due",
    "escalation_level",
    "breaches",
    "reopened",
]


def make_cases(n: int, due: int, estate_id: int, person_id: int) -> list[Case]:
    policy = SlaPolicy()
    rng = random.Random(5)
    overdue = set(rng.sample(range(n), due))
    cases = []
    for i in range(n):
        opened = NOW - timedelta(minutes=rng.randint(1, 20 * 60))
        case = Case(
            estate_id=estate_id,
            category=rng.choice(["elevator", "sanitation", "facilities", "parking"]),
            summary="电梯坏了",
            reporter_id=person_id,
            opened_at=opened,
            building=str(rng.randint(1, 30)),
            updated_at=opened,
        )
        lifecycle.start_clock(case, opened, policy)
        case.notified_at = case.clock_started_at
        if i in overdue:
            opened = NOW - timedelta(minutes=rng.randint(21, 29))
            case.opened_at = case.updated_at = opened
            lifecycle.start_clock(case, opened, policy)
            case.notified_at = opened
        else:
            # Claimed and answered in time; coordinated too once four hours have gone by.
            lifecycle.claimed(case, person_id, opened + timedelta(minutes=5))
            lifecycle.progressed(case, opened + timedelta(minutes=15))
            if case.coordinate_due and case.coordinate_due <= NOW:
                lifecycle.department_reported(case, case.coordinate_due - timedelta(minutes=30))
        cases.append(case)
    return cases


def load(url: str, n: int, due: int) -> SqlUnitOfWorkFactory:
    engine = make_engine(url)
    upgrade(engine)
    factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    with factory() as uow:
        estate = uow.estates.add(Estate(key="bench", name="基准小区", branch="基准党支部"))
        person = uow.people.add(Person(wechat_id="wxid_bench", display_name="基准党员"))
        uow.commit()
        estate_id, person_id = estate.id, person.id
    assert estate_id is not None and person_id is not None
    started = time.perf_counter()
    cases = make_cases(n, due, estate_id, person_id)
    computed = time.perf_counter() - started
    started = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy(f"COPY cases ({', '.join(COLUMNS)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for case in cases:
                row = [getattr(case, c) for c in COLUMNS]
                row[COLUMNS.index("status")] = str(case.status)
                copy.write_row(row)
        raw.commit()
    finally:
        raw.close()
    loaded = time.perf_counter() - started
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE cases"))
    print(f"deadlines computed in the domain: {n:,} cases in {computed:.1f} s")
    print(f"bulk load (COPY):                 {n:,} cases in {loaded:.1f} s")
    return factory


def due_query_ms(factory: SqlUnitOfWorkFactory, rounds: int = 50) -> list[float]:
    timings = []
    for _ in range(rounds):
        with factory() as uow:
            started = time.perf_counter()
            found = uow.cases.due(NOW, 200)
            timings.append((time.perf_counter() - started) * 1000)
            assert found
    return timings


def explain(url: str) -> str:
    """The plan of the same query CaseRepository.due issues (all columns, as the ORM loads)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        plan = conn.execute(
            text(
                "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM cases "
                "WHERE next_due IS NOT NULL AND next_due <= :now "
                "ORDER BY next_due LIMIT 200 FOR UPDATE SKIP LOCKED"
            ),
            {"now": NOW},
        ).scalars()
        lines = "\n".join(f"    {line}" for line in plan)
        conn.rollback()
    engine.dispose()
    return lines


def server_version(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        version = str(conn.execute(text("SHOW server_version")).scalar_one())
    engine.dispose()
    return version


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=500)
    parser.add_argument("--pg", default=admin_url())
    add_tiny(parser)
    args = parser.parse_args()
    rounds = 50
    if args.tiny:
        args.n, args.due, rounds = 300, 20, 5
        print("tiny mode: 300 cases, to check the benchmark runs")
    print(describe())
    with temporary_database(args.pg, prefix="linli_bench") as url:
        print(f"PostgreSQL {server_version(url)}")
        factory = load(url, args.n, args.due)
        timings = due_query_ms(factory, rounds)
        print(
            f"due-case query (LIMIT 200, SKIP LOCKED) over {args.n:,} open cases: "
            f"median {statistics.median(timings):.2f} ms, "
            f"p95 {sorted(timings)[max(int(len(timings) * 0.95) - 1, 0)]:.2f} ms, "
            f"max {max(timings):.2f} ms (n={len(timings)})"
        )
        print("plan:\n" + explain(url))
        settings = sla.SweepSettings(account="bench")
        started = time.perf_counter()
        report = sla.sweep(factory, settings, NOW)
        whole = (time.perf_counter() - started) * 1000
        print(
            f"one whole sweep: {report.cases} due cases, {report.escalations} escalations "
            f"in {whole:.0f} ms ({whole / max(report.cases, 1):.2f} ms per due case)"
        )
        started = time.perf_counter()
        idle = sla.sweep(factory, settings, NOW)
        print(
            f"the next sweep (nothing due): {(time.perf_counter() - started) * 1000:.2f} ms, "
            f"{idle.cases} cases"
        )
        with factory() as uow:
            still_open = sum(
                1 for c in uow.cases.find(limit=args.n + 1) if c.status is not CaseStatus.REVIEWED
            )
        print(f"open cases after the sweep: {still_open:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
