"""Own status in people's words and every code answering status (convo4 rules 5 and 6; F5,
F14, F15, F21, F22, F26, F27, F28, F39, F78, F106), through the whole bot on SQLite and
PostgreSQL."""

from __future__ import annotations

from tests.conftest import Bot

VOTE = "新投票\n标题：3号楼加装电梯\n范围：兰亭3号楼\n截止：2026-11-30 20:00"


async def test_a_suggestion_answers_by_its_code_and_in_words(bot: Bot) -> None:
    await bot.say("建议小区多装几个充电桩", who="赵大爷")
    for asked in ("S0001呢", "进度 S0001", "我那个建议有人看了吗"):
        [answer] = await bot.say(asked, who="赵大爷")
        assert "说事 S0001「小区多装几个充电桩」已记下" in answer.text
    # Someone else's suggestion is not read out to them.
    [other] = await bot.private("进度 S0001", who="李叔")
    assert "不是您提的" in other.text


async def test_help_codes_answer_in_every_form(bot: Bot) -> None:
    await bot.say("代办 取快递", who="钱奶奶", group="兰亭1号楼邻里群")
    await bot.private("1号楼2单元301 今天下午", who="钱奶奶")
    [private] = await bot.private("H0001呢", who="钱奶奶")
    assert "H0001" in private.text and "待接单" in private.text
    sent = await bot.say("H0001到哪一步了", who="钱奶奶", group="兰亭1号楼邻里群")
    assert any(s.to == "钱奶奶" and "待接单" in s.text for s in sent)
    [waiting] = await bot.private("谁来帮我啊 什么时候到", who="钱奶奶")
    assert "H0001" in waiting.text


async def test_the_meeting_time_and_place_answer_with_and_without_the_code(bot: Bot) -> None:
    await bot.say("议题 电动车不进楼道\n级别：楼栋\n楼栋：3", who="赵老师")
    await bot.private("议事会 Y0001 2026-12-05 19:00 党群服务站", who="赵老师")
    for asked in ("议事会几点开啊 在哪", "Y0001的议事会在哪开", "我能去参加议事会吗"):
        [answer] = await bot.say(asked, who="李叔")
        assert "议事会：12月5日 19:00，党群服务站" in answer.text


async def test_a_vote_without_its_code(bot: Bot) -> None:
    await bot.private(VOTE, who="王敏")
    [ballot] = await bot.private("我投赞成", who="李叔")
    assert "投票成功：V0001" in ballot.text
    [when] = await bot.say("投票截止什么时候", who="王奶奶")
    assert "V0001" in when.text and "11月30日 20:00 截止" in when.text
    [addressed] = await bot.say(
        "@邻里小助手 投票截止什么时候", who="王奶奶", mentions=("邻里小助手",)
    )
    assert "11月30日 20:00 截止" in addressed.text
    [how] = await bot.private("怎么投票啊我不会", who="赵大爷")
    assert "「投票 V0001 1」" in how.text


async def test_help_and_how_to_as_people_ask(bot: Bot) -> None:
    [helped] = await bot.say("这个机器人能干啥", who="刘大爷")
    assert "我记下并交给党员跟进" in helped.text
    [signup] = await bot.say("怎么报名活动", who="刘大爷")
    assert "「报名 3」" in signup.text
    [wish] = await bot.say("怎么许心愿", who="刘大爷")
    assert "「心愿 想请人帮忙做的事」" in wish.text
    [earn] = await bot.private("积分怎么才能多挣点", who="刘大爷")
    assert "积分" in earn.text


async def test_an_invitee_who_cannot_come_is_passed_to_the_organiser(bot: Bot) -> None:
    await bot.say("议题 电动车不进楼道\n级别：楼栋\n楼栋：3", who="赵老师")
    await bot.private("议事会 Y0001 2026-12-05 19:00 党群服务站", who="赵老师")
    sent = await bot.private("明天议事会我去不了 有事", who="孙志明")
    told = {s.to: s.text for s in sent}
    assert "【议事会请假】孙志明（议题 Y0001）：明天议事会我去不了 有事" in told["赵老师"]
    assert "已告诉议题 Y0001 的牵头人 赵老师" in told["孙志明"]


async def test_when_is_it_after_the_reminder_lists_ones_sign_ups(bot: Bot) -> None:
    await bot.private(
        "新活动\n标题：老年人免费义诊\n类型：健康保健\n地点：党群服务站\n"
        "时间：2026-11-24 09:00\n名额：10\n积分：5",
        who="王敏",
    )
    await bot.say("报名1", who="刘大爷")
    [answer] = await bot.say("明天几点来着", who="刘大爷")
    assert "老年人免费义诊" in answer.text and "9:00" in answer.text
    # Someone with nothing soon is not answered with a list.
    assert await bot.say("明天几点来着", who="李叔") == []


async def test_was_my_opinion_kept(bot: Bot) -> None:
    await bot.private("新议题\n标题：电动车不进楼道\n级别：小区", who="刘建华")
    await bot.private("征求意见 Y0001", who="刘建华")
    await bot.private("意见 Y0001 反对 楼下根本没地方", who="小王")
    [answer] = await bot.private("我的意见记下了吗", who="小王")
    assert "记下了：议题 Y0001「电动车不进楼道」" in answer.text and "楼下根本没地方" in answer.text
