"""A district's three years: how fast are the console's busiest pages and API calls?

    .venv/bin/python bench/volume.py [--scale 1.0] [--repeat 20] [--pg URL] [--tiny]
                                     [--on-server] [--reuse URL] [--only LABEL]
                                     [--keep NAME] [--base] [--plans LABEL]

Creates a scratch PostgreSQL database, brings it to the current schema, fills it by COPY with
a district's three years (bench/volume_data.py: at --scale 1, 30 million messages, 500,000
cases, 5 million outbox rows, 2 million points entries and what they hang on), then drives the
real console (aiohttp app, logged in as the district admin and as one 小区's secretary) and
times each page and API call: the dashboard for a month and a quarter, the case board with
each filter, the 待确认 tab, one case, the points ledger, a month's exports. Prints p50/p95
per call (and the process's CPU p95: on a shared machine wall time includes waiting for a core)
and EXPLAIN (ANALYZE, BUFFERS) of the slowest statements. The database is dropped at the end.

Full size takes 30–60 minutes on 2 busy cores; `--on-server` makes the two largest tables by
INSERT … SELECT on the server instead of COPY from Python. The figures of the last full run are
in the volume helper's report (issue 15 §4).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiohttp.test_utils import TestClient, TestServer  # noqa: E402
from sqlalchemy import Engine, create_engine, event, text  # noqa: E402

from bench.machine import add_tiny, describe  # noqa: E402
from bench.volume_data import (  # noqa: E402
    BIG_TABLES,
    NOW,
    District,
    Loader,
    Volume,
    moment,
    on_server,
)
from bot.bootstrap import build, load_points_policy  # noqa: E402
from bot.clock import VirtualClock  # noqa: E402
from bot.config import ApiTokenConfig, ConsoleConfig, load_config  # noqa: E402
from bot.console.app import create_app  # noqa: E402
from bot.services import monthly_exports  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.transports.simulator import SimulatorTransport  # noqa: E402
from storage.database import make_engine, make_session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.rollup import backfill  # noqa: E402
from storage.scratch import admin_url, temporary_database  # noqa: E402
from storage.tables import rollup_state  # noqa: E402

DEMO_CONFIG = ROOT / "deploy" / "demo" / "community.toml"
PASSWORD = "linli-demo"
TOKEN = "volume-bench-token-0123456789"
LIMIT_MS = 300.0
SLOWEST = 4  # statements whose plans are printed


def fill(engine: Engine, volume: Volume, server: bool = False) -> dict[str, int]:
    """COPY every table; secondary indexes rebuilt afterwards, FK triggers off meanwhile."""
    d = District(volume)
    counts: dict[str, int] = {}
    raw = engine.raw_connection()
    try:
        cur: Any = raw.cursor()
        cur.execute("SET session_replication_role = replica")  # no FK trigger per row
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)",
            (list(BIG_TABLES),),
        )
        secondary = cur.fetchall()
        for name, _definition in secondary:
            cur.execute(f'DROP INDEX "{name}"')
        # Unique constraints too (only primary keys are referenced by foreign keys).
        cur.execute(
            "SELECT k.conrelid::regclass::text, k.conname, pg_get_constraintdef(k.oid) "
            "FROM pg_constraint k WHERE k.contype = 'u' AND k.conrelid::regclass::text = ANY(%s)",
            (list(BIG_TABLES),),
        )
        uniques = cur.fetchall()
        for table_name, name, _definition in uniques:
            cur.execute(f'ALTER TABLE "{table_name}" DROP CONSTRAINT "{name}"')
        raw.commit()

        def load(table: str, columns: str, rows: Iterator[Any], lines: bool = False) -> None:
            started = time.perf_counter()
            loader = Loader(cur, table, columns)
            counts[table] = loader.load_lines(rows) if lines else loader.load(rows)
            raw.commit()
            took = time.perf_counter() - started
            print(f"  {table:<16} {counts[table]:>11,} rows  {took:7.1f} s", flush=True)

        def at(case_id: int) -> Any:
            return moment((case_id - 0.5) / volume.cases)

        load("estates", "id, key, name, branch", d.estates_rows())
        load("buildings", "id, estate_id, number, name", d.buildings_rows())
        load(
            "groups",
            "id, account, room_id, topic, kind, estate_id, building_id, first_seen, last_seen",
            d.groups_rows(),
        )
        load(
            "people",
            "id, wechat_id, display_name, role, estate_id, building_id, first_seen, extra",
            d.people_rows(),
        )
        load("cases", District.CASE_COLUMNS, d.case_rows())
        load("case_reporters", "case_id, person_id, reported_at", d.reporter_rows(at))
        load("case_events", "id, case_id, at, kind, text, actor_id", d.case_event_rows(at))
        load(
            "review_items",
            "id, account, message_key, estate_id, group_id, sender_id, text, received_at, "
            "kind, category, urgent, status, decided_at, decided_by, case_id",
            d.review_rows(),
        )
        load(
            "points_ledger",
            "id, person_id, estate_id, building_id, rule, kind, units, points, reason, actor, "
            "case_id, at",
            d.points_rows(),
        )
        if server:  # the two largest tables made by PostgreSQL itself (--on-server)
            for table in ("outbox", "messages"):
                started = time.perf_counter()
                cur.execute(on_server(table, volume, len(d.groups)))
                counts[table] = cur.rowcount
                raw.commit()
                took = time.perf_counter() - started
                print(f"  {table:<16} {counts[table]:>11,} rows  {took:7.1f} s (on the server)")
        else:
            load_big(load, d)
        started = time.perf_counter()
        for _name, definition in secondary:
            cur.execute(definition)
        for table_name, name, definition in uniques:
            cur.execute(f'ALTER TABLE "{table_name}" ADD CONSTRAINT "{name}" {definition}')
        raw.commit()
        took = time.perf_counter() - started
        print(f"  {len(secondary) + len(uniques)} secondary indexes rebuilt in {took:.1f} s")
        for table in counts:
            if table != "case_reporters":
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
        raw.commit()
        started = time.perf_counter()
        raw.driver_connection.autocommit = True  # type: ignore[union-attr]
        cur.execute("VACUUM ANALYZE")  # as autovacuum would have, so index-only scans work
        print(f"  VACUUM ANALYZE {time.perf_counter() - started:.1f} s")
    finally:
        raw.close()
    return counts


def load_big(load: Any, d: District) -> None:
    """Outbox and messages by COPY from Python (the default)."""
    load(
        "outbox",
        "id, account, key, group_id, person_id, text, mention_ids, status, attempts, "
        "not_before, claimed_at, created_at, sent_at, error, priority, broadcast_id",
        d.outbox_rows(),
    )
    load(
        "messages",
        "id, account, message_id, group_id, sender_id, type, text, received_at, "
        "intent_kind, intent_category, confidence, case_id",
        d.message_lines(),
        lines=True,
    )


class Recorder:
    """Every statement the app runs while a request is timed, with its duration."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.on = False
        self.seen: list[tuple[float, str, Any, str, int]] = []
        self.label = ""
        self.run = 0
        self._started: dict[int, float] = {}
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, _c: Any, cursor: Any, _s: str, _p: Any, *_: Any) -> None:
        self._started[id(cursor)] = time.perf_counter()

    def _after(self, _c: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        took = time.perf_counter() - self._started.pop(id(cursor), time.perf_counter())
        if self.on:
            self.seen.append((took * 1000, statement, params, self.label, self.run))


async def login(client: TestClient, username: str) -> None:
    page = await (await client.get("/login")).text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no login form"
    response = await client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token[1], "next": "/"},
        allow_redirects=False,
    )
    assert response.status == 302, f"login as {username}: {response.status}"


