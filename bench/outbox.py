"""The outbox's own figures: enqueue a 1,000-group broadcast, then drain it, rate limit off.

    .venv/bin/python bench/outbox.py [-n 1000] [--pg URL]

Enqueue: `broadcasts.confirm` writing one row per group (with its idempotency key) in one
transaction. Drain: `Runtime.deliver_pending` through the simulator transport with pacing off,
i.e. the bot's own ceiling (per message: choose, mark in flight + commit, send, mark sent +
commit). Under the default WeChat limits the drain is bounded by the pacing (≈12–20 a minute
when every message switches group), not by these numbers. SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import add_tiny, describe  # noqa: E402
from bot.bootstrap import build  # noqa: E402
from bot.clock import VirtualClock  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.replay import DEFAULT_START, parse_time  # noqa: E402
from bot.services import broadcasts  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.transports.simulator import SimulatorTransport  # noqa: E402
from storage.scratch import admin_url, temporary_database  # noqa: E402


def write_config(path: Path, groups: int) -> None:
    parts = ['[community]\nname = "基准社区"\n', '[[estates]]\nkey = "big"\nname = "大社区"\n']
    parts += [f'[[groups]]\ntopic = "群{i:04d}"\nestate = "big"\n' for i in range(groups)]
    path.write_text("\n".join(parts), encoding="utf-8")


async def run(url: str, groups: int, tmp: Path) -> tuple[float, float]:
    config_path = tmp / f"bench-{groups}.toml"
    write_config(config_path, groups)
    clock = VirtualClock(parse_time(DEFAULT_START))
    transport = SimulatorTransport(clock=clock)
    settings = Settings(data_dir=tmp, db_url=url, config=config_path)
    linli = build(settings, clock=clock, transport=transport, config=load_config(config_path))
    await linli.runtime.start(sender=False)
    try:
        now = clock.now()
        with linli.uow_factory() as uow:
            draft = broadcasts.compose(
                uow,
                account="default",
                actor="bench",
                targets="全部",
                body="明天9:00-15:00停水，请提前储水",
                community="基准社区",
                tz=linli.profile.tz,
                now=now,
            )
            uow.commit()
        assert draft.broadcast.id is not None and len(draft.groups) == groups
        started = time.perf_counter()
        with linli.uow_factory() as uow:
            broadcasts.confirm(uow, draft.broadcast.id, actor="bench", now=now)
            uow.commit()
        enqueue = time.perf_counter() - started

        started = time.perf_counter()
        delivered = await linli.runtime.deliver_pending()
        drain = time.perf_counter() - started
        assert delivered == groups == len({s.group for s in transport.sent}), delivered
        return enqueue, drain
    finally:
        await linli.runtime.stop()
        linli.close()


def report(name: str, groups: int, enqueue: float, drain: float) -> None:
    print(
        f"{name:<11} enqueue {groups} groups: {enqueue * 1000:7.1f} ms   "
        f"drain: {groups / drain:6.0f} msg/s ({drain:.2f} s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=1000, help="groups in the broadcast")
    parser.add_argument("--pg", default=admin_url())
    add_tiny(parser)
    args = parser.parse_args()
    if args.tiny:
        args.n = 100
    print(f"machine: {describe()}")
    print(f"outbox: one broadcast to {args.n} groups; drain with the rate limit off")
    with tempfile.TemporaryDirectory() as tmp:
        enqueue, drain = asyncio.run(run(f"sqlite:///{tmp}/bench.db", args.n, Path(tmp)))
        report("SQLite", args.n, enqueue, drain)

        with temporary_database(args.pg, prefix="linli_bench") as url:
            enqueue, drain = asyncio.run(run(url, args.n, Path(tmp)))
            report("PostgreSQL", args.n, enqueue, drain)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
