"""The whole bot (core, SQLite, outbox sender) talking real Wechaty puppet-service protocol
to a mock WeChat built from the demo community.

Silence is shown without sleeping: after the message that must get no answer, the same member
sends a probe that must be answered; messages are handled in order and the outbox sends in
order, so anything said about the first would have come before the probe's answer.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from .support import DEADLINE, Bot
from .wechaty_peer import DEMO_CONFIG, Event, Peer, World

pytestmark = pytest.mark.e2e

B3 = "lanting-b3@chatroom"
CODE = re.compile(r"E\d{4,}")

StartBot = Callable[[Peer], Awaitable[Bot]]


async def say(peer: Peer, member: str, text: str, room: str | None = None, **extra: object) -> int:
    """A member speaks; returns the mark after which the bot's answer will appear."""
    mark = peer.mark()
    await peer.acommand("say", **{"from": member}, room=room, text=text, **extra)
    return mark


def in_room(room: str) -> Callable[[Event], bool]:
    return lambda e: e["roomId"] == room


def to_member(member: str) -> Callable[[Event], bool]:
    return lambda e: e["listenerId"] == member


async def probe(peer: Peer, member: str) -> tuple[int, Event]:
    """A private 我的诉求 from `member`, answered privately: a barrier for silence checks."""
    mark = peer.mark()
    await peer.acommand("say", **{"from": member}, text="我的诉求")
    answer = await peer.await_bot_said(to_member(member), DEADLINE, since=mark)
    return mark, answer


async def report(bot: Bot, member: str, room: str, text: str) -> tuple[Event, str]:
    mark = await say(bot.peer, member, text, room=room)
    reply = await bot.peer.await_bot_said(in_room(room), DEADLINE, since=mark)
    match = CODE.search(reply["text"])
    assert match is not None, reply
    return reply, match.group()


async def test_report_in_a_building_group_is_answered_with_a_case_number_and_a_mention(
    peer: Peer, world: World, start_bot: StartBot
) -> None:
    bot = await start_bot(peer)
    reporter = world.resident("lanting", "3")
    reply, code = await report(bot, reporter, B3, "3号楼电梯坏了，困在一楼上不去")
    assert reply["mentionIdList"] == [reporter]
    alias = world.rooms[B3]["aliases"][reporter]
    assert reply["text"].startswith(f"@{alias} ")
    assert code == "E0001"


async def test_progress_query_in_the_group_returns_the_status(
    peer: Peer, world: World, start_bot: StartBot
) -> None:
    bot = await start_bot(peer)
    reporter = world.resident("lanting", "3", 1)
    _, code = await report(bot, reporter, B3, "3号楼楼道灯坏了，晚上黑漆漆的")
    mark = await say(peer, reporter, f"进度 {code}", room=B3)
    status = await peer.await_bot_said(in_room(B3), DEADLINE, since=mark)
    assert code in status["text"]
    assert status["mentionIdList"] == [reporter]
    assert "已受理" in status["text"]


async def test_private_status_query_lists_my_cases(
    peer: Peer, world: World, start_bot: StartBot
) -> None:
    bot = await start_bot(peer)
    reporter = world.resident("lanting", "4")
    _, code = await report(bot, reporter, "lanting-b4@chatroom", "4号楼水管漏水了，墙都湿了")
    _, answer = await probe(peer, reporter)
    assert code in answer["text"]
    assert answer["roomId"] is None and answer["mentionIdList"] == []


async def test_small_talk_gets_silence(peer: Peer, world: World, start_bot: StartBot) -> None:
    await start_bot(peer)
    member = world.resident("lanting", "1")
    mark = await say(peer, member, "今天天气真好，大家吃了吗", room="lanting-b1@chatroom")
    _, answer = await probe(peer, member)
    said = peer.bot_said(mark)
    assert said[-1] == answer
    assert [e for e in said if e["roomId"] == "lanting-b1@chatroom"] == []


async def test_the_bots_own_messages_are_not_processed(
    peer: Peer, world: World, start_bot: StartBot
) -> None:
    bot = await start_bot(peer)
    reporter = world.resident("lanting", "2")
    room = "lanting-b2@chatroom"
    reply, _ = await report(bot, reporter, room, "2号楼门禁坏了，刷卡进不去")
    # The reply ("已受理您反映的问题…") came back to the bot as a message from itself; had it
    # been taken for a report, a second case and a second answer would precede the probe's.
    _, answer = await probe(peer, reporter)
    after_reply = peer.bot_said(0)
    index = after_reply.index(reply)
    assert after_reply[index + 1 :] == [answer]
    assert answer["text"].count("E0") == 1


async def test_non_text_messages_never_crash_and_get_a_hint_when_addressed(
    peer: Peer, world: World, start_bot: StartBot
) -> None:
    await start_bot(peer)
    member = world.resident("jinxiu", "3")
    room = "jinxiu-b3@chatroom"
    for kind in ("image", "voice", "emoticon", "url", "file", "video"):
        await peer.acommand("send_non_text", **{"from": member}, room=room, kind=kind)
    mark = peer.mark()
    await peer.acommand("send_non_text", **{"from": member}, kind="image")  # private: addressed
    hint = await peer.await_bot_said(to_member(member), DEADLINE, since=mark)
    assert "文字" in hint["text"]
    _, answer = await probe(peer, member)
    assert [e for e in peer.bot_said(mark) if e["roomId"] == room] == []
    assert "没有反映过" in answer["text"] or CODE.search(answer["text"])


