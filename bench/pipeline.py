"""Throughput and latency of the whole inbound pipeline: store, classify, case, outbox.

    .venv/bin/python bench/pipeline.py [-n 5000] [--pg URL]

Runs N realistic mixed group messages (mostly small talk, some reports, some commands)
through Pipeline.handle on SQLite and on PostgreSQL, one process, one message at a time.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bench.machine import add_tiny, describe  # noqa: E402
from bot.bootstrap import build  # noqa: E402
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


def run(url: str, n: int, data_dir: Path) -> tuple[float, list[float], float]:
    clock = VirtualClock(parse_time(DEFAULT_START))
    settings = Settings(data_dir=data_dir, db_url=url, config=ROOT / "deploy/demo/community.toml")
    linli = build(settings, clock=clock, transport=SimulatorTransport(clock=clock))
    pipeline = linli.runtime.pipeline
    pipeline.handle(  # warm up jieba and the connection pool outside the timing
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
    # Statements per message: the figure the load on a shared machine cannot blur.
    statements = [0]

    def count(*_args: object) -> None:
        statements[0] += 1

    event.listen(linli.engine, "before_cursor_execute", count)
    latencies = []
    started = time.perf_counter()
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
    elapsed = time.perf_counter() - started
    event.remove(linli.engine, "before_cursor_execute", count)
    linli.close()
    return elapsed, latencies, statements[0] / n


def report(name: str, n: int, elapsed: float, latencies: list[float], per: float) -> None:
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"{name:<11} {n / elapsed:8.0f} msg/s   p50 {cuts[49] * 1000:6.2f} ms   "
        f"p99 {cuts[98] * 1000:6.2f} ms   {per:4.2f} statements/msg   "
        f"({n} messages in {elapsed:.2f} s, load {os.getloadavg()[0]:.1f})"
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
            report("PostgreSQL", args.n, *run(url, args.n, Path(tmp)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
