"""The simulator keeps only its newest deliveries under `linli run` (hardening 5): the
console's feed reads them by number, so a dropped older one never shifts what is shown."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bot.bootstrap import make_transport
from bot.clock import VirtualClock
from bot.domain.messages import Outbound
from bot.settings import Settings
from bot.transports.simulator import FEED_KEEP, SimulatorTransport

T0 = datetime.fromisoformat("2026-11-23T09:00:00+08:00")


async def deliver(sim: SimulatorTransport, count: int, start: int = 1) -> None:
    for n in range(start, start + count):
        await sim.send(
            Outbound(
                outbox_id=n, text=f"第{n}条", room_id="sim:楼@chatroom", idempotency_key=f"k{n}"
            )
        )


async def test_the_feed_keeps_the_newest_two_hundred_and_counts_on() -> None:
    sim = SimulatorTransport(clock=VirtualClock(T0), keep=FEED_KEEP)
    await deliver(sim, 1000)
    assert FEED_KEEP == 200 and len(sim.sent) == 200
    assert [s.seq for s in sim.sent] == list(range(801, 1001))
    assert sim.sent[-1].text == "第1000条" and sim.last_seq == 1000
    assert [s.seq for s in sim.sent_after(990)] == list(range(991, 1001))
    assert [s.seq for s in sim.sent_after(10)] == list(range(801, 1001))  # the rest is gone
    assert sim.sent_after(1000) == []
    assert await sim.delivered(["k1000", "k1"]) == {"k1000"}  # no ledger: only what is kept


async def test_a_browser_that_outlived_a_restart_gets_what_is_kept() -> None:
    sim = SimulatorTransport(clock=VirtualClock(T0), keep=FEED_KEEP)
    await deliver(sim, 3)
    assert [s.seq for s in sim.sent_after(500)] == [1, 2, 3]


async def test_replay_and_tests_keep_everything_and_linli_run_keeps_two_hundred(
    tmp_path: Path,
) -> None:
    whole = SimulatorTransport(clock=VirtualClock(T0))
    await deliver(whole, 300)
    assert len(whole.sent) == 300 and whole.sent[0].seq == 1
    running = make_transport(Settings(data_dir=tmp_path), VirtualClock(T0))
    assert isinstance(running, SimulatorTransport) and running.keep == FEED_KEEP
