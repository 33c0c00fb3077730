"""Throughput and latency of the whole inbound pipeline: store, classify, case, outbox.

    .venv/bin/python bench/pipeline.py [-n 5000] [--pg URL]

Runs N realistic mixed group messages (mostly small talk, some reports, some commands)
on SQLite and on PostgreSQL, one process, in three ways, each several times on a fresh
database (best and median reported, with the load average, since the machine is shared):

- one at a time through Pipeline.handle, each commit durable by itself (as before);
- grouped: offered to the runtime at --rate a second, as arrivals from many groups come,
  whether or not earlier ones are answered; those arriving while the core is busy are one
  group made durable by one commit (bot/runtime/batcher): group sizes, durable commits a
  second, latency from arrival to the (durable) answer;
- grouped, all at once: every message offered at the start (capacity; latency meaningless).

Also statements and client CPU per message and, on PostgreSQL, the server's CPU per message
(its backends' run time from /proc/<pid>/schedstat: a server on this machine only, else
"n/a") and round trips per message (a separate, untimed pass with libpq's protocol trace).
Client plus server CPU is what one message costs the machine; under load both are inflated
alike (a shared machine's caches), the statements per message not at all.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bench.machine import add_tiny, describe  # noqa: E402
from bot.bootstrap import Linli, build  # noqa: E402
from bot.clock import VirtualClock  # noqa: E402
from bot.domain.messages import Inbound  # noqa: E402
from bot.replay import DEFAULT_START, parse_time  # noqa: E402
from bot.runtime.batcher import MAX_GROUP, GroupStats  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.transports.simulator import SimulatorTransport, simulated_room_id  # noqa: E402
from storage import durability  # noqa: E402
from storage.database import make_engine  # noqa: E402
from storage.scratch import admin_url, temporary_database  # noqa: E402

CHAT = [
    "大家早上好",
    "今天天气不错",
    "谁家的快递放错了？",
    "晚上广场舞几点开始",
    "哈哈哈哈",
    "收到，谢谢",
    "[强][强]",
    "明天降温了，大家注意保暖",
    "有人拼车去火车站吗",
    "好的好的",
    "楼下新开了一家面馆，味道还可以",
    "孩子们放学了注意安全",
    "👍👍",
    "谢谢物业师傅",
]
ISSUES = [
    "{b}号楼电梯坏了",
    "{b}号楼楼道灯不亮了",
    "{b}栋门口垃圾好几天没人清运了",
    "{b}号楼有人飞线充电，太危险了",
    "{b}号楼消防通道被车堵了",
    "{b}号楼2单元水管漏水",
    "{b}号楼楼上装修噪音太大了，中午都不停",
]
COMMANDS = ["进度 E0001", "我的诉求", "帮助"]


def messages(n: int, seed: int = 7) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        building = rng.randint(1, 4)
        roll = rng.random()
        if roll < 0.7:
            body = rng.choice(CHAT)
        elif roll < 0.9:
            body = rng.choice(ISSUES).format(b=building)
        else:
            body = rng.choice(COMMANDS)
        out.append((f"兰亭{building}号楼邻里群", f"居民{i % 300}", body))
    return out


def kind_of(body: str) -> str:
    """Which of the three kinds of `messages` a text is: chat, report or command."""
    if body in CHAT:
        return "chat"
    return "command" if body in COMMANDS else "report"


KINDS = ("chat", "report", "command")


@dataclass
class Kind:
    """One kind of message in a pass: how many, and their latencies, client CPU, statements."""

    count: int = 0
    latencies: list[float] = field(default_factory=list)
    cpu: float = 0.0  # seconds, summed
    statements: int = 0


def start(url: str, data_dir: Path) -> tuple[Linli, VirtualClock]:
    clock = VirtualClock(parse_time(DEFAULT_START))
    settings = Settings(data_dir=data_dir, db_url=url, config=ROOT / "deploy/demo/community.toml")
    linli = build(settings, clock=clock, transport=SimulatorTransport(clock=clock))
    linli.runtime.pipeline.handle(  # warm up jieba and the connection pool outside the timing
        Inbound(
            "warm",
            "w",
            "w",
            "你好",
            clock.now(),
            simulated_room_id("兰亭1号楼邻里群"),
            "兰亭1号楼邻里群",
        )
    )
    # As `linli run` does after start-up (bot/serve.py): what start-up loaded is out of the
    # collector's sight. Without it a full collection walks jieba's dictionary and the model
    # every thousand messages or so, some 5–10 % of a chat line's CPU, which the bot does
    # not pay. Unfrozen and collected first: the passes before this one left their garbage.
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return linli, clock


def feed(
    linli: Linli,
    clock: VirtualClock,
    n: int,
    kinds: dict[str, Kind] | None = None,
    statements: list[int] | None = None,
    after: Callable[[str], None] | None = None,
) -> list[float]:
    """The N messages through the pipeline one at a time; the latency of each. With
    `kinds` (and the statement counter of `_counting`), each kind's figures too; `after`
    is told each message's kind once it is handled."""
    pipeline = linli.runtime.pipeline
    latencies = []
    counted = statements if statements is not None else [0]
    for i, (topic, sender, body) in enumerate(messages(n)):
        clock.advance(timedelta(seconds=3))
        message = Inbound(
            message_id=f"bench-{i}",
            sender_id=f"wxid_{sender}",
            sender_name=sender,
            text=body,
            at=clock.now(),
            room_id=simulated_room_id(topic),
            room_topic=topic,
        )
        sent, cpu = counted[0], time.process_time()
        t0 = time.perf_counter()
        pipeline.handle(message)
        latency = time.perf_counter() - t0
        latencies.append(latency)
        if kinds is not None:
            kind = kinds.setdefault(kind_of(body), Kind())
            kind.count += 1
            kind.latencies.append(latency)
            kind.cpu += time.process_time() - cpu
            kind.statements += counted[0] - sent
        if after is not None:
            after(kind_of(body))
    return latencies


