"""The simulator's delivery ledger is pruned at start and on every tick, and still settles a
crash: a second account's process sharing the data folder prunes while the first one is
down, and the first one's message in flight is confirmed, not sent twice (both backends)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from bot.bootstrap import build
from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.domain.records import DeliveredVia, OutboxStatus
from bot.ports import Classifier
from bot.replay import Directory
from bot.services import broadcasts
from bot.settings import Settings
from bot.transports.ledger import DeliveryLedger
from bot.transports.simulator import SimulatorTransport
from tests.conftest import DEMO_CONFIG, START, Bot
from tests.integration.test_outbox_sender import (
    RESIDENT_GROUPS,
    Crash,
    FlakyTransport,
    queue_broadcast,
)


@asynccontextmanager
async def process(
    url: str,
    tmp: Path,
    config: CommunityConfig,
    classifier: Classifier,
    transport: Callable[[VirtualClock], SimulatorTransport],
    clock: VirtualClock,
    account: str = "default",
) -> AsyncIterator[Bot]:
    """One `linli run` on the simulator: start (recover, prune), then the test drives it."""
    sim = transport(clock)
    settings = Settings(data_dir=tmp, db_url=url, config=DEMO_CONFIG, account=account)
    linli = build(settings, clock=clock, transport=sim, config=config, classifier=classifier)
    await linli.runtime.start(sender=False)
    try:
        yield Bot(linli, clock, sim, Directory(config, sim.bot_id))
    finally:
        await linli.runtime.stop()
        linli.close()


async def test_a_shared_ledger_is_pruned_without_losing_a_crashed_send(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    ledger = tmp_path / "simulator-delivered.jsonl"
    # Thousands of old deliveries, long settled: what an unpruned ledger piles up.
    old = DeliveryLedger(ledger)
    for i in range(2000):
        old.append(f"long-ago-{i}", START.isoformat())

    def crashing(clock: VirtualClock) -> SimulatorTransport:
        flaky = FlakyTransport(clock=clock, ledger=ledger, ledger_max_bytes=10**9)
        flaky.crash_on = 3  # delivered, then killed before the row is marked sent
        return flaky

    def pruning(clock: VirtualClock) -> SimulatorTransport:
        return SimulatorTransport(clock=clock, ledger=ledger, ledger_max_bytes=0)

    clock = VirtualClock(START)
    async with process(db_url, tmp_path, demo_config, classifier, crashing, clock) as bot:
        broadcast_id = queue_broadcast(bot.linli)
        with pytest.raises(Crash):
            await bot.linli.runtime.deliver_pending()
        with bot.linli.uow_factory() as uow:
            [in_flight] = uow.outbox.in_flight("default")
    assert in_flight.key in DeliveryLedger(ledger).keys()  # noqa: SIM118 (a method)

    # Another account's process on the same data folder starts while this one is down.
    async with process(db_url, tmp_path, demo_config, classifier, pruning, clock, account="second"):
        keys = DeliveryLedger(ledger).keys()
        assert keys == {in_flight.key}  # the settled lines went; the one in doubt stayed

    async with process(db_url, tmp_path, demo_config, classifier, pruning, clock) as bot:
        assert await bot.linli.runtime.deliver_pending() == RESIDENT_GROUPS - 3
        again = {s.group for s in bot.transport.sent}
        with bot.linli.uow_factory() as uow:
            progress = broadcasts.progress(uow, broadcast_id)
            row = uow.outbox.get(in_flight.id or 0)
            assert row is not None and row.status is OutboxStatus.SENT
            assert row.delivered_via is DeliveredVia.RECORD
        assert progress.sent == RESIDENT_GROUPS and progress.failed == 0
        assert len(again) == RESIDENT_GROUPS - 3  # the one in flight was not sent again
        # A tick prunes again: nothing is in flight, so what was delivered since goes too.
        assert DeliveryLedger(ledger).keys()
        bot.clock.advance(timedelta(seconds=30))
        await bot.linli.runtime.tick()
        assert DeliveryLedger(ledger).keys() == set()
