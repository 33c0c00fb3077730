"""Activities as staff and residents meet them (issue 11, C23/C47): an announcement goes to
the venue's 小区 unless the form says otherwise, staff see the groups; a reminder sent late
says 今天 — through the whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.conftest import Bot
from tests.integration.test_activities_chat import FORM, LANTING, at, plan

NO_AUDIENCE = FORM.replace("\n对象：兰亭小区", "")


async def test_an_activity_without_audience_goes_to_its_venues_estate(bot: Bot) -> None:
    await at(bot, "2026-12-01T09:00:00")  # the December preview is out: announced at once
    [created, *posts] = await bot.private(NO_AUDIENCE, who="王敏")
    assert "发到 5 个群：兰亭小区业主群" in created.text  # not 锦绣's groups
    assert "锦绣" not in created.text
    assert "「修改活动 1 对象：全部」" in created.text
    assert {p.group for p in posts} == LANTING


async def test_an_explicit_audience_still_rules(bot: Bot) -> None:
    await at(bot, "2026-12-01T09:00:00")
    [created, *posts] = await bot.private(NO_AUDIENCE + "\n对象：全部", who="王敏")
    assert "锦绣家园业主群" in {p.group for p in posts}
    assert "个群" in created.text


async def test_a_reminder_sent_on_the_day_says_today(bot: Bot) -> None:
    await plan(bot)
    await bot.say("报名 1", who="张阿姨")
    [late] = await at(bot, "2026-12-05T08:10:00")  # the bot was down the evening before
    assert "今天举行" in late.text and "明天" not in late.text


async def test_a_reminder_the_evening_before_says_tomorrow(bot: Bot) -> None:
    await plan(bot)
    await bot.say("报名 1", who="张阿姨")
    [reminder] = await at(bot, "2026-12-04T18:00:00")
    assert "明天举行" in reminder.text
