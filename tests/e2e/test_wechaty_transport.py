"""The python-wechaty transport against the real puppet-service protocol, with a recording inbox.

These pin the transport's half of the contract (what it reports, what it sends); the
full-pipeline tests in test_wechaty_pipeline.py run the same protocol through the real core.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable

import pytest

from bot.domain.messages import MessageType, Outbound
from bot.ports import SendFailed
from bot.transports.wechaty import TransportAuthError, WechatyTransport

from .support import DEADLINE, RecordingInbox
from .wechaty_peer import Peer, World

pytestmark = pytest.mark.e2e

B3 = "lanting-b3@chatroom"


async def test_login_reports_every_room_the_bot_is_in(
    connected: WechatyTransport, inbox: RecordingInbox, world: World
) -> None:
    assert connected.self_id == world.bot_id
    assert dict(inbox.rooms_seen) == {rid: r["topic"] for rid, r in world.rooms.items()}
    assert inbox.statuses[-1][0] is True
    assert world.bot_name in inbox.statuses[-1][1]
    # Its contacts too (ids only, without itself), for the core's private-message fallback.
    [contacts] = inbox.contacts
    assert set(contacts) == set(world.contacts) - {world.bot_id}


async def test_room_message_maps_to_inbound_with_mentions(
    connected: WechatyTransport, inbox: RecordingInbox, peer: Peer, world: World
) -> None:
    reporter = world.resident("lanting", "3")
    neighbour = world.resident("lanting", "3", 1)
    text = f"@{world.bot_name}\u2005@{world.rooms[B3]['aliases'][neighbour]} 3号楼电梯坏了"
    sent = await peer.acommand(
        "say", **{"from": reporter}, room=B3, text=text, mentions=[world.bot_id, neighbour]
    )
    got = await inbox.until(
        lambda: [m for m in inbox.messages if m.message_id == sent["messageId"]]
    )
    message = got[0]
    assert message.room_id == B3
    assert message.room_topic == "兰亭3号楼邻里群"
    assert message.sender_id == reporter
    assert message.sender_name == world.contacts[reporter]
    assert message.text == text
    assert message.type is MessageType.TEXT
    assert message.mention_ids == (world.bot_id, neighbour)
    # names as the group shows them: the neighbour's 群昵称, not the WeChat name
    assert message.mention_names == (world.bot_name, world.rooms[B3]["aliases"][neighbour])
    assert message.mentions_bot is True
    assert message.at.tzinfo is not None


async def test_private_message_and_the_bots_own_echo(
    connected: WechatyTransport, inbox: RecordingInbox, peer: Peer, world: World
) -> None:
    resident = world.resident("jinxiu", "2")
    mark = peer.mark()
    await connected.send(Outbound(outbox_id=1, text="您好，我是邻里小助手", to_id=resident))
    await asyncio.to_thread(peer.wait_bot_said, lambda e: True, DEADLINE, since=mark)
    sent = await peer.acommand("say", **{"from": resident}, text="我的诉求")
    got = await inbox.until(
        lambda: [m for m in inbox.messages if m.message_id == sent["messageId"]]
    )
    assert got[0].room_id is None and got[0].is_private
    assert got[0].mentions_bot is False
    # WeChat echoes the bot's own message to it; the resident's message came after the echo,
    # and the worker handles events in order, so the echo was already dropped.
    assert all(m.sender_id != world.bot_id for m in inbox.messages)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("image", MessageType.IMAGE),
        ("voice", MessageType.VOICE),
        ("video", MessageType.VIDEO),
        ("emoticon", MessageType.EMOTICON),
        ("url", MessageType.URL),
        ("file", MessageType.FILE),
    ],
)
async def test_non_text_messages_are_passed_on_typed(
    connected: WechatyTransport,
    inbox: RecordingInbox,
    peer: Peer,
    world: World,
    kind: str,
    expected: MessageType,
) -> None:
    sent = await peer.acommand(
        "send_non_text",
        **{"from": world.resident("lanting", "1")},
        room="lanting-b1@chatroom",
        kind=kind,
    )
    got = await inbox.until(
        lambda: [m for m in inbox.messages if m.message_id == sent["messageId"]]
    )
    assert got[0].type is expected
    assert got[0].text == ""


async def test_send_renders_mentions_with_group_nicknames(
    connected: WechatyTransport, peer: Peer, world: World
) -> None:
    reporter = world.resident("lanting", "3")
    mark = peer.mark()
    await connected.send(
        Outbound(
            outbox_id=7,
            text="已受理您反映的问题，编号 E0001",
            room_id=B3,
            mention_ids=(reporter,),
            mention_names=("roster name, not used when the group knows better",),
        )
    )
    said = await peer.await_bot_said(lambda e: e["roomId"] == B3, DEADLINE, since=mark)
    alias = world.rooms[B3]["aliases"][reporter]
    assert said["text"] == f"@{alias} 已受理您反映的问题，编号 E0001"
    assert said["mentionIdList"] == [reporter]
    assert len(peer.bot_said(mark)) == 1


async def test_send_to_a_room_that_does_not_exist_is_a_permanent_failure(
    connected: WechatyTransport,
) -> None:
    with pytest.raises(SendFailed) as failure:
        await connected.send(Outbound(outbox_id=9, text="hi", room_id="no-such-room@chatroom"))
    assert failure.value.transient is False


async def test_wrong_token_fails_start_clearly(
    peer: Peer, inbox: RecordingInbox, transports: Callable[..., WechatyTransport]
) -> None:
    t = transports(peer, token="not-the-token")
    async with asyncio.timeout(DEADLINE):
        with pytest.raises(TransportAuthError, match="token"):
            await t.start(inbox)
    assert inbox.messages == [] and inbox.rooms_seen == []


async def test_rooms_renamed_joined_and_left_are_reported(
    make_peer: Callable[..., Peer],
    inbox: RecordingInbox,
    transports: Callable[..., WechatyTransport],
    world: World,
) -> None:
    own = make_peer()
    t = transports(own)
    await t.start(inbox)
    async with asyncio.timeout(DEADLINE):
        await t.wait_logged_in()
    owner = world.resident("lanting", "3")

    await own.acommand("rename_room", room=B3, topic="兰亭3号楼邻里群（新）", by=owner)
    await inbox.until(lambda: (B3, "兰亭3号楼邻里群（新）") in inbox.rooms_seen)

    new_room = {"id": "new-room@chatroom", "topic": "兰亭跳广场舞群", "memberIds": [owner]}
    await own.acommand("create_room", room=new_room, addBot=True, by=owner)
    await inbox.until(lambda: ("new-room@chatroom", "兰亭跳广场舞群") in inbox.rooms_seen)

    await own.acommand("remove_bot", room="new-room@chatroom", by=owner)
    await inbox.until(lambda: "new-room@chatroom" in inbox.rooms_left)


async def test_reconnects_after_the_gateway_is_killed(
    make_peer: Callable[..., Peer],
    inbox: RecordingInbox,
    transports: Callable[..., WechatyTransport],
    world: World,
) -> None:
    first = make_peer()
    t = transports(first, health_interval=1.0)
    await t.start(inbox)
    async with asyncio.timeout(DEADLINE):
        await t.wait_logged_in()

    first.kill()
    await inbox.until(lambda: inbox.statuses[-1][0] is False)
    assert "断开" in inbox.statuses[-1][1]
    resident = world.resident("jinxiu", "1")
    with pytest.raises(SendFailed) as failure:
        await t.send(Outbound(outbox_id=1, text="排队中", to_id=resident))
    assert failure.value.transient is True

    second = make_peer(port=first.port, token=first.token)
    await inbox.until(lambda: inbox.statuses[-1][0] is True)
    assert [online for online, _ in inbox.statuses] == [True, False, True]

    mark = second.mark()
    await t.send(Outbound(outbox_id=1, text="排队中", to_id=resident))
    said = await second.await_bot_said(lambda e: e["listenerId"] == resident, DEADLINE, since=mark)
    assert said["text"] == "排队中"
    sent = await second.acommand("say", **{"from": resident}, text="又能收到了吗")
    await inbox.until(lambda: any(m.message_id == sent["messageId"] for m in inbox.messages))


async def test_logout_and_login_are_reported(
    make_peer: Callable[..., Peer],
    inbox: RecordingInbox,
    transports: Callable[..., WechatyTransport],
) -> None:
    own = make_peer()
    t = transports(own)
    await t.start(inbox)
    async with asyncio.timeout(DEADLINE):
        await t.wait_logged_in()
    await own.acommand("logout")
    await inbox.until(lambda: inbox.statuses[-1][0] is False)
    assert "登出" in inbox.statuses[-1][1]
    with pytest.raises(SendFailed) as failure:
        await t.send(Outbound(outbox_id=1, text="x", to_id="wxid_wangmin"))
    assert failure.value.transient is True
    await own.acommand("login")
    await inbox.until(lambda: inbox.statuses[-1][0] is True)


async def test_a_frozen_gateway_is_noticed_by_the_health_check(
    make_peer: Callable[..., Peer],
    inbox: RecordingInbox,
    transports: Callable[..., WechatyTransport],
) -> None:
    """A half-open connection never ends the event stream by itself; the ding probe does."""
    own = make_peer()
    t = transports(own, health_interval=0.3, call_timeout=1.0)
    await t.start(inbox)
    async with asyncio.timeout(DEADLINE):
        await t.wait_logged_in()
    assert own.pid is not None
    os.kill(own.pid, signal.SIGSTOP)  # the process keeps its sockets open but answers nothing
    try:
        await inbox.until(lambda: inbox.statuses[-1][0] is False)
        assert "健康检查" in inbox.statuses[-1][1]
    finally:
        os.kill(own.pid, signal.SIGCONT)
    await inbox.until(lambda: inbox.statuses[-1][0] is True)
    assert [online for online, _ in inbox.statuses] == [True, False, True]