def calls(volume: Volume) -> list[tuple[str, str, str]]:
    """(who, label, path): who is admin (the whole district), sec (one 小区) or api."""
    month, quarter = f"{NOW.year}-{NOW.month:02d}", f"{NOW.year}Q{(NOW.month - 1) // 3 + 1}"
    last_month = f"{NOW.year}-{NOW.month - 1:02d}"
    case_id = volume.cases // 2
    busy = 3  # a busy 小区 (weights favour the low ids)
    return [
        ("admin", "dashboard month", f"/dashboard?period={month}"),
        ("admin", "dashboard quarter", f"/dashboard?period={quarter}"),
        ("sec", "dashboard quarter (小区)", f"/dashboard?period={quarter}"),
        ("api", "api dashboard quarter", f"/api/v1/dashboard?period={quarter}"),
        ("admin", "board: all", "/"),
        ("admin", "board: status 已受理", "/?status=accepted"),
        ("admin", "board: status 已办结", "/?status=reviewed"),
        ("admin", "board: open", "/?status=open"),
        ("admin", "board: category 电梯", "/?category=elevator"),
        ("admin", "board: category 宠物", "/?category=pets"),
        ("admin", "board: 小区", f"/?estate={busy}"),
        ("admin", "board: 小区 + 楼栋", f"/?estate={busy}&building=7"),
        ("admin", "board: urgent", "/?urgent=1"),
        ("admin", "board: overdue", "/?overdue=1"),
        ("admin", "board: 小区 open urgent", f"/?estate={busy}&status=open&urgent=1"),
        ("sec", "board: secretary 小区", "/"),
        ("admin", "review tab: pending", "/review"),
        ("admin", "review tab: converted", "/review?status=converted"),
        ("api", "api cases open", "/api/v1/cases?status=open"),
        ("admin", "case page", f"/cases/{case_id}"),
        ("api", "api case", f"/api/v1/cases/E{case_id:04d}"),
        ("admin", "points ledger", "/points"),
        ("admin", "points ledger month", f"/points?month={last_month}"),
        ("api", "api points ledger", "/api/v1/points/ledger"),
        ("admin", "export dashboard month", f"/dashboard.xlsx?period={last_month}"),
        ("sec", "export points month (小区)", f"/points.xlsx?month={last_month}"),
        ("admin", "export points month", f"/points.xlsx?month={last_month}"),
        ("admin", "export board (open)", "/cases.xlsx?status=open"),
    ]


