"""议事 as a secretary runs it (issue 11, C40): scheduling the 议事会 moves the topic into that
stage when nothing is left before it, and every 推进 says what the next one will do —
through the whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

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