@dataclass
class Pass:
    """One timed pass over the messages on a fresh database."""

    msgs_per_s: float
    p50: float  # seconds
    p99: float
    statements: float  # per message
    cpu: float  # client CPU seconds per message
    load: float  # 1-minute load average at the end
    groups: list[int] = field(default_factory=list)  # messages per group (grouped passes)
    durable: int = 0  # commits that waited for the disk (grouped passes)
    server: float | None = None  # PostgreSQL backends' CPU seconds per message (None: unknown)
    kinds: dict[str, Kind] = field(default_factory=dict)  # one at a time: each kind's figures


class ServerCpu:
    """CPU time the PostgreSQL backends serving an engine spend, from /proc/<pid>/schedstat
    (nanoseconds on a CPU; world-readable on Linux), so only for a server on this machine.
    Each pooled connection's backend is noted as it is checked out (libpq knows its pid
    without a round trip). A backend first seen during the measurement counts whole."""

    def __init__(self, linli: Linli) -> None:
        self._engine = linli.engine
        self._pids: set[int] = set()
        self._start: dict[int, int] = {}
        self.available = self._engine.dialect.name == "postgresql" and self._local()
        if self.available:
            event.listen(self._engine.pool, "checkout", self._checkout)
            with self._engine.connect() as connection:  # the pool's connections so far
                self._pids.add(connection.connection.dbapi_connection.info.backend_pid)  # type: ignore[union-attr]

    def _local(self) -> bool:
        with self._engine.connect() as connection:
            pid = connection.connection.dbapi_connection.info.backend_pid  # type: ignore[union-attr]
        return _run_ns(pid) is not None

    def _checkout(self, dbapi_connection: Any, _record: object, _proxy: object) -> None:
        self._pids.add(dbapi_connection.info.backend_pid)

    def start(self) -> None:
        self._start = {pid: ns for pid in self._pids if (ns := _run_ns(pid)) is not None}

    def seconds(self) -> float | None:
        """CPU seconds of the engine's backends since start(); None when not measurable."""
        if not self.available:
            return None
        event.remove(self._engine.pool, "checkout", self._checkout)
        total = 0
        for pid in self._pids:
            ns = _run_ns(pid)
            if ns is not None:
                total += ns - self._start.get(pid, 0)
        return total / 1e9


