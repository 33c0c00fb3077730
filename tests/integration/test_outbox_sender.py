"""The outbox sender through the whole bot: pacing on a virtual clock, retries, permanent
failures, and recovery after a crash in either half of the send (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from bot.bootstrap import Linli, build, make_transport
from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.domain.messages import Outbound
from bot.domain.pacing import RateLimits
from bot.domain.records import OutboxStatus
from bot.ports import Classifier, SendFailed
from bot.replay import Directory
from bot.runtime import SendPacing
from bot.runtime.status import UNCERTAIN_NOTICE
from bot.services import broadcasts, outbox
from bot.settings import Settings
from bot.transports.simulator import SimulatorTransport
from tests.conftest import DEMO_CONFIG, START, Bot

RESIDENT_GROUPS = 9


class Crash(BaseException):
    """Stands in for SIGKILL: nothing after it runs (not even the sender's bookkeeping)."""


class FlakyTransport(SimulatorTransport):
    """A simulator that can fail one room permanently, or die before/after delivering."""

    dead_room: str | None = None
    crash_on: int | None = None  # the n-th send (1-based) dies …
    crash_after_delivery: bool = True  # … after the message went out, or before

    async def send(self, message: Outbound) -> None:
        if message.room_topic is not None and message.room_topic == self.dead_room:
            raise SendFailed("群已解散", transient=False)
        number = len(self.sent) + 1
        if number == self.crash_on and not self.crash_after_delivery:
            raise Crash
        await super().send(message)
        if number == self.crash_on and self.crash_after_delivery:
            raise Crash


class ForgetfulTransport(FlakyTransport):
    """A transport that keeps no record of what it delivered (like WeChat today)."""

    delivered = None  # type: ignore[assignment]


@asynccontextmanager
async def bot_on(
    url: str,
    tmp: Path,
    config: CommunityConfig,
    classifier: Classifier,
    *,
    transport: Callable[[VirtualClock], SimulatorTransport] = SimulatorTransport,
    pacing: SendPacing | None = None,
    clock: VirtualClock | None = None,
) -> AsyncIterator[Bot]:
    clock = clock or VirtualClock(START)

    async def virtual_sleep(seconds: float) -> None:  # pacing waits move the virtual clock
        clock.advance(timedelta(seconds=seconds))

    sim = transport(clock)
    settings = Settings(data_dir=tmp, db_url=url, config=DEMO_CONFIG)
    linli = build(
        settings,
        clock=clock,
        transport=sim,
        config=config,
        classifier=classifier,
        pacing=pacing,
        sleep=virtual_sleep,
    )
    await linli.runtime.start(sender=False)
    try:
        yield Bot(linli, clock, sim, Directory(config, sim.bot_id))
    finally:
        await linli.runtime.stop()
        linli.close()


def queue_broadcast(linli: Linli, targets: str = "全部", body: str = "明天停水") -> int:
    now = linli.clock.now()
    with linli.uow_factory() as uow:
        draft = broadcasts.compose(
            uow,
            account="default",
            actor="test",
            targets=targets,
            body=body,
            community="幸福里社区",
            tz=linli.profile.tz,
            now=now,
        )
        assert draft.broadcast.id is not None
        broadcasts.confirm(uow, draft.broadcast.id, actor="test", now=now)
        uow.commit()
        return draft.broadcast.id


async def test_default_limits_pace_a_broadcast_on_a_virtual_clock(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    pacing = SendPacing(limits=RateLimits(), seed=7)
    async with bot_on(db_url, tmp_path, demo_config, classifier, pacing=pacing) as bot:
        # A resident's question arrives while the broadcast is queued: the answer goes first.
        queue_broadcast(bot.linli, "全部")
        sent = await bot.say("进度 E0099")
        reply = sent[0]
        assert "E0099" in reply.text
        posts = [s for s in sent if s.text.startswith("【幸福里社区通知】")]
        assert len(posts) == RESIDENT_GROUPS
        assert all(s.at >= reply.at for s in posts)
        times = [s.at for s in sent]
        for a, b in pairwise(sent):
            gap = (b.at - a.at).total_seconds()
            if a.group == b.group:  # the reply's group gets its post next: just the 1 s gap
                assert 1.0 <= gap <= 1.5, (a.group, gap)
            else:  # a switch of conversation: a 3–5 s pause plus jitter
                assert 3.0 <= gap <= 5.5, (a.group, b.group, gap)
        assert sent[1].group == reply.group
        for i, at in enumerate(times):
            assert sum(1 for t in times[i:] if t < at + timedelta(minutes=1)) <= 40


async def test_transient_failures_back_off_and_resume_when_online(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with bot_on(db_url, tmp_path, demo_config, classifier) as bot:
        bot.transport.online = False
        broadcast_id = queue_broadcast(bot.linli)
        assert await bot.linli.runtime.deliver_pending() == 0
        with bot.linli.uow_factory() as uow:
            rows = uow.outbox.by_broadcast(broadcast_id)
            assert [r.attempts for r in rows] == [1] + [0] * (RESIDENT_GROUPS - 1)
            assert rows[0].not_before == bot.clock.now() + timedelta(seconds=5)
        # Still offline 5 s later: the same row again, with a longer backoff.
        bot.clock.advance(timedelta(seconds=5))
        assert await bot.linli.runtime.deliver_pending() == 0
        with bot.linli.uow_factory() as uow:
            first = uow.outbox.by_broadcast(broadcast_id)[0]
            assert first.attempts == 2
            assert first.not_before == bot.clock.now() + outbox.retry_delay(2)
        # WeChat comes back: no waiting for the backoff, everything goes once.
        bot.transport.online = True
        await bot.linli.runtime.transport_status(True, "已恢复")
        assert await bot.linli.runtime.deliver_pending() == RESIDENT_GROUPS
        groups = Counter(s.group for s in bot.transport.sent if s.group)
        assert len(groups) == RESIDENT_GROUPS and set(groups.values()) == {1}


async def test_a_permanent_failure_is_marked_and_the_rest_go_on(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    def transport(clock: VirtualClock) -> SimulatorTransport:
        flaky = FlakyTransport(clock=clock)
        flaky.dead_room = "兰亭2号楼邻里群"
        return flaky

    async with bot_on(db_url, tmp_path, demo_config, classifier, transport=transport) as bot:
        broadcast_id = queue_broadcast(bot.linli)
        assert await bot.linli.runtime.deliver_pending() == RESIDENT_GROUPS - 1
        assert await bot.linli.runtime.deliver_pending() == 0  # not retried
        with bot.linli.uow_factory() as uow:
            progress = broadcasts.progress(uow, broadcast_id)
        assert (progress.sent, progress.pending, progress.failed) == (RESIDENT_GROUPS - 1, 0, 1)
        [failed] = [g for g in progress.groups if g.status == OutboxStatus.FAILED]
        assert failed.topic == "兰亭2号楼邻里群" and failed.error == "群已解散"


@pytest.mark.parametrize("after_delivery", [True, False], ids=["after-send", "before-send"])
async def test_a_crash_mid_broadcast_resumes_without_a_second_copy(
    after_delivery: bool,
    db_url: str,
    tmp_path: Path,
    demo_config: CommunityConfig,
    classifier: Classifier,
) -> None:
    record = tmp_path / "delivered.jsonl"

    def crashing(clock: VirtualClock) -> SimulatorTransport:
        flaky = FlakyTransport(clock=clock, record=record)
        flaky.crash_on, flaky.crash_after_delivery = 4, after_delivery
        return flaky

    clock = VirtualClock(START)
    async with bot_on(
        db_url, tmp_path, demo_config, classifier, transport=crashing, clock=clock
    ) as bot:
        broadcast_id = queue_broadcast(bot.linli)
        with pytest.raises(Crash):
            await bot.linli.runtime.deliver_pending()
        with bot.linli.uow_factory() as uow:
            assert len(uow.outbox.in_flight("default")) == 1  # exactly one row in doubt

    def restarted(clock: VirtualClock) -> SimulatorTransport:
        return SimulatorTransport(clock=clock, record=record)

    async with bot_on(
        db_url, tmp_path, demo_config, classifier, transport=restarted, clock=clock
    ) as bot:
        await bot.linli.runtime.deliver_pending()
        with bot.linli.uow_factory() as uow:
            progress = broadcasts.progress(uow, broadcast_id)
            assert progress.sent == RESIDENT_GROUPS and uow.outbox.in_flight("default") == []
    lines = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    copies = Counter(line["group"] for line in lines)
    assert len(copies) == RESIDENT_GROUPS and set(copies.values()) == {1}, copies


async def test_without_a_delivery_record_a_message_in_doubt_is_not_resent(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    def crashing(clock: VirtualClock) -> SimulatorTransport:
        forgetful = ForgetfulTransport(clock=clock)
        forgetful.crash_on = 2
        return forgetful

    clock = VirtualClock(START)
    async with bot_on(
        db_url, tmp_path, demo_config, classifier, transport=crashing, clock=clock
    ) as bot:
        broadcast_id = queue_broadcast(bot.linli)
        with pytest.raises(Crash):
            await bot.linli.runtime.deliver_pending()
    async with bot_on(
        db_url, tmp_path, demo_config, classifier, transport=ForgetfulTransport, clock=clock
    ) as bot:
        delivered = await bot.linli.runtime.deliver_pending()
        with bot.linli.uow_factory() as uow:
            progress = broadcasts.progress(uow, broadcast_id)
        notices = [s for s in bot.transport.sent if s.text.startswith(UNCERTAIN_NOTICE)]
        # The other groups' copies, plus one private notice per staff member about the doubt.
        assert notices and delivered == RESIDENT_GROUPS - 2 + len(notices)
        [doubt] = [g for g in progress.groups if g.status == OutboxStatus.FAILED]
        assert doubt.error == outbox.UNCERTAIN
        assert progress.sent == RESIDENT_GROUPS - 1


async def test_without_a_transcript_the_simulator_ledger_still_settles_the_crash(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    """`linli run` on the simulator with no transcript: a restart does not send twice."""
    settings = Settings(data_dir=tmp_path, db_url=db_url, config=DEMO_CONFIG)

    def crashing(clock: VirtualClock) -> SimulatorTransport:
        made = make_transport(settings, clock)
        assert isinstance(made, SimulatorTransport) and made.record is None
        flaky = FlakyTransport(clock=clock, ledger=made.ledger)
        flaky.crash_on = 3  # delivered, then killed before the row is marked sent
        return flaky

    def restarted(clock: VirtualClock) -> SimulatorTransport:
        made = make_transport(settings, clock)  # a new process: nothing in memory
        assert isinstance(made, SimulatorTransport)
        return made

    clock = VirtualClock(START)
    async with bot_on(
        db_url, tmp_path, demo_config, classifier, transport=crashing, clock=clock
    ) as bot:
        broadcast_id = queue_broadcast(bot.linli)
        with pytest.raises(Crash):
            await bot.linli.runtime.deliver_pending()
        first = [s.group for s in bot.transport.sent]
    async with bot_on(
        db_url, tmp_path, demo_config, classifier, transport=restarted, clock=clock
    ) as bot:
        assert await bot.linli.runtime.deliver_pending() == RESIDENT_GROUPS - 3
        again = [s.group for s in bot.transport.sent]
        with bot.linli.uow_factory() as uow:
            progress = broadcasts.progress(uow, broadcast_id)
    assert progress.sent == RESIDENT_GROUPS and progress.failed == 0
    assert not set(first) & set(again)  # the one in flight was confirmed, not resent
    assert len(first) + len(again) == RESIDENT_GROUPS
