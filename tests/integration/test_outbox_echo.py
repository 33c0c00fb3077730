"""A send cut off mid-way (issue 15 §6), through the whole bot on a virtual clock, SQLite and
PostgreSQL: held for the puppet's echo, confirmed by it and not sent again; resent once when
no matching echo comes within the grace; resent at once when holding is off."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from bot.bootstrap import build
from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.domain.echo import Echo
from bot.domain.messages import Outbound
from bot.domain.records import DeliveredVia, OutboxItem, OutboxStatus
from bot.ports import Classifier, SendFailed
from bot.replay import Directory
from bot.runtime import SendPacing
from bot.services import broadcast_status
from bot.settings import Settings
from bot.transports.simulator import Sent, SimulatorTransport, simulated_room_id
from tests.conftest import DEMO_CONFIG, START, Bot
from tests.integration.test_outbox_sender import RESIDENT_GROUPS, queue_broadcast

GRACE = 30.0


@dataclass
class CutOffTransport(SimulatorTransport):
    """Delivers the n-th message, then loses the connection before saying so (the gateway
    accepted it; the answer never came back). With `echo_first` the puppet's echo of it
    reaches the bot before the failure does."""

    cut_on: int = 1
    echo_first: bool = False
    outbox_ids: list[int] = field(default_factory=list)

    async def send(self, message: Outbound) -> None:
        self.outbox_ids.append(message.outbox_id)
        await super().send(message)
        if len(self.sent) != self.cut_on:
            return
        self.online = False
        if self.echo_first:
            assert self._inbox is not None
            await self._inbox.echoed(echo_of(self.sent[-1]))
        raise SendFailed(
            "StreamTerminatedError: connection lost", transient=True, maybe_delivered=True
        )


def echo_of(sent: Sent, **changes: object) -> Echo:
    fields: dict[str, object] = {
        "message_id": f"echo-{sent.seq}",
        "text": sent.rendered(),
        "at": sent.at,
        "room_id": sent.room_id,
        "to_id": None if sent.room_id else sent.to_id,
        **changes,
    }
    return Echo(**fields)  # type: ignore[arg-type]


@asynccontextmanager
async def cut_off_bot(
    url: str,
    tmp: Path,
    config: CommunityConfig,
    classifier: Classifier,
    *,
    grace: float = GRACE,
    echo_first: bool = False,
) -> AsyncIterator[Bot]:
    clock = VirtualClock(START)
    transport = CutOffTransport(clock=clock)
    transport.echo_first = echo_first
    settings = Settings(data_dir=tmp, db_url=url, config=DEMO_CONFIG)
    linli = build(
        settings,
        clock=clock,
        transport=transport,
        config=config,
        classifier=classifier,
        pacing=SendPacing(echo_grace=grace),
    )
    await linli.runtime.start(sender=False)
    # Like the wechaty transport at login: every room reported, so groups know their room id.
    for group in config.groups:
        await linli.runtime.room_seen(simulated_room_id(group.topic), group.topic)
    try:
        yield Bot(linli, clock, transport, Directory(config, transport.bot_id))
    finally:
        await linli.runtime.stop()
        linli.close()


def rows(bot: Bot, broadcast_id: int) -> list[OutboxItem]:
    with bot.linli.uow_factory() as uow:
        return list(uow.outbox.by_broadcast(broadcast_id))


def copies(bot: Bot) -> Counter[str | None]:
    return Counter(s.group for s in bot.transport.sent)


async def reconnect(bot: Bot) -> None:
    bot.transport.online = True
    await bot.linli.runtime.transport_status(True, "微信已登录")


async def test_an_echo_after_reconnecting_confirms_the_cut_off_send(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with cut_off_bot(db_url, tmp_path, demo_config, classifier) as bot:
        broadcast_id = queue_broadcast(bot.linli)
        assert await bot.linli.runtime.deliver_pending() == 0
        first = rows(bot, broadcast_id)[0]
        assert first.status is OutboxStatus.SENDING and first.confirm_by is not None
        cut_off = bot.transport.sent[0]
        await reconnect(bot)
        # python-wechaty replays the echo it could not read while the connection was down.
        await bot.linli.runtime.echoed(echo_of(cut_off))
        assert await bot.linli.runtime.deliver_pending() == RESIDENT_GROUPS - 1
        first = rows(bot, broadcast_id)[0]
        assert first.status is OutboxStatus.SENT and first.delivered_via is DeliveredVia.ECHO
        assert first.confirm_by is None and first.error is None
        assert set(copies(bot).values()) == {1} and len(copies(bot)) == RESIDENT_GROUPS
        # Nothing is left to resend once the grace is over.
        bot.clock.advance(timedelta(seconds=GRACE * 2))
        assert await bot.linli.runtime.deliver_pending() == 0
        assert not bot.linli.runtime.echoes.holding
        # The delivery view says how this one was confirmed.
        with bot.linli.uow_factory() as uow:
            report = broadcast_status.status_report(
                uow, bot.linli.profile.tz, broadcast_id=broadcast_id
            )
        table = broadcast_status.render_status_table(report)
        assert broadcast_status.DELIVERY_NOTES["echo"] in table
        groups = report["groups"]
        assert isinstance(groups, list)
        assert [g["delivered_via"] for g in groups] == ["echo"] + ["transport"] * (
            RESIDENT_GROUPS - 1
        )


async def test_an_echo_that_came_before_the_failure_confirms_it_at_once(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with cut_off_bot(db_url, tmp_path, demo_config, classifier, echo_first=True) as bot:
        broadcast_id = queue_broadcast(bot.linli)
        assert await bot.linli.runtime.deliver_pending() == 0
        first = rows(bot, broadcast_id)[0]
        assert first.status is OutboxStatus.SENT and first.delivered_via is DeliveredVia.ECHO
        await reconnect(bot)
        assert await bot.linli.runtime.deliver_pending() == RESIDENT_GROUPS - 1
        assert set(copies(bot).values()) == {1}


async def test_without_an_echo_the_send_is_resent_once_after_the_grace(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with cut_off_bot(db_url, tmp_path, demo_config, classifier) as bot:
        broadcast_id = queue_broadcast(bot.linli)
        assert await bot.linli.runtime.deliver_pending() == 0
        # A long outage: the grace counts from the reconnection, not from the failure.
        bot.clock.advance(timedelta(seconds=GRACE * 3))
        await reconnect(bot)
        assert await bot.linli.runtime.deliver_pending() == RESIDENT_GROUPS - 1
        bot.clock.advance(timedelta(seconds=GRACE - 1))
        assert await bot.linli.runtime.deliver_pending() == 0
        assert rows(bot, broadcast_id)[0].status is OutboxStatus.SENDING
        bot.clock.advance(timedelta(seconds=1))
        assert await bot.linli.runtime.deliver_pending() == 1
        first = rows(bot, broadcast_id)[0]
        assert first.status is OutboxStatus.SENT and first.delivered_via is DeliveredVia.TRANSPORT
        assert first.attempts == 2
        counts = copies(bot)
        assert counts[bot.transport.sent[0].group] == 2  # the cut-off copy and one resend
        assert sum(counts.values()) == RESIDENT_GROUPS + 1


async def test_echoes_of_another_room_text_or_time_confirm_nothing(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with cut_off_bot(db_url, tmp_path, demo_config, classifier) as bot:
        broadcast_id = queue_broadcast(bot.linli)
        assert await bot.linli.runtime.deliver_pending() == 0
        cut_off = bot.transport.sent[0]
        await reconnect(bot)
        runtime = bot.linli.runtime
        await runtime.echoed(echo_of(cut_off, message_id="a", room_id="elsewhere@chatroom"))
        await runtime.echoed(echo_of(cut_off, message_id="b", text=cut_off.text + "（更正）"))
        await runtime.echoed(
            echo_of(cut_off, message_id="c", at=cut_off.at - timedelta(minutes=10))
        )
        await runtime.echoed(echo_of(cut_off, message_id="d", at=cut_off.at + timedelta(hours=1)))
        assert rows(bot, broadcast_id)[0].status is OutboxStatus.SENDING
        assert await runtime.deliver_pending() == RESIDENT_GROUPS - 1
        bot.clock.advance(timedelta(seconds=GRACE))
        assert await runtime.deliver_pending() == 1
        first = rows(bot, broadcast_id)[0]
        assert first.delivered_via is DeliveredVia.TRANSPORT
        assert copies(bot)[cut_off.group] == 2


async def test_with_no_grace_a_cut_off_send_is_retried_as_before(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with cut_off_bot(db_url, tmp_path, demo_config, classifier, grace=0) as bot:
        broadcast_id = queue_broadcast(bot.linli)
        assert await bot.linli.runtime.deliver_pending() == 0
        first = rows(bot, broadcast_id)[0]
        assert first.status is OutboxStatus.PENDING and first.confirm_by is None
        await reconnect(bot)
        await bot.linli.runtime.echoed(echo_of(bot.transport.sent[0]))  # too late to matter
        assert await bot.linli.runtime.deliver_pending() == RESIDENT_GROUPS
        assert copies(bot)[bot.transport.sent[0].group] == 2


async def test_a_private_reply_cut_off_is_confirmed_and_echoes_are_never_speech(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with cut_off_bot(db_url, tmp_path, demo_config, classifier) as bot:
        await bot.transport.say(
            sender_id=bot.directory.person("张阿姨"), sender_name="张阿姨", text="我的诉求"
        )
        assert await bot.linli.runtime.deliver_pending() == 0
        [reply] = bot.transport.sent
        assert reply.to_id == bot.directory.person("张阿姨")
        await reconnect(bot)
        # The bot's own account says something that reads like a report: it is not one.
        room = bot.directory.room("兰亭3号楼邻里群")
        own = Echo("own-1", "3号楼电梯坏了，困在一楼上不去", bot.clock.now(), room_id=room)
        await bot.linli.runtime.echoed(own)
        await bot.linli.runtime.echoed(echo_of(reply))
        assert await bot.linli.runtime.deliver_pending() == 0
        assert len(bot.transport.sent) == 1
        with bot.linli.uow_factory() as uow:
            item = uow.outbox.get(bot.transport.outbox_ids[0])
            assert item is not None and item.person_id is not None
            assert item.status is OutboxStatus.SENT and item.delivered_via is DeliveredVia.ECHO
            assert not uow.messages.seen("default", "own-1")
            day = timedelta(days=1)
            assert list(uow.cases.opened_between(START - day, START + day)) == []
