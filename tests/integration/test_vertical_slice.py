"""The foundation's vertical slice, through the whole bot, on SQLite and on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.domain.messages import MessageType
from bot.handlers.help import REPEAT_WINDOW
from storage import tables
from tests.conftest import Bot


def count(bot: Bot, table: object) -> int:
    with bot.linli.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()  # type: ignore[arg-type]


async def test_report_opens_case_and_replies_with_mention(bot: Bot) -> None:
    [reply] = await bot.say("3号楼电梯坏了", who="张阿姨")
    assert reply.group == "兰亭3号楼邻里群"
    assert reply.mentions == ("张阿姨",)
    assert "E0001" in reply.text and "电梯" in reply.text and "3号楼" in reply.text
    assert "进度 E0001" in reply.text  # tells the resident how to follow up
    with bot.linli.uow_factory() as uow:
        case = uow.cases.get(1)
        assert case is not None
        assert (case.category, case.building, case.status.value) == ("elevator", "3", "accepted")
        assert case.reporter_id is not None


async def test_status_in_group_and_privately(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    bot.clock.advance(__import__("datetime").timedelta(minutes=5))
    [status] = await bot.say("进度 E0001")
    assert status.text.startswith("诉求 E0001 · 电梯 · 3号楼")
    assert "状态：已受理" in status.text and "11-23 09:00 已受理" in status.text
    [mine] = await bot.private("我的诉求")
    assert mine.group is None and mine.to == "张阿姨"
    assert "E0001 电梯 · 3号楼 · 已受理" in mine.text
    [private_status] = await bot.private("进度E0001")  # glued, as people type it
    assert private_status.to == "张阿姨" and "E0001" in private_status.text


async def test_small_talk_is_silent_but_stored(bot: Bot) -> None:
    assert await bot.say("今天天气真好，大家吃了吗") == []
    assert await bot.say("哈哈哈哈") == []
    assert count(bot, tables.messages) == 2
    assert count(bot, tables.cases) == 0


async def test_help_and_bare_mention(bot: Bot) -> None:
    [help_reply] = await bot.say("帮助")
    assert "进度 E0001" in help_reply.text and "我的诉求" in help_reply.text
    bot.clock.advance(REPEAT_WINDOW)  # within it, the help just posted is pointed to
    [mention] = await bot.say("@邻里小助手", mentions=("邻里小助手",))
    assert mention.text == help_reply.text


async def test_unknown_case_number_gets_a_clear_reply(bot: Bot) -> None:
    [reply] = await bot.say("进度 E0099")
    assert "查不到诉求 E0099" in reply.text


async def test_same_message_id_twice_opens_one_case(bot: Bot) -> None:
    first = await bot.say("3号楼电梯坏了", message_id="wx-msg-1")
    second = await bot.say("3号楼电梯坏了", message_id="wx-msg-1")
    assert len(first) == 1 and second == []
    assert count(bot, tables.cases) == 1 and count(bot, tables.messages) == 1


async def test_same_incident_from_neighbours_joins_one_case(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了", who="张阿姨")
    [joined] = await bot.say("3号楼的电梯又停了，上不去", who="李大爷")
    assert "E0001" in joined.text and "共 2 位居民反映" in joined.text
    assert count(bot, tables.cases) == 1


async def test_two_different_facilities_problems_in_one_building_are_two_cases(bot: Bot) -> None:
    await bot.say("3号楼门禁坏了，刷卡没反应", who="张阿姨")
    [second] = await bot.say("3号楼楼道灯不亮，晚上黑乎乎的", who="李大爷")
    assert "E0002" in second.text and "已合并" not in second.text
    [third] = await bot.say("3号楼楼道的灯坏了好几天了", who="王叔叔")
    assert "E0002" in third.text and "共 2 位居民反映" in third.text  # the same lamp joins
    with bot.linli.uow_factory() as uow:
        cases = [uow.cases.get(1), uow.cases.get(2)]
    assert [c.category for c in cases if c] == ["facilities", "facilities"]
    assert count(bot, tables.cases) == 2


async def test_one_residents_second_different_problem_is_a_case_of_its_own_c49(bot: Bot) -> None:
    await bot.say("3号楼信报箱被撬了好几个", who="刘大爷")
    [second] = await bot.say("3号楼单元门口台阶塌了一块 绊脚", who="刘大爷")
    assert "E0002" in second.text and "您已反映过" not in second.text
    [again] = await bot.say("3号楼的信报箱被人撬了", who="刘大爷")
    assert "您已反映过这个问题（编号 E0001）" in again.text


async def test_unbound_group_is_silent_and_listed(bot: Bot) -> None:
    assert await bot.say("3号楼电梯坏了", group="隔壁小区吃喝群") == []
    assert count(bot, tables.cases) == 0
    with bot.linli.uow_factory() as uow:
        groups = [g for g in uow.groups.all() if not g.bound]
    assert [g.topic for g in groups] == ["隔壁小区吃喝群"]
    assert count(bot, tables.messages) == 1  # stored all the same


async def test_non_text_messages_never_crash(bot: Bot) -> None:
    for kind in (MessageType.IMAGE, MessageType.VOICE, MessageType.EMOTICON, MessageType.URL):
        assert await bot.say("", type=kind) == []
    [hint] = await bot.say("", type=MessageType.IMAGE, mentions=("邻里小助手",))
    assert "文字" in hint.text
    [private_hint] = await bot.say("", type=MessageType.VOICE, group=None)
    assert "文字" in private_hint.text
    assert count(bot, tables.messages) == 6


async def test_empty_emoji_and_sticker_codes_are_silent(bot: Bot) -> None:
    for text in ("", "   \n\t ", "😂😂😂👍", "[捂脸][捂脸]", "[强]"):
        assert await bot.say(text) == [], text


async def test_very_long_message_is_kept_whole(bot: Bot) -> None:
    rant = "3号楼电梯坏了" + "，物业到现在都没人来管" * 500
    rant = rant[:5000]
    replies = await bot.say(rant)
    assert len(replies) == 1 and "E0001" in replies[0].text
    with bot.linli.engine.connect() as conn:
        kept = conn.execute(select(tables.messages.c.text)).scalar_one()
    assert kept == rant
    with bot.linli.uow_factory() as uow:
        case = uow.cases.get(1)
        assert case is not None and len(case.summary) <= 120


async def test_phone_numbers_are_masked_in_public_status(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了，有事打我电话13812345678")
    [status] = await bot.say("进度 E0001")
    assert "13812345678" not in status.text and "138****5678" in status.text
