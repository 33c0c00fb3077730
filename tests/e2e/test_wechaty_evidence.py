"""Photos and voice notes over the real Wechaty puppet-service protocol: the peer sends a
member's file, the transport downloads it through the puppet (message_image/message_file),
and the core keeps it on the case (issue 14)."""

from __future__ import annotations

import base64

import pytest

from bot.domain.messages import MessageType
from tests.evidence_files import has_gps, jpeg_with_gps, png, silk_voice

from .support import DEADLINE
from .test_wechaty_pipeline import B3, StartBot, in_room, report, to_member
from .wechaty_peer import Peer, World

pytestmark = pytest.mark.e2e


async def send_file(peer: Peer, member: str, kind: str, data: bytes, room: str | None) -> str:
    result = await peer.acommand(
        "send_non_text",
        **{"from": member},
        room=room,
        kind=kind,
        base64=base64.b64encode(data).decode(),
        name=f"IMG_0001.{'jpg' if kind == 'image' else 'silk'}",
    )
    return str(result["messageId"])


async def test_a_photo_after_a_report_arrives_and_attaches_to_the_case(
    peer: Peer, world: World, start_bot: StartBot
) -> None:
    bot = await start_bot(peer)
    reporter = world.resident("lanting", "3")
    _, code = await report(bot, reporter, B3, "3号楼电梯坏了，门关不上")
    picture, located = png(), jpeg_with_gps()
    first = await send_file(peer, reporter, "image", picture, B3)
    second = await send_file(peer, reporter, "image", located, B3)
    handled = await bot.tap.until(
        lambda: {m.message_id for m in bot.tap.messages} >= {first, second}, DEADLINE
    )
    assert handled
    images = [m for m in bot.tap.messages if m.type is MessageType.IMAGE]
    assert all(m.media is not None for m in images)
    with bot.linli.uow_factory() as uow:
        kept = list(uow.evidence.for_case(int(code[1:])))
    assert [e.message_id for e in kept] == [first, second]
    media = bot.linli.media
    assert media.get(kept[0].sha256) == picture  # the very bytes the member sent
    stored = media.get(kept[1].sha256)
    assert stored is not None and not has_gps(stored)  # the GPS never reached the disk
    # Attached quietly: no answer in the group after the report's acknowledgement.
    assert [e for e in peer.bot_said(0) if in_room(B3)(e)][1:] == []


async def test_a_voice_note_in_private_gets_a_hint_and_is_kept(
    peer: Peer, world: World, start_bot: StartBot
) -> None:
    bot = await start_bot(peer)
    member = world.resident("lanting", "4")
    mark = peer.mark()
    voice = silk_voice()
    sent = await send_file(peer, member, "voice", voice, None)
    hint = await peer.await_bot_said(to_member(member), DEADLINE, since=mark)
    assert "文字" in hint["text"] and "语音" in hint["text"]
    with bot.linli.uow_factory() as uow:
        [kept] = [e for e in uow.evidence.find(person_id=_person(bot, member), group_id=None)]
    assert kept.message_id == sent and kept.kind == "voice"
    assert bot.linli.media.get(kept.sha256) == voice


def _person(bot: object, wechat_id: str) -> int:
    with bot.linli.uow_factory() as uow:  # type: ignore[attr-defined]
        person = uow.people.by_wechat_id(wechat_id)
        assert person is not None and person.id is not None
        return person.id
