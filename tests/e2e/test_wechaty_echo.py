"""Exactly once across a disconnect (issue 15 §6), through the real Wechaty protocol: the peer
accepts a send and drops every connection before its answer goes out, then serves again.

With a puppet that echoes the bot's own messages the send is confirmed by its echo and not
sent twice; without one it is resent once after the grace; echoes of another room, another
text or an older time confirm nothing; and the bot's own messages are never residents' words.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.domain.records import DeliveredVia, OutboxItem, OutboxStatus

from .support import DEADLINE, Bot
from .test_wechaty_pipeline import in_room, probe, say
from .wechaty_peer import Peer, World

pytestmark = pytest.mark.e2e

StartBot = Callable[[Peer], Awaitable[Bot]]
ROOM = "jinxiu-b2@chatroom"
OTHER_ROOM = "jinxiu-b3@chatroom"


def queue_notice(bot: Bot, key: str, text: str, room: str = ROOM) -> None:
    """A notice for one group, queued in the outbox as a broadcast's copy would be."""
    linli = bot.linli
    with linli.uow_factory() as uow:
        group = uow.groups.by_room_id(room)
        assert group is not None and group.id is not None
        uow.outbox.add(
            OutboxItem(
                account=linli.settings.account,
                text=text,
                created_at=linli.clock.now(),
                key=key,
                group_id=group.id,
            )
        )
        uow.commit()


def row(bot: Bot, key: str) -> OutboxItem:
    with bot.linli.uow_factory() as uow:
        item = uow.outbox.by_key(key)
        assert item is not None
        return item


async def cut_off(bot: Bot, peer: Peer, key: str, text: str, echo: str = "now") -> None:
    """Queue `text`, let the peer accept it and drop the connection, wait for the return."""
    await peer.acommand("drop_after_send", delayMs=300, echo=echo)
    mark = peer.mark()
    await bot.runtime.call(queue_notice, bot, key, text)
    bot.runtime.sender.wake()
    accepted = await peer.await_bot_said(lambda e: e["text"] == text, DEADLINE, since=mark)
    assert accepted["dropped"] is True
    await bot.tap.until(lambda: any(not online for online, _ in bot.tap.statuses))
    await bot.tap.until(lambda: bot.tap.statuses[-1][0] is True)


async def test_a_send_cut_off_by_a_disconnect_is_confirmed_by_its_echo_and_not_resent(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot
) -> None:
    own = make_peer()
    bot = await start_bot(own)
    bot.runtime.echoes.grace = 60.0  # far longer than the test: only the echo can settle it
    text = "停水通知：明天 9:00-12:00 锦绣家园 2 栋停水"
    await cut_off(bot, own, "e2e-echo-1", text)
    await bot.tap.until(lambda: any(e.text == text for e in bot.tap.echoes))
    # The sender settles its failed send before it sends anything else: after a probe's
    # answer, whatever the echo was going to do is done.
    await probe(own, world.resident("jinxiu", "2"))
    item = row(bot, "e2e-echo-1")
    assert item.status is OutboxStatus.SENT and item.delivered_via is DeliveredVia.ECHO
    assert [e["text"] for e in own.bot_said(0)].count(text) == 1
    assert not bot.runtime.echoes.holding


async def test_an_echo_handed_over_after_the_reconnection_confirms_it_too(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot
) -> None:
    own = make_peer()
    bot = await start_bot(own)
    bot.runtime.echoes.grace = 60.0
    text = "燃气安检通知：下周二起入户检查，请家中留人"
    await cut_off(bot, own, "e2e-echo-4", text, echo="later")
    assert not any(e.text == text for e in bot.tap.echoes)
    assert row(bot, "e2e-echo-4").status is OutboxStatus.SENDING  # held, not resent
    assert (await own.acommand("release_echoes"))["released"] == 1
    await bot.tap.until(lambda: any(e.text == text for e in bot.tap.echoes))
    await probe(own, world.resident("jinxiu", "2"))
    item = row(bot, "e2e-echo-4")
    assert item.status is OutboxStatus.SENT and item.delivered_via is DeliveredVia.ECHO
    assert [e["text"] for e in own.bot_said(0)].count(text) == 1