async def drive(
    url: str, volume: Volume, repeat: int, only: str = ""
) -> tuple[list[list[Any]], Recorder]:
    config = load_config(DEMO_CONFIG)
    config = config.model_copy(
        update={"console": ConsoleConfig(api_tokens=[ApiTokenConfig(name="bench", token=TOKEN)])}
    )
    clock = VirtualClock(NOW)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), db_url=url, config=DEMO_CONFIG)
        linli = build(
            settings, clock=clock, transport=SimulatorTransport(clock=clock), config=config
        )
        gc.freeze()  # as `linli run` does after start-up (bot/serve.py)
        recorder = Recorder(linli.engine)
        clients: dict[str, TestClient] = {}
        try:
            for who, username in (("admin", "admin"), ("sec", "liujianhua"), ("api", None)):
                client = TestClient(TestServer(create_app(linli)))
                await client.start_server()
                clients[who] = client
                if username:
                    await login(client, username)
            if only in "export points month":  # the calls that read the kept files
                keep_last_month(linli)
            rows = []
            for who, label, path in calls(volume):
                if only not in label:
                    continue
                client = clients[who]
                headers = {"Authorization": f"Bearer {TOKEN}"} if who == "api" else {}
                times, cpu, size, status = [], [], 0, 0
                runs = max(3, repeat // 4) if "export" in label else repeat  # files: slow
                for i in range(runs + 1):
                    recorder.on, recorder.label = i > 0, label  # the first run warms caches
                    recorder.run = i
                    started, used = time.perf_counter(), time.process_time()
                    response = await client.get(path, headers=headers, allow_redirects=False)
                    body = await response.read()
                    took = (time.perf_counter() - started) * 1000
                    # CPU this process used (all threads): on a shared machine the wall time
                    # also counts waiting for a core, this does not (PostgreSQL's own work is
                    # in SQL ms).
                    used = (time.process_time() - used) * 1000
                    recorder.on = False
                    status, size = response.status, len(body)
                    if i > 0:
                        times.append(took)
                        cpu.append(used)
                assert status == 200, f"{label}: {path} answered {status}"
                p95 = statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0]
                sql = sum(r[0] for r in recorder.seen if r[3] == label) / max(1, len(times))
                queries = sum(1 for r in recorder.seen if r[3] == label) // max(1, len(times))
                cpu95 = statistics.quantiles(cpu, n=20)[18] if len(cpu) > 1 else cpu[0]
                rows.append([label, statistics.median(times), p95, cpu95, sql, queries, size])
                print(f"  {label:<28} p95 {p95:8.1f} ms", flush=True)
        finally:
            for client in clients.values():
                await client.close()
            linli.close()
    return rows, recorder


def keep_last_month(linli: Any) -> None:
    """What the nightly job does after a month ends (bot/services/monthly_exports.py): make
    the district's and every 小区's 积分台账 of the finished month once. The console then
    serves those files; this is the work it no longer does per click."""
    last_month = f"{NOW.year}-{NOW.month - 1:02d}"
    policy = load_points_policy(linli.config, linli.settings)
    started, used = time.perf_counter(), time.process_time()
    made = monthly_exports.warm(linli.uow_factory, policy, linli.profile.tz, NOW, last_month)
    took, cpu = time.perf_counter() - started, time.process_time() - used
    print(f"  nightly job: {made} finished-month ledger files in {took:.1f} s (CPU {cpu:.1f} s)")


