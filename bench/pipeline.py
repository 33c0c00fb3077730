"""Throughput and latency of the whole inbound pipeline: store, classify, case, outbox.

    .venv/bin/python bench/pipeline.py [-n 5000] [--pg URL]

Runs N realistic mixed group messages (mostly small talk, some reports, some commands)
through Pipeline.handle on SQLite and on PostgreSQL, one process, one message at a time:
throughput, p50/p99 latency, statements per message and, on PostgreSQL, round trips per
message (a second, untimed pass with libpq's protocol trace).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
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
from bot.settings import Settings  # noqa: E402
from bot.transports.simulator import SimulatorTransport, simulated_room_id  # noqa: E402
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
    return linli, clock


def feed(linli: Linli, clock: VirtualClock, n: int) -> list[float]:
    """The N messages through the pipeline one at a time; the latency of each."""
    pipeline = linli.runtime.pipeline
    latencies = []
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
        t0 = time.perf_counter()
        pipeline.handle(message)
        latencies.append(time.perf_counter() - t0)
    return latencies


def run(url: str, n: int, data_dir: Path) -> tuple[float, list[float], float, float]:
    linli, clock = start(url, data_dir)
    # Statements per message: the figure the load on a shared machine cannot blur.
    statements = [0]

    def count(*_args: object) -> None:
        statements[0] += 1

    event.listen(linli.engine, "before_cursor_execute", count)
    started, cpu = time.perf_counter(), time.process_time()
    latencies = feed(linli, clock, n)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    event.remove(linli.engine, "before_cursor_execute", count)
    linli.close()
    return elapsed, latencies, statements[0] / n, cpu / n


def round_trips(url: str, n: int, data_dir: Path) -> float:
    """Round trips per message on PostgreSQL: the same messages again, into a fresh database,
    counted by libpq's protocol trace (one ReadyForQuery answers each batch the client sent
    and then waited on). A separate pass, so the trace's writes stay out of the timing."""
    from psycopg import pq

    linli, clock = start(url, data_dir)
    traced: list[Any] = []
    with tempfile.TemporaryFile() as trace:

        def on_checkout(dbapi_connection: Any, _record: object, _proxy: object) -> None:
            if dbapi_connection not in traced:
                dbapi_connection.pgconn.trace(trace.fileno())
                dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
                traced.append(dbapi_connection)

        event.listen(linli.engine.pool, "checkout", on_checkout)
        feed(linli, clock, n)
        for connection in traced:
            connection.pgconn.untrace()  # flushes what libpq buffered
        trace.seek(0)
        waits = sum(line.split(b"\t")[2:3] == [b"ReadyForQuery"] for line in trace)
    linli.close()
    return waits / n


def report(
    name: str,
    n: int,
    elapsed: float,
    latencies: list[float],
    per: float,
    cpu: float,
    trips: str = "",
) -> None:
    # The client's CPU per message is the other figure a loaded machine blurs little
    # (the wall-clock ones wait on the scheduler and, on PostgreSQL, the disk's fsync).
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"{name:<11} {n / elapsed:8.0f} msg/s   p50 {cuts[49] * 1000:6.2f} ms   "
        f"p99 {cuts[98] * 1000:6.2f} ms   {per:4.2f} statements/msg{trips}   "
        f"({n} messages in {elapsed:.2f} s, client CPU {cpu * 1000:.2f} ms/msg, "
        f"load {os.getloadavg()[0]:.1f})"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--pg", default=admin_url())
    add_tiny(parser)
    args = parser.parse_args()
    if args.tiny:
        args.n = 200
    print(f"machine: {describe()}")
    print(f"pipeline: {args.n} mixed messages (70% chat, 20% reports, 10% commands)")
    with tempfile.TemporaryDirectory() as tmp:
        report("SQLite", args.n, *run(f"sqlite:///{tmp}/bench.db", args.n, Path(tmp)))

        with temporary_database(args.pg, prefix="linli_bench") as url:
            timed = run(url, args.n, Path(tmp))
        with temporary_database(args.pg, prefix="linli_bench") as url:
            trips = round_trips(url, args.n, Path(tmp))
        report("PostgreSQL", args.n, *timed, trips=f"   {trips:4.2f} round trips/msg")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
