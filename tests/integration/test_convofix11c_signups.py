"""convofix11c: 我的报名 after staff cancel an activity says so (with the reason when given),
for a confirmed and a waitlisted sign-up alike; other activities keep their state."""

from __future__ import annotations

from tests.conftest import Bot
from tests.integration.test_activities_chat import at, plan

SECOND = (
    "新活动\n标题：剪纸课\n类型：文娱\n地点：党群服务站\n"
    "时间：2026-12-06 09:00-11:00\n名额：5\n对象：兰亭小区"
)


async def test_my_signups_marks_the_cancelled_one_and_keeps_the_others(bot: Bot) -> None:
    await plan(bot)  # 名额 2, 候补 1
    await plan(bot, SECOND)
    await at(bot, "2026-11-25T09:00:00")
    for who in ("张阿姨", "李大爷", "钱阿姨"):
        await bot.say("报名 1", who=who)  # in the group: 钱阿姨 is third, on the waiting list
    await bot.say("报名 2", who="钱阿姨")
    await bot.private("取消活动 1 场地维修", who="王敏")
    bot.new()
    [mine] = await bot.private("我的报名", who="钱阿姨")
    first, second = mine.text.splitlines()[1:3]
    assert first.startswith("【1】免费测血压") and first.endswith(
        "活动已取消（场地维修），无需前往"
    )
    assert second.startswith("【2】剪纸课") and second.endswith("已报名")


async def test_cancelled_without_a_reason_still_says_cancelled(bot: Bot) -> None:
    await plan(bot)
    await at(bot, "2026-11-25T09:00:00")
    await bot.say("报名 1", who="张阿姨")
    await bot.private("取消活动 1", who="王敏")
    bot.new()
    [mine] = await bot.private("我的报名", who="张阿姨")
    assert mine.text.splitlines()[1].endswith("活动已取消，无需前往")