def explain(engine: Engine, recorder: Recorder, plans_of: str = "") -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every statement of each call's first timed run: the
    server's own execution time per call (the client-side times include the loaded machine),
    and the plans of the slowest statements (of every statement of the calls whose label has
    `plans_of`, when given)."""
    plans: list[tuple[float, str, str, list[str]]] = []
    server: dict[str, float] = {}
    raw = engine.raw_connection()
    try:
        cursor: Any = raw.cursor()
        for _ms, statement, params, label, run in recorder.seen:
            if run != 1 or not statement.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
            lines = [line for (line,) in cursor.fetchall()]
            raw.rollback()
            took = next(
                (
                    float(x.split(":")[1].split()[0])
                    for x in lines
                    if x.startswith("Execution Time")
                ),
                0.0,
            )
            server[label] = server.get(label, 0.0) + took
            plans.append((took, label, statement, lines))
    finally:
        raw.close()
    print("\nserver execution time per call (EXPLAIN ANALYZE of each statement, one run):")
    for label, took in server.items():
        print(f"  {label:<28} {took:8.2f} ms")
    plans.sort(key=lambda p: -p[0])
    chosen = [p for p in plans if plans_of and plans_of in p[1]] or plans[:SLOWEST]
    print(f"\n{len(plans)} SELECTs explained; plans of {len(chosen)}:")
    for took, label, statement, lines in chosen:
        print(f"\n-- {label}: {took:.2f} ms\n{' '.join(statement.split())[:400]} …")
        for line in lines:  # an IN list of thousands of ids is cut short
            print(f"    {line if len(line) < 240 else line[:240] + ' …'}")


def table(rows: list[list[Any]], repeat: int) -> None:
    print(
        f"\n{'call':<28} {'p50 ms':>8} {'p95 ms':>8} {'CPU p95':>8} {'SQL ms':>7} {'stmts':>5}"
        f" {'bytes':>9}"
        f"   ({repeat} runs each, exports {max(3, repeat // 4)}; SQL ms: time in statements)"
    )
    for label, p50, p95, cpu95, sql, queries, size in rows:
        flag = "" if p95 < LIMIT_MS else f"   over {LIMIT_MS:.0f} ms"
        print(
            f"{label:<28} {p50:8.1f} {p95:8.1f} {cpu95:8.1f} {sql:7.1f} {queries:5d}"
            f" {size:9d}{flag}"
        )
    over = [r[0] for r in rows if r[2] >= LIMIT_MS]
    print(f"\n{len(rows) - len(over)} of {len(rows)} calls under {LIMIT_MS:.0f} ms at p95")


@contextmanager
def database(pg: str, reuse: str | None, keep: str | None = None) -> Iterator[str]:
    if reuse:  # a database filled by an earlier run (--keep): measure again without refilling
        yield reuse
        return
    if keep:  # made here, filled and left behind for later --reuse runs
        engine = create_engine(pg, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{keep}"'))
        engine.dispose()
        yield pg.rsplit("/", 1)[0] + f"/{keep}"
        return
    with temporary_database(pg, prefix="linli_volume") as url:
        yield url


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: the issue's district")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pg", default=admin_url())
    parser.add_argument("--reuse", metavar="URL", help="time an already filled database again")
    parser.add_argument("--only", default="", help="time only the calls whose label has this")
    parser.add_argument("--base", action="store_true", help="dashboard without the rollups")
    parser.add_argument("--plans", default="", help="print every plan of the calls with this")
    parser.add_argument(
        "--keep", metavar="NAME", help="fill a new database NAME and leave it (for --reuse)"
    )
    parser.add_argument(
        "--on-server",
        action="store_true",
        help="make outbox and messages by INSERT … SELECT on the server, not COPY from Python",
    )
    add_tiny(parser)
    args = parser.parse_args()
    volume = Volume.at(args.scale, tiny=args.tiny)
    repeat = 3 if args.tiny else args.repeat
    print(f"machine: {describe()}")
    print(f"volume: {volume}")
    with database(args.pg, args.reuse, args.keep) as url:
        engine = make_engine(url)
        upgrade(engine)
        if not args.reuse:
            started = time.perf_counter()
            counts = fill(engine, volume, args.on_server)
            total = sum(counts.values())
            took = time.perf_counter() - started
            print(
                f"filled {volume.cases} cases, {volume.messages} messages, "
                f"{total:,} rows by COPY in {took:.1f} s"
                + (" (outbox and messages made on the server)" if args.on_server else "")
            )
        # The dashboard's monthly rollups, as `linli rollup backfill` makes them after the
        # 0008_rollup migration (on a reused database: the months not done yet, if any).
        started = time.perf_counter()
        tz = load_config(DEMO_CONFIG).community.timezone
        if args.base:  # as before the rollups: the dashboard counts the base tables
            with engine.begin() as conn:
                conn.execute(rollup_state.delete())
            print("rollups: not used (--base)")
        else:
            progress = backfill(make_session_factory(engine, tz), tz)
            took = time.perf_counter() - started
            print(f"rollups: {progress.months} months backfilled in {took:.1f} s")
        with engine.connect() as conn:
            size = conn.execute(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
            print(f"database size: {size.scalar()}")
        print(f"load average before timing: {os.getloadavg()[0]:.1f}")
        rows, recorder = asyncio.run(drive(url, volume, repeat, args.only))
        print(f"load average after timing: {os.getloadavg()[0]:.1f} (2 shared cores)")
        table(rows, repeat)
        explain(recorder.engine, recorder, args.plans)
        recorder.engine.dispose()
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
