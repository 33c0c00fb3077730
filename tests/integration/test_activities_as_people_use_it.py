"""Activities as staff and residents meet them (issue 11, C23/C47): an announcement goes to
the venue's 小区 unless the form says otherwise, staff see the groups; a reminder sent late
says 今天 — through the whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

from bot.domain.activities import SignupStatus
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


# ---- convofix3 #1: signing up by the activity's title ---------------------------------------


def _form(title: str, kind: str, when: str) -> str:
    return (
        FORM.replace("免费测血压", title)
        .replace("类型：健康保健", f"类型：{kind}")
        .replace("2026-12-05 09:00-11:00", when)
        .replace("名额：2", "名额：20")
    )


async def _three_activities(bot: Bot) -> None:
    await at(bot, "2026-12-01T09:00:00")  # a Tuesday: 周六 is 12月5日
    await plan(bot, _form("防范电信诈骗讲座", "反诈宣传", "2026-12-05 09:00-11:00"))  # 【1】
    await plan(bot, _form("插花体验课", "文娱", "2026-12-06 14:00-16:00"))  # 【2】
    await plan(bot, _form("健康义诊", "健康保健", "2026-12-05 14:00-16:00"))  # 【3】
    await plan(bot, _form("中医义诊", "健康保健", "2026-12-12 09:00-11:00"))  # 【4】
    bot.new()


async def test_signing_up_by_title_signs_up_for_the_one_it_names(bot: Bot) -> None:
    await _three_activities(bot)
    for said, who, number in (
        ("反诈那个我报一个", "张阿姨", 1),  # by its kind, 反诈宣传
        ("插花活动算我一个", "李叔", 2),
        ("我报名周六那个义诊", "王大爷", 3),  # two 义诊: the day picks one
        ("下周六的义诊我也报个名", "钱阿姨", 4),
    ):
        [reply] = await bot.say(said, who=who)
        assert reply.text.startswith(f"报名成功：【{number}】"), (said, reply.text)
    [mine] = await bot.say("我的报名", who="王大爷")
    assert "【3】健康义诊" in mine.text


async def test_a_title_naming_several_asks_which_and_none_is_a_hint_or_silence(bot: Bot) -> None:
    await _three_activities(bot)
    [which] = await bot.say("义诊那个我报个名", who="张阿姨")
    assert which.text.startswith("您说的是哪一个？【3】健康义诊")
    assert "【4】中医义诊" in which.text and "「报名 编号」" in which.text
    [hint] = await bot.say("我报名太极拳", who="张阿姨")
    assert "没有找到「太极拳」这个活动" in hint.text
    # Nearby chat stays chat: a question, news, a weak word that names no activity.
    for said in ("插花活动怎么报名", "我报名了周六的义诊", "报名的人多不多", "我参加工作好多年"):
        assert await bot.say(said, who="李叔") == [], said
    with bot.linli.uow_factory() as uow:  # a question and a hint sign nobody up
        assert all(
            uow.activities.count_signups(n, SignupStatus.CONFIRMED) == 0 for n in range(1, 5)
        )


# ---- rules9 (convo8 B10): a neighbour's "+1" in front of their own sign-up -------------------


async def test_agreement_before_a_sign_up_does_not_hide_it(bot: Bot) -> None:
    await plan(bot)
    [a] = await bot.say("+1 我也报名1", who="张阿姨")
    assert "报名成功" in a.text and a.mentions == ("张阿姨",)
    [b] = await bot.say("＋1 我也报名1", who="李大爷")
    assert "报名成功" in b.text and b.mentions == ("李大爷",)
    [c] = await bot.say("同上，我也报名 1", who="王叔")
    assert "名额已满" in c.text and "候补第 1 位" in c.text  # the form has two seats
