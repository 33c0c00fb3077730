"""Photos, voice notes and videos as evidence on cases, through the whole bot (both backends)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.domain.evidence import Evidence, blob_path
from bot.domain.messages import MessageType
from bot.services.evidence import delete_case_evidence
from storage import tables
from storage.blobs import FileBlobStore
from tests.conftest import Bot
from tests.evidence_files import fake_jpeg, has_gps, jpeg_with_gps, png, silk_voice

GROUP = "兰亭3号楼邻里群"


def evidence(bot: Bot, case_id: int | None = None) -> list[Evidence]:
    with bot.linli.uow_factory() as uow:
        if case_id is not None:
            return list(uow.evidence.for_case(case_id))
    with bot.linli.engine.connect() as conn:
        ids = conn.execute(select(tables.case_evidence.c.id).order_by("id")).scalars().all()
    with bot.linli.uow_factory() as uow:
        return [e for e in (uow.evidence.get(i) for i in ids) if e is not None]


def blobs(bot: Bot) -> FileBlobStore:
    return FileBlobStore(bot.linli.settings.data_dir / "media")


def messages(bot: Bot) -> int:
    with bot.linli.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(tables.messages)).scalar_one()


async def photo(bot: Bot, data: bytes, **kw: object) -> list:  # type: ignore[type-arg]
    return await bot.say("", type=MessageType.IMAGE, media=data, **kw)  # type: ignore[arg-type]


async def test_photo_after_a_report_attaches_silently(bot: Bot) -> None:
    [ack] = await bot.say("3号楼电梯坏了")
    assert "E0001" in ack.text
    bot.clock.advance(timedelta(minutes=2))
    assert await photo(bot, jpeg_with_gps()) == []
    [kept] = evidence(bot, 1)
    assert kept.kind == "photo" and kept.mime == "image/jpeg"
    stored = blobs(bot).get(kept.sha256)
    assert stored is not None and not has_gps(stored)  # the position never reached the disk
    assert (bot.linli.settings.data_dir / "media" / blob_path(kept.sha256)).is_file()


async def test_photo_before_a_report_is_adopted_by_it(bot: Bot) -> None:
    assert await photo(bot, png()) == []  # alone: stored, silent
    [waiting] = evidence(bot)
    assert waiting.case_id is None
    bot.clock.advance(timedelta(minutes=4))
    [ack] = await bot.say("3号楼电梯坏了")
    assert "E0001" in ack.text
    assert [e.sha256 for e in evidence(bot, 1)] == [waiting.sha256]


async def test_outside_the_window_nothing_attaches(bot: Bot) -> None:
    await photo(bot, png())
    bot.clock.advance(timedelta(minutes=6))
    await bot.say("3号楼电梯坏了")
    bot.clock.advance(timedelta(minutes=6))
    assert await photo(bot, jpeg_with_gps()) == []
    assert evidence(bot, 1) == []
    assert [e.case_id for e in evidence(bot)] == [None, None]


async def test_photos_one_after_another_do_not_stretch_the_window(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    for shade in range(4):
        bot.clock.advance(timedelta(minutes=2))
        await photo(bot, png((shade, 50, 50)))
    # 2, 4 minutes after the report: attached; 6, 8 minutes: waiting for a report.
    assert len(evidence(bot, 1)) == 2
    assert [e.case_id for e in evidence(bot)] == [1, 1, None, None]


async def test_another_residents_photo_does_not_attach(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    await photo(bot, png(), who="李大爷")
    assert evidence(bot, 1) == []


async def test_photo_quoting_the_acknowledgement_attaches_later(bot: Bot) -> None:
    [ack] = await bot.say("3号楼电梯坏了")
    bot.clock.advance(timedelta(hours=2))
    assert await photo(bot, png(), quote=ack.text) == []
    assert len(evidence(bot, 1)) == 1
    # Quoting someone else's case is no way in.
    await photo(bot, jpeg_with_gps(), quote=ack.text, who="李大爷")
    assert len(evidence(bot, 1)) == 1


async def test_handler_photo_after_banjie_is_evidence(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    await bot.say("认领 E0001", who="孙志明")
    bot.clock.advance(timedelta(hours=1))
    await bot.say("办结 E0001 已更换门机", who="孙志明")
    bot.clock.advance(timedelta(minutes=1))
    await photo(bot, jpeg_with_gps((0, 200, 0)), who="孙志明")
    [kept] = evidence(bot, 1)
    with bot.linli.uow_factory() as uow:
        case = uow.cases.get(1)
        assert case is not None and kept.person_id == case.assignee_id
    # Privately, a handler gets one receipt for the first file.
    await bot.say("进展 E0001 复查中", who="孙志明", group=None)
    [receipt] = await photo(bot, png(), who="孙志明", group=None)
    assert "E0001" in receipt.text and "照片" in receipt.text
    assert await photo(bot, png((1, 2, 3)), who="孙志明", group=None) == []
    assert len(evidence(bot, 1)) == 3


async def test_thirty_images_in_a_minute_are_kept_once_each_and_quietly(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    replies = []
    for i in range(30):
        bot.clock.advance(timedelta(seconds=2))
        data = png((i % 10, 0, 0))  # ten distinct pictures, each sent three times
        replies += await photo(bot, data, mentions=("邻里小助手",))
    assert replies == []
    kept = evidence(bot, 1)
    assert len(kept) == 10 and len({e.sha256 for e in kept}) == 10
    assert messages(bot) == 31  # every message row is still there


async def test_a_voice_note_in_private_gets_a_hint_and_is_kept(bot: Bot) -> None:
    [hint] = await bot.say("", type=MessageType.VOICE, media=silk_voice(), group=None)
    assert "文字" in hint.text and "语音" in hint.text
    [kept] = evidence(bot)
    assert kept.kind == "voice" and kept.mime == "audio/silk" and kept.group_id is None
    # A second one right after is kept without a second hint.
    assert await bot.say("", type=MessageType.VOICE, media=silk_voice() + b"x", group=None) == []
    assert len(evidence(bot)) == 2


async def test_an_addressed_photo_with_no_case_near_asks_for_text(bot: Bot) -> None:
    [hint] = await photo(bot, png(), mentions=("邻里小助手",))
    assert "文字" in hint.text
    assert len(evidence(bot)) == 1


async def test_a_fake_jpeg_is_refused_politely_and_not_stored(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    [answer] = await photo(bot, fake_jpeg())
    assert "打不开" in answer.text
    assert evidence(bot) == []
    assert messages(bot) == 2
    assert await photo(bot, fake_jpeg(), who="李大爷") == []  # no case, not addressed: silence


async def test_a_file_over_the_cap_is_answered_and_not_stored(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    big = b"\x00\x00\x00\x18ftypmp42" + bytes(50 * 1024 * 1024)
    [answer] = await bot.say("", type=MessageType.VIDEO, media=big)
    assert "太大" in answer.text and "20 MB" in answer.text
    assert evidence(bot) == []
    assert not (bot.linli.settings.data_dir / "media").exists() or not any(
        (bot.linli.settings.data_dir / "media").rglob("*")
    )
    assert messages(bot) == 2


async def test_deleting_a_case_deletes_its_files_but_not_shared_ones(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    shared, own = png(), jpeg_with_gps()
    await photo(bot, shared)
    await photo(bot, own)
    bot.clock.advance(timedelta(hours=1))
    await photo(bot, shared, who="李大爷")  # the same picture, kept for someone else
    store = blobs(bot)
    with bot.linli.uow_factory() as uow:
        own_hash = next(e.sha256 for e in uow.evidence.for_case(1) if e.mime == "image/jpeg")
        deleted = delete_case_evidence(uow, store, 1)
        uow.commit()
    assert deleted == 1
    assert evidence(bot, 1) == []
    assert store.get(own_hash) is None
    [left] = evidence(bot)
    assert store.get(left.sha256) is not None