async def test_wrong_token_stops_linli_run_with_a_clear_message(peer: Peer, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "WECHATY_PUPPET_SERVICE_TOKEN": "definitely-not-the-token",
        "WECHATY_PUPPET_SERVICE_ENDPOINT": peer.endpoint,
        "LINLI_DATA_DIR": str(tmp_path / "data"),
        "LINLI_CONFIG": str(DEMO_CONFIG),
        "LINLI_CONSOLE_ENABLED": "false",
    }
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 78, output  # EX_CONFIG: systemd does not restart on it
    assert "token" in output and "UNAUTHENTICATED" in output, output
    assert "Traceback" not in output, output
    assert not (tmp_path / ".wechaty").exists()


async def test_gateway_killed_and_restarted_delivers_the_queue_exactly_once(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot
) -> None:
    first = make_peer()
    bot = await start_bot(first)
    reporter = world.resident("jinxiu", "2")
    room = "jinxiu-b2@chatroom"
    await report(bot, reporter, room, "2栋电梯坏了，老人下不了楼")

    first.kill()
    await bot.tap.until(lambda: bot.tap.statuses[-1][0] is False)
    assert bot.runtime.connection.online is False
    # While WeChat is gone the core keeps working: what it says waits in the outbox.
    queued = [f"停水通知 {i}：明天 9:00-12:00 锦绣家园 2 栋停水" for i in range(3)]
    await bot.runtime.call(_queue_notices, bot, room, queued)

    second = make_peer(port=first.port, token=first.token)
    for text in queued:
        await second.await_bot_said(lambda e, t=text: e["text"] == t, 3 * DEADLINE, since=0)
    # …and the staff hear that WeChat is back (王敏 is staff with a WeChat id).
    await second.await_bot_said(
        lambda e: e["listenerId"] == "wxid_wangmin" and "恢复" in e["text"], DEADLINE, since=0
    )
    # Exactly once: a probe answered after the queue means nothing more is on its way.
    await probe(second, reporter)
    texts = [e["text"] for e in second.bot_said(0)]
    for text in queued:
        assert texts.count(text) == 1, texts


def _queue_notices(bot: Bot, room: str, texts: list[str]) -> None:
    from bot.domain.records import OutboxItem

    linli = bot.linli
    now = linli.clock.now()
    with linli.uow_factory() as uow:
        group = uow.groups.by_room_id(room)
        assert group is not None and group.id is not None
        for i, text in enumerate(texts):
            uow.outbox.add(
                OutboxItem(
                    account=linli.settings.account,
                    text=text,
                    created_at=now,
                    key=f"e2e-notice-{i}",
                    group_id=group.id,
                )
            )
        uow.commit()


async def test_a_renamed_group_stays_bound(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot
) -> None:
    own = make_peer()
    bot = await start_bot(own)
    owner = world.resident("lanting", "3")
    await own.acommand("rename_room", room=B3, topic="兰亭3号楼 幸福一家人", by=owner)
    reply, _ = await report(bot, owner, B3, "3号楼电梯又坏了，按钮没反应")
    assert reply["mentionIdList"] == [owner]
    with bot.linli.uow_factory() as uow:
        group = uow.groups.by_room_id(B3)
        assert group is not None and group.bound and group.building_id is not None
        assert group.topic == "兰亭3号楼 幸福一家人"


async def test_a_room_the_config_does_not_know_is_unbound_and_silent(
    make_peer: Callable[..., Peer], world: World, start_bot: StartBot
) -> None:
    own = make_peer()
    bot = await start_bot(own)
    member = world.resident("lanting", "1")
    room = {"id": "dance-42@chatroom", "topic": "兰亭广场舞队", "memberIds": [member]}
    await own.acommand("create_room", room=room, addBot=True, by=member)
    await bot.tap.until(lambda: ("dance-42@chatroom", "兰亭广场舞队") in bot.tap.rooms_seen)
    mark = await say(own, member, "广场的路灯坏了，晚上跳舞看不见", room="dance-42@chatroom")
    await probe(own, member)
    assert [e for e in own.bot_said(mark) if e["roomId"] == "dance-42@chatroom"] == []
    with bot.linli.uow_factory() as uow:
        group = uow.groups.by_room_id("dance-42@chatroom")
        assert group is not None and not group.bound


async def test_reports_said_back_to_back_are_answered_in_their_order(
    peer: Peer, world: World, start_bot: StartBot
) -> None:
    """Text messages are handed to the core without waiting for each answer (so a burst is
    stored by one group commit); their answers still come in the order they were said."""
    bot = await start_bot(peer)
    first, second = world.resident("lanting", "3", 0), world.resident("lanting", "3", 1)
    said = [
        (first, "3号楼电梯坏了"),
        (second, "3号楼楼道灯不亮了"),
        (first, "3号楼消防通道被车堵了"),
        (second, "3号楼2单元水管漏水"),
    ]
    mark = peer.mark()
    for member, words in said:
        await peer.acommand("say", **{"from": member}, room=B3, text=words)
    await peer.await_bot_said(
        lambda e: in_room(B3)(e) and "E0004" in e["text"], DEADLINE, since=mark
    )
    replies = [e for e in peer.bot_said(mark) if e["roomId"] == B3]
    assert [r["mentionIdList"] for r in replies] == [[member] for member, _ in said]
    assert [CODE.findall(r["text"])[0] for r in replies] == [f"E000{i}" for i in range(1, 5)]
    assert sum(bot.runtime.arrivals.stats.sizes) >= len(said)
