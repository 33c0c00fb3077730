"""Bad input from the puppet, through the real Wechaty protocol (fault9): events for messages
the puppet cannot serve, unknown message types, talkers and rooms the puppet does not know,
no text, huge texts, malformed room events. The transport stays connected, the bot keeps
answering, and what a resident said is kept whenever there is something to keep.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.domain.inbound_text import MAX_TEXT

from .support import Bot
from .test_wechaty_pipeline import probe
from .wechaty_peer import Peer, World

pytestmark = pytest.mark.e2e

StartBot = Callable[[Peer], Awaitable[Bot]]
B3 = "lanting-b3@chatroom"
TEXT = 7  # wechaty-puppet's MessageType.Text


def stored_texts(bot: Bot) -> list[str]:
    from sqlalchemy import text

    with bot.linli.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT text FROM messages ORDER BY id"))]


async def still_answers(bot: Bot, world: World) -> None:
    """The transport is up and the whole bot still answers a member (a barrier, too)."""
    await probe(bot.peer, world.resident("lanting", "3"))
    assert bot.transport.logged_in


async def raw(peer: Peer, **payload: Any) -> str:
    result = await peer.acommand("raw_message", payload=payload)
    return str(result["messageId"])


async def test_a_message_the_puppet_cannot_serve_is_skipped(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot
) -> None:
    own = make_peer()
    bot = await start_bot(own)
    await own.acommand("raw_message", noPayload=True)
    await still_answers(bot, world)


@pytest.mark.parametrize("kind", [0, 4, 8, 11, 12, 13, 16, 99])
async def test_unknown_and_unusual_message_types_do_not_stop_the_bot(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot, kind: int
) -> None:
    own = make_peer()
    bot = await start_bot(own)
    member = world.resident("lanting", "3")
    await raw(own, type=kind, talkerId=member, roomId=B3, text="<msg>…</msg>", mentionIdList=[])
    await still_answers(bot, world)


async def test_a_talker_the_puppet_does_not_know_is_still_heard(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot
) -> None:
    own = make_peer()
    bot = await start_bot(own)
    await raw(
        own, type=TEXT, talkerId="wxid_ghost", roomId=B3, text="3号楼电梯坏了", mentionIdList=[]
    )
    await still_answers(bot, world)
    assert "3号楼电梯坏了" in stored_texts(bot)


async def test_a_room_the_puppet_does_not_know_does_not_stop_the_bot(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot
) -> None:
    own = make_peer()
    bot = await start_bot(own)
    member = world.resident("lanting", "3")
    await raw(
        own, type=TEXT, talkerId=member, roomId="ghost@chatroom", text="你好", mentionIdList=[]
    )
    await still_answers(bot, world)


async def test_a_message_without_text_or_timestamp_does_not_stop_the_bot(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot
) -> None:
    own = make_peer()
    bot = await start_bot(own)
    member = world.resident("lanting", "3")
    await raw(own, type=TEXT, talkerId=member, roomId=B3, timestamp=None, mentionIdList=[])
    await raw(own, type=TEXT, talkerId=member, roomId=B3, text=None, mentionIdList=None)
    await still_answers(bot, world)


@pytest.mark.parametrize("size", [200_000, 3_000_000, 6_000_000])
async def test_a_huge_text_is_kept_cut_to_size_or_skipped_and_the_bot_answers(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot, size: int
) -> None:
    own = make_peer()
    bot = await start_bot(own)
    member = world.resident("lanting", "3")
    await raw(own, type=TEXT, talkerId=member, roomId=B3, text="电" * size, mentionIdList=[])
    await still_answers(bot, world)
    [kept] = [t for t in stored_texts(bot) if t.startswith("电")]
    assert kept.startswith("电" * MAX_TEXT) and len(kept) < MAX_TEXT + 100  # cut, with a note


async def test_malformed_room_events_do_not_stop_the_bot(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot
) -> None:
    own = make_peer()
    bot = await start_bot(own)
    for event, payload in [
        ("room-join", {"roomId": "ghost@chatroom", "inviteeIdList": ["wxid_linli_bot"]}),
        ("room-join", {}),
        ("room-leave", {"roomId": B3}),
        ("room-topic", {"roomId": B3}),
        ("room-topic", {"roomId": "ghost@chatroom", "newTopic": "x" * 100_000}),
        ("login", {"contactId": ""}),
        ("scan", {"status": 99}),
        ("dong", {"data": "x"}),
    ]:
        await own.acommand("emit", event=event, payload=payload)
    await still_answers(bot, world)
    # Each skipped on its own: the connection never dropped (python-wechaty's reader ended
    # the stream on the first, and what was said during the reconnection was lost).
    assert [online for online, _ in bot.tap.statuses] == [True]
    member = world.resident("lanting", "3")
    await own.acommand("emit", event="room-join", payload={"roomId": B3})
    await own.acommand("say", **{"from": member}, room=B3, text="3号楼楼道灯不亮了")
    await still_answers(bot, world)
    assert "3号楼楼道灯不亮了" in stored_texts(bot)
    assert [online for online, _ in bot.tap.statuses] == [True]
