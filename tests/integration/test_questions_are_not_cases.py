"""A question is not a case (convo4 rule 3; F44, F51, F52, F61, F62, F63, F98, F105), through
the whole bot on SQLite and PostgreSQL: replies to a staff notice that still holds get the
notice back, a protest about one's own points gets the record, an opinion on a 议题 open for
opinions is recorded on it, "我的帮办呢" inside a complaint is the status query — none of them
opens a 诉求 — and a code-less 撤回 with several open requests asks which."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import Bot
from tests.integration.cases_support import advance

NOTICE = "通知 兰亭小区 明天（11月24日）9:00-15:00 因管网维修停水，请提前储水。"


def case_count(bot: Bot) -> int:
    with bot.linli.uow_factory() as uow:
        return len(list(uow.cases.find()))


async def water_notice(bot: Bot) -> None:
    await bot.private(NOTICE, who="王敏")
    await bot.private("确认", who="王敏")


# ---- F51, F52, F105: replies to the 停水通知 -------------------------------------------------


async def test_questions_and_grumbles_about_the_notice_get_the_notice(bot: Bot) -> None:
    await water_notice(bot)
    for who, group, text in (
        ("钱奶奶", "兰亭1号楼邻里群", "停水是哪几栋啊 我们1号楼停不停"),
        ("赵大爷", "兰亭3号楼邻里群", "又停水 上个月刚停过 能不能别老停"),
        ("王奶奶", "兰亭3号楼邻里群", "几点恢复供水啊"),
    ):
        [answer] = await bot.say(text, who=who, group=group)
        assert answer.group == group and "计划停水（通知 B0001，发给兰亭小区）" in answer.text
        assert "9:00-15:00 因管网维修停水" in answer.text
    # Addressed to the bot, a question is still a question (F105).
    [asked] = await bot.say("@邻里小助手 停水几点恢复啊", mentions=("邻里小助手",))
    assert "B0001" in asked.text
    assert case_count(bot) == 0
    # "收到" needs no answer; a fault that is not the notice's is still a report.
    assert await bot.say("收到👌", who="李叔") == []
    sent = await bot.say("3号楼电梯坏了 卡在5楼", who="李叔")
    assert any("编号 E0001" in s.text for s in sent)


async def test_during_the_window_the_fault_is_the_notice_and_after_it_is_news(bot: Bot) -> None:
    await water_notice(bot)
    await advance(bot, hours=25)  # 11-24 10:00, inside 9:00-15:00
    [answer] = await bot.say("停水了", who="李叔")
    assert "B0001" in answer.text and case_count(bot) == 0
    await advance(bot, hours=6)  # 16:00: the water should be back
    sent = await bot.say("都4点了怎么还没来水 停水到现在", who="王奶奶")
    assert not any("B0001" in s.text for s in sent)


async def test_privately_the_notice_of_ones_own_estate_answers(bot: Bot) -> None:
    await water_notice(bot)
    [answer] = await bot.private("明天停水吗", who="张阿姨")
    assert "B0001" in answer.text
    # 锦绣家园 was not told: its residents' words are theirs.
    sent = await bot.private("明天停水吗", who="罗阿姨")
    assert not any("B0001" in s.text for s in sent)


# ---- F44: disputing one's own points ---------------------------------------------------------


async def test_a_protest_about_a_deduction_gets_the_record_not_a_case(bot: Bot) -> None:
    await bot.private("扣分 @小王 飞线充电", who="王敏")
    told, answer = await bot.private("凭什么扣我分 我没飞线", who="小王")
    assert answer.to == "小王" and "飞线充电 -5" in answer.text
    # the protest reaches whoever scored the row (convo14b), who can 「更正」 it
    assert "您的话已转告王敏核实" in answer.text
    assert told.to == "王敏" and told.text.startswith("【积分疑问】小王 对积分有疑问")
    assert "「更正 #编号」" in told.text
    assert case_count(bot) == 0
    assert not any("党员群" in (s.group or "") for s in bot.transport.sent[-3:])


async def test_without_points_on_the_ledger_the_words_go_on_as_before(bot: Bot) -> None:
    sent = await bot.private("凭什么扣我分", who="钱奶奶")
    assert not any("积分记录（最近几条）" in s.text for s in sent)


# ---- F61: opinions on the open 议题 -----------------------------------------------------------


async def test_opinions_on_the_consulting_topic_are_recorded_on_it(bot: Bot) -> None:
    await bot.private("新议题\n标题：小区停车位重新划线\n级别：小区\n说明：车位不够", who="刘建华")
    await bot.private("征求意见 Y0001", who="刘建华")
    [group] = await bot.say("停车位的事我有意见 外来车太多了", who="张阿姨", group="兰亭小区业主群")
    assert "意见已记下（Y0001）" in group.text
    [private] = await bot.private("对停车那个议题 我觉得应该先把僵尸车清走", who="刘大爷")
    assert "Y0001 的意见已记下" in private.text
    assert case_count(bot) == 0
    [summary] = await bot.private("意见汇总 Y0001", who="刘建华")
    assert "外来车太多了" in summary.text and "僵尸车" in summary.text
    # A fault that shares no word with the topic is still a report, and so is one that does
    # when it does not call itself an opinion.
    sent = await bot.say("3号楼电梯坏了 卡在5楼", who="李叔")
    assert any("编号 E0001" in s.text for s in sent)
    sent = await bot.say("3号楼门口的停车位地锁坏了 应该修修", who="李叔")
    assert any("编号 E0002" in s.text for s in sent)


# ---- F62, F63, F98: "我的帮办呢", then 撤回 ---------------------------------------------------


async def test_my_help_request_inside_a_complaint_is_the_status_query(bot: Bot) -> None:
    await bot.say("代办 交电费", who="张阿姨")
    await bot.private("地址 3号楼1单元101 明天上午", who="张阿姨")
    bot.clock.advance(timedelta(hours=8))
    [status] = await bot.private("怎么还没人来啊 我的帮办呢", who="张阿姨")
    assert "H0001" in status.text and "待接单" in status.text
    assert case_count(bot) == 0
    # The team members it was offered to are told too (convofix15c); her own answer:
    [withdrawn] = [s for s in await bot.private("不要了 撤回吧", who="张阿姨") if s.to == "张阿姨"]
    assert "H0001" in withdrawn.text and "取消" in withdrawn.text


async def test_withdraw_without_a_code_with_two_open_asks_which(bot: Bot) -> None:
    await bot.say("代办 交电费", who="张阿姨")
    await bot.private("地址 3号楼1单元101 明天上午", who="张阿姨")
    await bot.say("心愿 想请人帮忙换个灯泡", who="张阿姨")
    [asked] = await bot.private("不要了 撤回吧", who="张阿姨")
    assert "要撤回哪一件" in asked.text
    assert "「取消帮办 H0001」" in asked.text and "「撤回心愿 W0001」" in asked.text
