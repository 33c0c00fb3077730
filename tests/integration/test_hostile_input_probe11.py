"""What probe11 found: a resident of another 小区 taking a seat at an activity her 小区 was
not invited to (privately, or in her own 小区's group). Through the whole bot, both backends."""

from __future__ import annotations

from tests.conftest import Bot
from tests.integration.test_activities_chat import plan  # 对象：兰亭小区, 2 seats, 1 waiting


async def test_a_resident_of_another_estate_cannot_take_a_seat(bot: Bot) -> None:
    await plan(bot)
    # 钱阿姨 is a 锦绣家园 owner: neither privately nor in 锦绣's groups may she sign up.
    for said, group in (
        ("报名 1", None),
        ("报名 1", "锦绣1栋楼栋群"),
        ("报名 1", "锦绣家园业主群"),
        ("我要报名免费测血压", None),
    ):
        answers = await bot.say(said, who="钱阿姨", group=group)
        assert answers, (said, group)
        assert "报名成功" not in answers[0].text and "候补" not in answers[0].text, answers[0].text
        assert "兰亭小区" in answers[0].text or "没有找到" in answers[0].text, answers[0].text
    # Both seats are still there for 兰亭's residents.
    [first] = await bot.say("报名 1", who="张阿姨")
    [second] = await bot.private("报名 1", who="王奶奶")
    assert first.text.startswith("报名成功") and second.text.startswith("报名成功")
    [mine] = await bot.private("我的报名", who="钱阿姨")
    assert "免费测血压" not in mine.text