def _run_ns(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _counting(linli: Linli) -> tuple[list[int], Any]:
    # Statements per message: the figure the load on a shared machine cannot blur.
    statements = [0]

    def count(*_args: object) -> None:
        statements[0] += 1

    event.listen(linli.engine, "before_cursor_execute", count)
    return statements, count


def run(url: str, n: int, data_dir: Path) -> Pass:
    """One message at a time through Pipeline.handle: each commit durable by itself."""
    linli, clock = start(url, data_dir)
    server = ServerCpu(linli)
    statements, count = _counting(linli)
    kinds: dict[str, Kind] = {}
    server.start()
    started, cpu = time.perf_counter(), time.process_time()
    latencies = feed(linli, clock, n, kinds, statements)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    server_seconds = server.seconds()
    event.remove(linli.engine, "before_cursor_execute", count)
    linli.close()
    cuts = statistics.quantiles(latencies, n=100)
    return Pass(
        n / elapsed,
        cuts[49],
        cuts[98],
        statements[0] / n,
        cpu / n,
        os.getloadavg()[0],
        server=server_seconds / n if server_seconds is not None else None,
        kinds=kinds,
    )


def run_grouped(url: str, n: int, data_dir: Path, rate: float) -> Pass:
    """The messages offered to the runtime as they would arrive from many groups at once:
    `rate` a second, on schedule whether or not earlier ones are answered (0: all at
    once, which measures capacity and not latency). Those that arrive while the core is
    busy are handled as one group and made durable by one commit (bot/runtime/batcher).
    Latency: from the scheduled arrival to the answer (durable)."""
    linli, clock = start(url, data_dir)
    server = ServerCpu(linli)
    statements, count = _counting(linli)
    runtime = linli.runtime
    runtime.arrivals.stats = GroupStats()
    latencies: list[float] = []

    async def offer() -> float:
        loop = asyncio.get_running_loop()
        began = loop.time()
        pending = []

        async def one(message: Inbound, due: float) -> None:
            await runtime.receive(message)
            latencies.append(loop.time() - due)

        for i, (topic, sender, body) in enumerate(messages(n)):
            due = began + (i / rate if rate else 0.0)
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            clock.advance(timedelta(seconds=3))
            message = Inbound(
                message_id=f"bench-{i}",
                sender_id=f"wxid_{sender}",
                sender_name=sender,
                text=body,
                at=clock.now(),
                room_id=simulated_room_id(topic),
                room_topic=topic,
            )
            pending.append(asyncio.create_task(one(message, due)))
        await asyncio.gather(*pending)
        return loop.time() - began

    server.start()
    cpu = time.process_time()
    elapsed = asyncio.run(offer())
    cpu = time.process_time() - cpu
    server_seconds = server.seconds()
    event.remove(linli.engine, "before_cursor_execute", count)
    stats = runtime.arrivals.stats
    # SQLite defers nothing: each of its commits is durable by itself.
    sqlite = linli.engine.dialect.name == "sqlite"
    durable = n if sqlite else stats.flushes + sum(size == 1 for size in stats.sizes)
    linli.close()
    cuts = statistics.quantiles(latencies, n=100)
    return Pass(
        n / elapsed,
        cuts[49],
        cuts[98],
        statements[0] / n,
        cpu / n,
        os.getloadavg()[0],
        stats.sizes,
        durable,
        server_seconds / n if server_seconds is not None else None,
    )


def round_trips(url: str, n: int, data_dir: Path) -> tuple[float, dict[str, float]]:
    """Round trips per message on PostgreSQL, in all and by kind: the same messages again,
    into a fresh database, counted by libpq's protocol trace (one ReadyForQuery answers each
    batch the client sent and then waited on). A separate pass, so the trace's writes stay
    out of the timing."""
    from psycopg import pq

    linli, clock = start(url, data_dir)
    traced: list[Any] = []
    counts: dict[str, list[int]] = {}  # kind: [messages, round trips]
    with tempfile.TemporaryFile() as trace:

        def on_checkout(dbapi_connection: Any, _record: object, _proxy: object) -> None:
            if dbapi_connection not in traced:
                dbapi_connection.pgconn.trace(trace.fileno())
                dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
                traced.append(dbapi_connection)

        read_to = [0]

        def waits_since() -> int:
            for connection in traced:
                connection.pgconn.untrace()  # flushes what libpq buffered
            trace.seek(read_to[0])
            lines = trace.read().split(b"\n")
            read_to[0] = trace.tell()  # where libpq goes on writing (one file offset)
            waits = sum(line.split(b"\t")[2:3] == [b"ReadyForQuery"] for line in lines)
            for connection in traced:
                connection.pgconn.trace(trace.fileno())
                connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
            return waits

        def count(kind: str) -> None:
            tally = counts.setdefault(kind, [0, 0])
            tally[0] += 1
            tally[1] += waits_since()

        event.listen(linli.engine.pool, "checkout", on_checkout)
        waits_since()  # the warm-up's
        feed(linli, clock, n, after=count)
        for connection in traced:
            connection.pgconn.untrace()
    linli.close()
    total = sum(trips for _, trips in counts.values())
    return total / n, {kind: trips / msgs for kind, (msgs, trips) in counts.items()}


def commit_rates(url: str, n: int = 400, group: int = MAX_GROUP) -> tuple[float, float]:
    """Small transactions a second on this server and disk, each an INSERT and a COMMIT: every
    COMMIT waiting for the disk, and in groups of `group` whose COMMITs do not wait, each
    group then made durable by one flush (storage.durability, as the runtime does it)."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE bench_commits (n integer)")

        def one(i: int) -> None:
            with engine.begin() as connection:
                connection.exec_driver_sql("INSERT INTO bench_commits VALUES (%(n)s)", {"n": i})

        started = time.perf_counter()
        for i in range(n):
            one(i)
        durable = n / (time.perf_counter() - started)
        started = time.perf_counter()
        for first in range(0, n, group):
            with durability.deferred():
                for i in range(first, min(n, first + group)):
                    one(i)
            durability.flush(engine)
        grouped = n / (time.perf_counter() - started)
    finally:
        engine.dispose()
    return durable, grouped


def report(name: str, passes: list[Pass], trips: str = "") -> None:
    """Best and median of the runs (by msg/s); latency and CPU of the median run. The
    client's CPU per message is the figure a loaded machine blurs least (the wall-clock ones
    wait on the scheduler and, on PostgreSQL, the disk's fsync)."""
    ranked = sorted(passes, key=lambda p: p.msgs_per_s)
    median, best = ranked[len(ranked) // 2], ranked[-1]
    line = (
        f"{name:<22} best {best.msgs_per_s:6.0f} msg/s  median {median.msgs_per_s:6.0f} msg/s"
        f"   p50 {median.p50 * 1000:6.2f} ms   p99 {median.p99 * 1000:6.2f} ms"
        f"   CPU {median.cpu * 1000:.2f} ms/msg   {median.statements:4.2f} statements/msg"
    )
    if name.startswith("PostgreSQL"):
        server = "n/a" if median.server is None else f"{median.server * 1000:.2f} ms/msg"
        line += f"   server CPU {server}"
    line += trips
    if median.groups:
        sizes = median.groups
        elapsed = sum(sizes) / median.msgs_per_s
        line += (
            f"\n{'':<22} groups: {len(sizes)}, mean {statistics.fmean(sizes):.1f}"
            f" msgs, max {max(sizes)}; durable commits {median.durable / elapsed:.0f}/s"
        )
    if median.kinds:
        # Where one message's time goes: the kinds differ by a factor of three or more.
        parts = []
        for kind_name in KINDS:
            kind = median.kinds.get(kind_name)
            if kind is None or not kind.count:
                continue
            parts.append(
                f"{kind_name} {kind.count * 100 / sum(k.count for k in median.kinds.values()):.0f}%"
                f" p50 {statistics.median(kind.latencies) * 1000:.2f} ms"
                f" CPU {kind.cpu / kind.count * 1000:.2f} ms"
                f" {kind.statements / kind.count:.2f} statements"
            )
        line += f"\n{'':<22} by kind: " + "; ".join(parts)
    loads = ", ".join(f"{p.load:.1f}" for p in passes)
    print(f"{line}\n{'':<22} runs {len(passes)}, load average at each: {loads}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--pg", default=admin_url())
    parser.add_argument("--runs", type=int, default=3, help="passes per mode; best and median")
    parser.add_argument("--rate", type=float, default=1000.0, help="grouped arrivals a second")
    parser.add_argument("--no-trace", action="store_true", help="skip the round-trip count")
    add_tiny(parser)
    args = parser.parse_args()
    if args.tiny:
        args.n, args.runs = 200, 1
    print(f"machine: {describe()}")
    print(
        f"pipeline: {args.n} mixed messages (70% chat, 20% reports, 10% commands), "
        f"{args.runs} runs each; grouped: arrivals at {args.rate:.0f}/s, and all at once"
    )
    modes: list[tuple[str, Callable[[str, Path], Pass]]] = [
        ("one at a time", lambda url, tmp: run(url, args.n, tmp)),
        (f"grouped {args.rate:.0f}/s", lambda url, tmp: run_grouped(url, args.n, tmp, args.rate)),
        ("grouped, all at once", lambda url, tmp: run_grouped(url, args.n, tmp, 0)),
    ]
    # Runs interleaved (each run measures every backend and mode once), so the load of a
    # shared machine, which drifts over minutes, weighs on all of them alike.
    backends = ("SQLite", "PostgreSQL")
    passes: dict[tuple[str, str], list[Pass]] = {}
    for _ in range(args.runs):
        for backend in backends:
            for mode, measure in modes:
                with tempfile.TemporaryDirectory() as tmp:
                    if backend == "SQLite":
                        measured = measure(f"sqlite:///{tmp}/bench.db", Path(tmp))
                    else:
                        with temporary_database(args.pg, prefix="linli_bench") as url:
                            measured = measure(url, Path(tmp))
                passes.setdefault((backend, mode), []).append(measured)
    with temporary_database(args.pg, prefix="linli_bench") as url:
        durable, grouped = commit_rates(url, 100 if args.tiny else 400)
    print(
        f"PostgreSQL commits: {durable:.0f}/s each durable, {grouped:.0f}/s in groups of "
        f"{MAX_GROUP} with one durable commit each (a one-row INSERT per transaction)"
    )
    for backend in backends:
        for mode, _ in modes:
            trips = ""
            if backend == "PostgreSQL" and mode == "one at a time" and not args.no_trace:
                with (
                    tempfile.TemporaryDirectory() as tmp,
                    temporary_database(args.pg, prefix="linli_bench") as url,
                ):
                    per_message, by_kind = round_trips(url, args.n, Path(tmp))
                    trips = f"   {per_message:4.2f} round trips/msg (" + ", ".join(
                        f"{kind} {by_kind[kind]:.2f}" for kind in KINDS if kind in by_kind
                    )
                    trips += ")"
            report(f"{backend} {mode}", passes[(backend, mode)], trips)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
