"""convofix10a through the whole bot on SQLite and PostgreSQL: a ballot said in words lands
on the vote it names, an activity named by title or day is signed up for and cancelled, a
resident of another 小区 is refused on every path and takes no seat, and 公示名 in words is
stored on the person."""

from __future__ import annotations

from bot.domain.activities import SignupStatus
from bot.domain.publicity import NAME_CHOICE_KEY
from tests.conftest import Bot
from tests.integration.test_activities_chat import FORM, at, plan
from tests.integration.votes_support import building_vote

REFUSED = "活动【1】免费测血压是兰亭小区的活动，只接受兰亭小区居民报名。"


async def test_a_ballot_in_words_lands_on_the_vote_it_names(bot: Bot) -> None:
    vote = building_vote(bot.linli, secret=False)
    await bot.say("大家好", who="李叔")  # the opening post goes out
    bot.new()
    [cast] = await bot.private("加装电梯那个投票我同意", who="张阿姨")
    assert cast.text.startswith(f"投票成功：{vote.code}") and "「同意」" in cast.text
    [again] = await bot.private("我改成反对", who="张阿姨")
    assert again.text.startswith("已更新您家的投票") and "「反对」" in again.text
    for words in ("我同意楼上说的", "不同意物业涨价", "楼道堆东西我不同意"):
        said = await bot.private(words, who="李叔")
        assert not any(s.text.startswith(("投票成功", "已更新")) for s in said), words
    [told] = await bot.say("电梯那个我同意", who="王奶奶")  # in the group: counted nothing
    assert "请私聊我投票" in told.text


async def test_an_activity_by_name_or_day_and_another_estates_refusal(bot: Bot) -> None:
    await at(bot, "2026-12-01T09:00:00")
    await plan(bot, FORM.replace("名额：2", "名额：5"))  # 【1】 兰亭, 12月5日
    bot.new()
    [room] = await bot.say("测血压那个还能报吗", who="张阿姨")
    assert "还有 5 个名额" in room.text and "「报名 1」" in room.text
    [signed] = await bot.say("5号那个我去", who="张阿姨")
    assert signed.text.startswith("报名成功：【1】")
    [alone] = await bot.say("我报名", who="李叔")
    assert alone.text.startswith("报名成功：【1】")
    for words in ("测血压那个我报一个", "报名 1", "5号那个我去", "测血压那个还能报吗"):
        [refused] = await bot.say(words, who="钱阿姨", group="锦绣家园业主群")
        assert refused.text.startswith(REFUSED), words
    [cancelled] = await bot.say("测血压的不去了", who="李叔")
    assert cancelled.text.startswith("已为您取消报名活动【1】")
    assert await bot.say("明天去不了了", who="王奶奶") == []  # nothing of hers to cancel
    with bot.linli.uow_factory() as uow:
        assert uow.activities.count_signups(1, SignupStatus.CONFIRMED) == 1  # 张阿姨 only


async def test_the_publicity_name_said_in_words_is_kept(bot: Bot) -> None:
    await bot.private("别公示我名字", who="李叔")
    await bot.private("公示的时候写我昵称就行", who="张阿姨")
    with bot.linli.uow_factory() as uow:
        li = uow.people.by_wechat_id("sim:李叔")
        zhang = uow.people.by_wechat_id("sim:张阿姨")
        assert li is not None and li.extra.get(NAME_CHOICE_KEY) == "masked"
        assert zhang is not None and zhang.extra.get(NAME_CHOICE_KEY) == "nickname"
