"""Years of cases: how fast are the console's case board and dashboard reads on PostgreSQL?

    .venv/bin/python bench/volume.py [--cases 500000] [--pg URL] [--tiny]

Fills a scratch PostgreSQL database with COPY (30 小区, residents, cases over three years,
mostly closed), then times the case board (each filter) and the dashboard's period reads
through the real repositories, with and without the indexes migration 0006_district adds,
and prints each query's EXPLAIN plan.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, event, text  # noqa: E402

from bench.machine import add_tiny, describe  # noqa: E402
from storage.database import make_engine, make_session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.scratch import admin_url, temporary_database  # noqa: E402
from storage.uow import SqlUnitOfWork, SqlUnitOfWorkFactory  # noqa: E402

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
ESTATES = 30
CATEGORIES = ["elevator", "lighting", "sanitation", "water", "noise", "parking", "safety"]
OPEN = ["accepted", "responded", "in_progress", "resolved"]
# What 0006_district adds for these reads; dropped for the "without" run.
NEW_INDEXES = ("ix_cases_status_id",)
REPEAT = 20


def fill(engine: Engine, cases: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    people = max(100, cases // 20)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy("COPY estates (id, key, name, branch) FROM STDIN") as copy:
            for e in range(1, ESTATES + 1):
                copy.write_row((e, f"e{e}", f"小区{e}", f"支部{e}"))
        with cursor.copy(
            "COPY people (id, wechat_id, display_name, role, estate_id, extra) FROM STDIN"
        ) as copy:
            for p in range(1, people + 1):
                copy.write_row((p, f"wxid_{p}", f"居民{p}", 0, 1 + p % ESTATES, "{}"))
        columns = (
            "id, estate_id, category, summary, building, status, reporter_id, reporters, "
            "urgent, escalation_level, breaches, reopened, opened_at, closed_at"
        )
        span = timedelta(days=3 * 365).total_seconds()
        with cursor.copy(f"COPY cases ({columns}) FROM STDIN") as copy:
            for c in range(1, cases + 1):
                # Ids follow time, as they do in production.
                opened = NOW - timedelta(seconds=span * (1 - c / cases))
                recent = NOW - opened < timedelta(days=30)
                status = rng.choice(OPEN) if recent and rng.random() < 0.5 else "reviewed"
                closed = opened + timedelta(days=2) if status == "reviewed" else None
                copy.write_row(
                    (
                        c,
                        1 + rng.randrange(ESTATES),
                        rng.choice(CATEGORIES),
                        "楼道灯不亮了",
                        str(rng.randint(1, 20)),
                        status,
                        rng.randint(1, people),
                        1,
                        False,
                        0,
                        0,
                        0,
                        opened,
                        closed,
                    )
                )
        for table in ("estates", "people", "cases"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def reads() -> list[tuple[str, Callable[[SqlUnitOfWork], object]]]:
    month, quarter = NOW - timedelta(days=30), NOW - timedelta(days=91)
    return [
        ("board: all", lambda uow: uow.cases.find(limit=500)),
        ("board: one 小区", lambda uow: uow.cases.find(estate_id=7, limit=500)),
        ("board: status 已受理", lambda uow: uow.cases.find(status="accepted", limit=500)),
        (
            "board: 小区 + status",
            lambda uow: uow.cases.find(estate_id=7, status="in_progress", limit=500),
        ),
        ("dashboard: month", lambda uow: uow.cases.opened_between(month, NOW, 7)),
        ("dashboard: quarter", lambda uow: uow.cases.opened_between(quarter, NOW, 7)),
    ]


def measure(engine: Engine, explain: bool) -> dict[str, float]:
    uows = SqlUnitOfWorkFactory(make_session_factory(engine))
    captured: list[tuple[str, object]] = []

    def capture(_c: object, _cur: object, statement: str, params: object, *_: object) -> None:
        captured.append((statement, params))

    p95s = {}
    for name, read in reads():
        times = []
        for _ in range(REPEAT):
            with uows() as uow:
                started = time.perf_counter()
                read(uow)
                times.append(time.perf_counter() - started)
        p95s[name] = statistics.quantiles(times, n=20)[18] * 1000
        if explain:
            event.listen(engine, "before_cursor_execute", capture)
            with uows() as uow:
                read(uow)
            event.remove(engine, "before_cursor_execute", capture)
            statement, params = captured[-1]
            raw = engine.raw_connection()
            try:
                cursor = raw.cursor()
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + statement, params)
                plan = [row[0] for row in cursor.fetchall()]
                raw.rollback()
            finally:
                raw.close()
            print(f"  plan for {name}:")
            for line in plan:
                print(f"    {line}")
    return p95s


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=500_000)
    parser.add_argument("--pg", default=admin_url())
    add_tiny(parser)
    args = parser.parse_args()
    if args.tiny:
        args.cases = 3000
    print(f"machine: {describe()}")
    with temporary_database(args.pg, prefix="linli_volume") as url:
        engine = make_engine(url)
        upgrade(engine)
        started = time.perf_counter()
        fill(engine, args.cases)
        print(f"filled {args.cases} cases by COPY in {time.perf_counter() - started:.1f} s")
        with_indexes = measure(engine, explain=True)
        with engine.begin() as conn:
            for name in NEW_INDEXES:
                conn.execute(text(f"DROP INDEX {name}"))
        without = measure(engine, explain=False)
        engine.dispose()
    print(f"{'read':<22} {'p95 without':>12} {'p95 with':>10}   (ms, {REPEAT} runs each)")
    for name, ms in with_indexes.items():
        print(f"{name:<22} {without[name]:12.2f} {ms:10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