async def test_without_echoes_a_cut_off_send_is_resent_once_after_the_grace(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot
) -> None:
    own = make_peer()
    await own.acommand("configure", echo=False)
    bot = await start_bot(own)
    bot.runtime.echoes.grace = 1.0
    text = "停电通知：周六 8:00-10:00 锦绣家园 2 栋检修线路"
    await cut_off(bot, own, "e2e-echo-2", text)
    mark = own.mark()
    resent = await own.await_bot_said(lambda e: e["text"] == text, 3 * DEADLINE, since=mark)
    assert "dropped" not in resent
    await probe(own, world.resident("jinxiu", "2"))
    assert [e["text"] for e in own.bot_said(0)].count(text) == 2  # the cut-off copy + one
    item = row(bot, "e2e-echo-2")
    assert item.status is OutboxStatus.SENT and item.delivered_via is DeliveredVia.TRANSPORT
    assert item.attempts == 2
    assert bot.tap.echoes == []


async def test_echoes_of_another_room_text_or_time_confirm_nothing(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot
) -> None:
    own = make_peer()
    await own.acommand("configure", echo=False)
    bot = await start_bot(own)
    bot.runtime.echoes.grace = 8.0
    text = "电梯维保通知：周日 14:00 锦绣家园 2 栋电梯停用两小时"
    await cut_off(bot, own, "e2e-echo-3", text)
    await own.acommand("self_say", room=OTHER_ROOM, text=text)
    await own.acommand("self_say", room=ROOM, text=text + "，请相互转告")
    await own.acommand("self_say", room=ROOM, text=text, ageMs=10 * 60 * 1000)
    await bot.tap.until(lambda: len(bot.tap.echoes) == 3)
    assert {(e.room_id, e.text) for e in bot.tap.echoes} == {
        (OTHER_ROOM, text),
        (ROOM, text + "，请相互转告"),
        (ROOM, text),
    }
    # All three seen while the row is held: none of them confirmed it …
    assert row(bot, "e2e-echo-3").status is OutboxStatus.SENDING
    # … so when the grace is over it goes again, once.
    mark = own.mark()
    await own.await_bot_said(lambda e: e["text"] == text, 3 * DEADLINE, since=mark)
    await probe(own, world.resident("jinxiu", "2"))
    assert [e["text"] for e in own.bot_said(0)].count(text) == 2
    assert row(bot, "e2e-echo-3").delivered_via is DeliveredVia.TRANSPORT


async def test_the_bots_own_messages_are_never_taken_for_residents_speech(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot
) -> None:
    own = make_peer()
    bot = await start_bot(own)
    member = world.resident("jinxiu", "2")
    # Typed on the bot account's phone, or an echo: it reads like a report, and is not one.
    mark = own.mark()
    await own.acommand("self_say", room=ROOM, text="2栋电梯坏了，老人困在里面了，快来人")
    await own.acommand("self_say", to=member, text="我的诉求")
    await bot.tap.until(lambda: len(bot.tap.echoes) >= 2)
    _, answer = await probe(own, member)
    said = own.bot_said(mark)
    assert said == [answer]
    assert bot.tap.messages == [m for m in bot.tap.messages if m.sender_id == member]
    with bot.linli.uow_factory() as uow:
        assert uow.cases.by_reporter(_person(bot, world.bot_id), 5) == []
    assert "没有反映过" in answer["text"]
    # A room message from the bot reaches the core only as an echo, never as a message.
    assert [e for e in bot.tap.echoes if e.room_id == ROOM]
    assert not [m for m in bot.tap.messages if m.sender_id == world.bot_id]
    mark = await say(own, member, "2栋电梯坏了，老人下不了楼", room=ROOM)
    reply = await own.await_bot_said(in_room(ROOM), DEADLINE, since=mark)
    assert "E0001" in reply["text"]  # the first case of this bot: the echo opened none


def _person(bot: Bot, wechat_id: str) -> int:
    with bot.linli.uow_factory() as uow:
        person = uow.people.by_wechat_id(wechat_id)
        return person.id if person is not None and person.id is not None else -1
