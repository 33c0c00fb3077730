"""Several bot accounts on one database, each its own `linli run` (here: its own Linli with its
own simulator, core thread and connection pool), sharing one virtual clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.bootstrap import build
from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.ports import Classifier
from bot.replay import Directory
from bot.settings import Settings
from bot.transports.simulator import SimulatorTransport
from tests.conftest import DEMO_CONFIG, START, Bot


@dataclass(frozen=True)
class SkewedClock:
    base: VirtualClock
    skew: timedelta

    def now(self) -> datetime:
        return self.base.now() + self.skew


@asynccontextmanager
async def accounts_running(
    url: str,
    tmp: Path,
    config: CommunityConfig,
    classifier: Classifier,
    names: Sequence[str],
    clock: VirtualClock | None = None,
) -> AsyncIterator[list[Bot]]:
    """`Bot.clock` is the shared clock to move; each process reads it a few milliseconds
    apart, as real hosts do (so two processes never make the same time-stamped key)."""
    clock = clock or VirtualClock(START)
    async with AsyncExitStack() as stack:
        bots = []
        for n, name in enumerate(names):
            own = SkewedClock(clock, timedelta(milliseconds=n))
            transport = SimulatorTransport(clock=own, bot_id=f"bot-{name}")
            settings = Settings(data_dir=tmp / name, db_url=url, config=DEMO_CONFIG, account=name)
            linli = build(
                settings, clock=own, transport=transport, config=config, classifier=classifier
            )
            stack.callback(linli.close)
            await linli.runtime.start(sender=False)
            stack.push_async_callback(linli.runtime.stop)
            bots.append(Bot(linli, clock, transport, Directory(config, transport.bot_id)))
        yield bots
