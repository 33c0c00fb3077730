"""Several commands in one message are all handled (convo4 rule 9; F58, F88), through the
whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.conftest import Bot

ACTIVITY = (
    "新活动\n标题：{title}\n类型：健康保健\n地点：党群服务站\n时间：{when}\n名额：{seats}\n积分：5"
)


async def two_activities(bot: Bot) -> None:
    await bot.private(
        ACTIVITY.format(title="老年人免费义诊", when="2026-12-05 09:00", seats=1), who="王敏"
    )
    await bot.private(
        ACTIVITY.format(title="反诈宣传讲座", when="2026-12-08 14:30", seats=30), who="王敏"
    )


async def test_cancel_one_and_sign_up_for_another_in_one_message(bot: Bot) -> None:
    await two_activities(bot)
    await bot.say("报名1", who="张阿姨")
    await bot.say("报名1", who="小王")  # waitlisted: the only seat is taken
    sent = await bot.say("取消报名１ 报名2", who="小王")
    texts = [s.text for s in sent]
    assert any("已为您取消报名活动【1】" in t for t in texts)
    assert any("报名成功：【2】反诈宣传讲座" in t for t in texts)
    [mine] = [s for s in await bot.private("我的报名", who="小王")]
    assert "反诈宣传讲座" in mine.text and "义诊" not in mine.text


async def test_a_sign_up_and_a_points_question_in_one_message(bot: Bot) -> None:
    await two_activities(bot)
    sent = await bot.say("报名2，另外问下我有多少积分", who="李叔")
    assert any("报名成功：【2】" in s.text for s in sent)
    assert any(s.to == "李叔" and "您的积分" in s.text for s in sent)


async def test_a_polite_message_with_a_points_question_is_answered(bot: Bot) -> None:
    sent = await bot.say("小助手你好 我是3号楼赵大爷 再问一下我有多少积分 谢谢", who="赵大爷")
    assert any(s.to == "赵大爷" and "您的积分" in s.text for s in sent)
