"""Retention keeps its word (probe9): after three years a closed case keeps no phone, door
number or name of who reported it anywhere (summary, records, corrections, the department's
copy), and a 待确认 message judged 不是诉求 goes after message_days like any other that never
became a case. Both backends, the virtual clock."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.domain.lifecycle import closed_unrated
from bot.domain.messages import MessageType
from bot.services.privacy import retention
from bot.services.privacy.retention import RetentionPolicy
from storage import tables
from tests.conftest import Bot
from tests.evidence_files import jpeg_with_gps, png

PHONE = "13912345678"


def _rows(bot: Bot, table: str) -> list[dict[str, object]]:
    with bot.linli.uow_factory() as uow:
        session = uow._session  # type: ignore[attr-defined]
        return [dict(r._mapping) for r in session.execute(select(tables.metadata.tables[table]))]


async def test_a_pseudonymised_case_keeps_no_phone_door_or_name(bot: Bot) -> None:
    await bot.say("", who="张阿姨", type=MessageType.IMAGE, media=jpeg_with_gps())
    await bot.say(f"3号楼2单元502 电梯坏了 我是张阿姨 电话{PHONE}", who="张阿姨")
    await bot.say(f"3号楼电梯又不动了 我家502 {PHONE}", who="张阿姨")  # a note on the case
    with bot.linli.uow_factory() as uow:
        case = uow.cases.get(1)
        assert case is not None
        closed_unrated(case, bot.clock.now())
        uow.commit()
    bot.clock.advance(timedelta(days=3 * 366))

    counts = retention.purge(bot.linli.uow_factory, RetentionPolicy(), bot.clock.now())

    assert counts.cases == 1
    [case] = _rows(bot, "cases")
    assert "电梯坏了" in str(case["summary"])
    texts = [str(case["summary"])] + [str(e["text"]) for e in _rows(bot, "case_events")]
    for needle in (PHONE, "5678", "502", "张阿姨"):
        assert not [t for t in texts if needle in t], needle
    [photo] = _rows(bot, "case_evidence")
    assert photo["case_id"] == 1 and photo["person_id"] == case["reporter_id"]  # anonymous


async def test_the_purge_command_takes_the_files_no_case_took(bot: Bot) -> None:
    await bot.say("", who="张阿姨", type=MessageType.IMAGE, media=png())  # never a report
    media = bot.linli.settings.data_dir / "media"
    assert len([p for p in media.rglob("*") if p.is_file()]) == 1
    policy = RetentionPolicy()
    bot.clock.advance(timedelta(days=181))
    with bot.linli.uow_factory() as uow:
        assert retention.plan(uow, policy, bot.clock.now()).files == 1

    counts = retention.purge(
        bot.linli.uow_factory, policy, bot.clock.now(), "admin", bot.linli.media
    )

    assert counts.files == 1 and "照片、语音、视频 1 个" in counts.describe()
    assert _rows(bot, "case_evidence") == []
    assert [p for p in media.rglob("*") if p.is_file()] == []


async def test_a_message_judged_not_a_case_goes_after_message_days(bot: Bot) -> None:
    await bot.say("楼道里好像有股怪味 502", who="张阿姨")  # held for review (Q0001)
    [item] = _rows(bot, "review_items")
    assert item["status"] == "pending"
    await bot.private("不是 Q0001", who="赵老师")
    policy = RetentionPolicy()
    bot.clock.advance(timedelta(days=181))
    with bot.linli.uow_factory() as uow:
        planned = retention.plan(uow, policy, bot.clock.now())
    assert (planned.messages, planned.reviews) == (2, 1)  # and 赵老师's private 不是 Q0001

    counts = retention.purge(bot.linli.uow_factory, policy, bot.clock.now())

    assert (counts.messages, counts.reviews) == (2, 1)
    assert [m["text"] for m in _rows(bot, "messages") if "怪味" in str(m["text"])] == []
    [item] = _rows(bot, "review_items")
    assert "怪味" not in str(item["text"]) and item["room"] is None
    assert item["status"] == "dismissed" and item["decided_by"]  # the decision stays
    with bot.linli.uow_factory() as uow:
        assert retention.plan(uow, policy, bot.clock.now()).total == 0
