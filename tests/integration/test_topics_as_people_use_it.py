"""议事 as a secretary runs it (issue 11, C40): scheduling the 议事会 moves the topic into that
stage when nothing is left before it, and every 推进 says what the next one will do —
through the whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import Bot

TOPIC = "议题 小区南门外停车难\n说明：南门外道路晚上停满车，消防通道被占"


async def test_scheduling_the_meeting_enters_it_and_the_next_push_goes_to_the_vote(
    bot: Bot,
) -> None:
    await bot.private(TOPIC, who="刘建华")
    [skipped] = await bot.private("跳过 Y0001 征求意见 上个月开过居民座谈会了", who="刘建华")
    assert "发送「推进 Y0001」，议题转到「议事会」" in skipped.text
    [scheduled] = await bot.private("议事会 Y0001 2026-11-26 19:00 党群服务站", who="刘建华")
    assert "当前阶段：议事会" in scheduled.text
    assert "发送「推进 Y0001」，议题转到「表决」" in scheduled.text
    [pushed] = await bot.private("推进 Y0001 议事会开完了 大家同意划线停车", who="刘建华")
    assert "进入「表决」" in pushed.text and "当前阶段：表决" in pushed.text


async def test_a_running_consultation_is_not_ended_by_scheduling(bot: Bot) -> None:
    await bot.private(TOPIC, who="刘建华")
    await bot.private("征求意见 Y0001", who="刘建华")
    [scheduled, *_] = await bot.private("议事会 Y0001 2026-11-26 19:00 党群服务站", who="刘建华")
    assert "还在征求意见" in scheduled.text and "转到「议事会」" in scheduled.text
    pushed = await bot.private("推进 Y0001", who="刘建华")
    assert any("当前阶段：议事会" in p.text for p in pushed)


async def test_with_the_consultation_ahead_scheduling_keeps_the_stage(bot: Bot) -> None:
    await bot.private(TOPIC, who="刘建华")
    [scheduled] = await bot.private("议事会 Y0001 2026-11-26 19:00 党群服务站", who="刘建华")
    assert "当前阶段：动议" in scheduled.text
    assert "转到「征求意见」" in scheduled.text


# ---- convofix3 #2: the 议事会 time in relative words, read against the bot's clock ----------


def _meetings(bot: Bot) -> list[str]:
    with bot.linli.uow_factory() as uow:
        return [
            m.starts_at.astimezone(bot.linli.profile.tz).strftime("%m-%d %H:%M")
            for m in uow.topics.meetings(1)
        ]


async def test_the_meeting_time_said_in_relative_words(bot: Bot) -> None:
    await bot.private(TOPIC, who="刘建华")  # Monday 23 November, 09:00
    [set_] = await bot.private("议事会 Y0001 明天晚上七点半 党群服务站", who="刘建华")
    assert "时间：11月24日 19:30" in set_.text
    bot.clock.advance(timedelta(days=1))  # Tuesday: "周四" is the 26th
    [moved] = await bot.private("Y0001的议事会改到周四晚上七点半", who="刘建华")
    assert moved.text.startswith("已改期") and "时间：11月26日 19:30" in moved.text
    assert "党群服务站" in moved.text  # the place stays
    [later] = await bot.private("议事会 Y0001 改到下周二下午3点", who="刘建华")
    assert "时间：12月1日 15:00" in later.text
    [same_day] = await bot.private("议事会 Y0001 改到晚上八点", who="刘建华")  # that day
    assert "时间：12月1日 20:00" in same_day.text
    assert _meetings(bot) == ["12-01 20:00"]  # one meeting, moved; not a second one


async def test_an_open_time_is_asked_back_and_changes_nothing(bot: Bot) -> None:
    await bot.private(TOPIC, who="刘建华")
    await bot.private("议事会 Y0001 2026-11-26 19:00 党群服务站", who="刘建华")
    for said, asked in (
        ("议事会 Y0001 改到后天晚上", "「后天晚上」几点？"),
        ("议事会 Y0001 改到周一晚上8点", "是指今天，还是下周一？"),  # said on a Monday
        ("议事会 Y0001 改到周四七点半", "是上午还是下午/晚上？"),
        ("议事会 Y0001 改到 党群服务站", "请说明时间"),
        ("议事会 Y0001 改到昨天", "已经过去了"),
    ):
        [question] = await bot.private(said, who="刘建华")
        assert asked in question.text, (said, question.text)
    assert _meetings(bot) == ["11-26 19:00"]
