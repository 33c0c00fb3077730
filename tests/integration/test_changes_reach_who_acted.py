"""Changes and cancellations reach everyone who acted on the original (convo4 F12 F96), through
the whole bot on SQLite and PostgreSQL: a resident who signed up in a group that never had
the preview hears the new time and the cancellation; a member who claimed a wish hears that
it was withdrawn."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import Bot

TALK = (
    "新活动\n标题：反诈宣传讲座\n类型：反诈宣传\n地点：党群服务站\n"
    "时间：2026-12-08 14:30\n名额：30\n积分：3"
)


def told(sent: list) -> dict[str, str]:
    return {s.group or f"private:{s.to}": s.text for s in sent}


async def test_a_signed_up_resident_hears_the_new_time_and_the_cancellation(bot: Bot) -> None:
    await bot.private(TALK, who="王敏")
    await bot.say("报名1", who="李叔")
    moved = told(await bot.private("修改活动 1\n时间：2026-12-09 14:30", who="王敏"))
    assert "12月9日" in moved["private:李叔"]
    off = told(await bot.private("取消活动 1 讲师临时有事", who="王敏"))
    assert "取消" in off["private:李叔"] and "讲师临时有事" in off["private:李叔"]
    assert "报名的 1 人" in off["private:王敏"]


async def test_a_change_nobody_signed_up_for_tells_no_one_privately(bot: Bot) -> None:
    await bot.private(TALK, who="王敏")
    moved = told(await bot.private("修改活动 1\n时间：2026-12-09 14:30", who="王敏"))
    assert set(moved) == {"private:王敏"}


async def test_the_claimer_hears_that_the_wish_was_withdrawn(bot: Bot) -> None:
    await bot.say("心愿 想请人帮我把阳台上的花搬下楼 腿脚不好", who="张阿姨")
    await bot.say("认领 W0001", who="孙志明")
    sent = told(await bot.private("撤回心愿 W0001", who="张阿姨"))
    assert "已撤回" in sent["private:张阿姨"]
    assert "不用再去了" in sent["private:孙志明"]


async def test_a_withdrawn_unclaimed_wish_tells_no_member(bot: Bot) -> None:
    await bot.say("心愿 想请人帮我把阳台上的花搬下楼 腿脚不好", who="张阿姨")
    sent = told(await bot.private("撤回心愿 W0001", who="张阿姨"))
    assert set(sent) == {"private:张阿姨"}


# ---- convo4 F73: promised ⇒ done ---------------------------------------------------------------


async def test_attendance_points_are_on_the_ledger_when_the_reply_says_so(bot: Bot) -> None:
    await bot.private(TALK, who="王敏")
    await bot.say("报名1", who="李叔")
    bot.clock.advance(timedelta(days=15, hours=4))  # 12-08 13:00, the day of the talk
    [done] = await bot.private("签到 1 李叔", who="王敏")
    assert "每人记 3 积分" in done.text
    [mine] = await bot.private("我的积分", who="李叔")
    assert "参加活动 +3" in mine.text


# ---- convo4 F60: a group reply to the call for opinions is an opinion -------------------------


async def test_a_group_reply_to_the_call_for_opinions_is_recorded(bot: Bot) -> None:
    owners = "兰亭小区业主群"
    await bot.private("新议题\n标题：小区停车位重新划线\n级别：小区\n说明：车位不够", who="刘建华")
    await bot.private("征求意见 Y0001", who="刘建华")
    [thanks] = await bot.say("划线好 早该弄了", who="李叔", group=owners)
    assert "意见已记下（Y0001）" in thanks.text
    # Talk that neither speaks of the topic nor gives a view stays talk.
    assert await bot.say("今天风好大", who="李叔", group=owners) == []
    assert await bot.say("早上好", who="李叔", group=owners) == []
    [summary] = await bot.private("意见汇总 Y0001", who="刘建华")
    assert "划线好 早该弄了" in summary.text and "共 1 条" in summary.text
