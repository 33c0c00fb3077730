"""One open object ⇒ a code-less message acts on it, several ⇒ ask which (convo4 rule 1:
F41, F84), and answers to the bot's own question in the person's words (rule 2: F34, F65,
F97, F100) — through the whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import Bot


async def claimed_wish(bot: Bot, text: str, who: str = "张阿姨") -> None:
    await bot.say(f"心愿 {text}", who=who)
    code = f"W{_wish_count(bot):04d}"
    await bot.say(f"认领 {code}", who="孙志明")


def _wish_count(bot: Bot) -> int:
    with bot.linli.uow_factory() as uow:
        return len(list(uow.wishes.by_requester(_person(bot, "张阿姨"))))


def _person(bot: Bot, name: str) -> int:
    with bot.linli.uow_factory() as uow:
        [person] = [p for p in uow.people.by_display_name(name)]
        assert person.id is not None
        return person.id


async def test_fulfilled_in_words_confirms_the_only_claimed_wish(bot: Bot) -> None:
    await claimed_wish(bot, "想请人帮忙把窗帘挂上去")
    sent = await bot.say("孙师傅挂好了 谢谢 心愿实现了", who="张阿姨")
    assert any("微心愿 W0001 已实现" in s.text for s in sent)
    assert any(s.to == "孙志明" and "已确认实现" in s.text for s in sent)  # his points
    # Nothing left to confirm: said privately, a plain line instead of a format lesson.
    [nothing] = await bot.private("已实现", who="张阿姨")
    assert "没有已有人认领、等您确认的微心愿" in nothing.text


async def test_fulfilled_without_a_code_with_two_claimed_asks_which(bot: Bot) -> None:
    await claimed_wish(bot, "想请人帮忙把窗帘挂上去")
    await claimed_wish(bot, "想请人教我用手机挂号")
    [asked] = await bot.private("已实现", who="张阿姨")
    assert "是哪一个实现了" in asked.text
    assert "「已实现 W0001」" in asked.text and "「已实现 W0002」" in asked.text


async def test_fulfilled_words_without_a_wish_are_not_a_command(bot: Bot) -> None:
    sent = await bot.say("终于实现了 高兴", who="李叔")
    assert not any("心愿" in s.text for s in sent)


async def done_help(bot: Bot) -> None:
    await bot.say("代办 代缴水电费", who="张阿姨")
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    await bot.private("接单 H0001", who="孙志明")
    await bot.private("办结 H0001 电费交好了", who="孙志明")


async def test_thanks_after_a_help_is_done_asks_for_its_rating(bot: Bot) -> None:
    await done_help(bot)
    [asked] = await bot.private("收到了 小孙真好 太感谢了", who="张阿姨")
    assert "帮办 H0001 已经办好，您满意吗" in asked.text
    rated = await bot.private("满意", who="张阿姨")
    assert any(s.to == "张阿姨" and "帮办 H0001 已完成" in s.text for s in rated)
    # A day later thanks are small talk again.
    bot.clock.advance(timedelta(days=1))
    later = await bot.private("谢谢小孙", who="张阿姨")
    assert not any("满意吗" in s.text for s in later)


async def test_unclear_rating_words_for_a_help_ask_about_the_help(bot: Bot) -> None:
    await done_help(bot)
    [asked] = await bot.private("还行吧 但是…", who="张阿姨")
    assert "请问您对帮办 H0001 满意吗" in asked.text
    assert "没有需要评价的诉求" not in asked.text


async def test_a_rating_with_a_caveat_rates_the_help(bot: Bot) -> None:
    """convo8: "还行吧 就是来得有点晚" is 基本满意 with its caveat, not a question again."""
    await done_help(bot)
    sent = await bot.private("还行吧 就是来得有点晚", who="张阿姨")
    texts = "\n".join(s.text for s in sent if s.to == "张阿姨")
    assert "基本满意" in texts and "满意吗" not in texts


async def test_same_address_as_before_reuses_it(bot: Bot) -> None:
    await bot.say("代办 代缴水电费", who="张阿姨")
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    await bot.say("代办 代取快递", who="张阿姨")
    sent = await bot.private("地址同上", who="张阿姨")
    confirmed = next(s for s in sent if s.to == "张阿姨")
    assert "已登记：代取快递（H0002）" in confirmed.text
    assert "地址：3号楼2单元502" in confirmed.text
    [mine] = await bot.private("我的帮办", who="张阿姨")
    assert "待确认" not in mine.text


async def test_same_address_without_an_earlier_one_asks_for_it(bot: Bot) -> None:
    await bot.say("代办 代取快递", who="张阿姨")
    [asked] = await bot.private("地址同上", who="张阿姨")
    assert "没找到您上次登记的地址" in asked.text


async def test_a_topic_review_in_words_keeps_the_verdict_and_passes_the_remark(bot: Bot) -> None:
    await bot.say("议题 单元门口装扶手\n级别：楼栋", who="赵老师")
    for step in (
        "跳过 Y0001 征求意见 大家之前说过了",
        "跳过 Y0001 议事会 小事",
        "跳过 Y0001 表决 无需表决",
        "推进 Y0001",
        "推进 Y0001",
        "推进 Y0001",
        "落实 Y0001 联系物业装扶手",
        "推进 Y0001 扶手装好了",
    ):
        await bot.private(step, who="赵老师")
    sent = await bot.say("评议 Y0001 还行 就是有点矮", who="赵大爷")
    told = {s.group or f"private:{s.to}": s.text for s in sent}
    assert "已记下「基本满意」。您的补充已转给牵头人。" in told["兰亭3号楼邻里群"]
    assert "赵大爷 基本满意，补充：就是有点矮" in told["private:赵老师"]


async def test_either_is_fine_keeps_the_wish_private(bot: Bot) -> None:
    await bot.say("心愿 想请人帮我把窗帘挂上去", who="周奶奶", group="兰亭4号楼邻里群")
    [answer] = await bot.private("公开不公开都行", who="周奶奶")
    assert "W0001 不在群里公开" in answer.text


async def test_a_member_claiming_without_a_code_takes_the_buildings_only_wish(bot: Bot) -> None:
    await bot.say("心愿 想请人帮我把窗帘挂上去", who="周奶奶", group="兰亭4号楼邻里群")
    sent = await bot.say("我来帮周奶奶挂 认领", who="吴师傅", group="兰亭4号楼邻里群")
    assert any("认领成功：微心愿 W0001" in s.text for s in sent)


async def test_asking_who_claimed_is_no_claim(bot: Bot) -> None:
    await bot.say("心愿 想请人帮我把窗帘挂上去", who="周奶奶", group="兰亭4号楼邻里群")
    sent = await bot.say("谁认领了？", who="吴师傅", group="兰亭4号楼邻里群")
    assert not any("认领成功" in s.text for s in sent)


async def test_a_member_claiming_without_a_code_with_two_open_asks_which(bot: Bot) -> None:
    await bot.say("心愿 想请人帮我把窗帘挂上去", who="周奶奶", group="兰亭4号楼邻里群")
    await bot.say("心愿 想请人教我用手机挂号", who="周奶奶", group="兰亭4号楼邻里群")
    [asked] = await bot.say("我来认领", who="吴师傅", group="兰亭4号楼邻里群")
    assert "想认领哪一件" in asked.text and "W0001" in asked.text and "W0002" in asked.text


async def test_a_volunteers_news_without_a_code_goes_to_his_only_order(bot: Bot) -> None:
    await bot.say("代办 代缴水电费", who="张阿姨")
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    await bot.private("接单 H0001", who="孙志明")
    sent = await bot.private("已到营业厅了 在排队", who="孙志明")
    assert any(s.to == "张阿姨" and "H0001 有进展：已到营业厅了 在排队" in s.text for s in sent)
    # A question is not news.
    sent = await bot.private("营业厅几点关门？", who="孙志明")
    assert not any(s.to == "张阿姨" for s in sent)


async def test_a_detail_after_asking_goes_on_the_only_help_and_to_its_volunteer(bot: Bot) -> None:
    await bot.say("代办 买药", who="张阿姨")
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    [kept] = await bot.private("是硝苯地平 要两盒", who="张阿姨")
    assert "已把您的补充记到帮办 H0001，接单的队员会看到" in kept.text
    sent = await bot.private("接单 H0001", who="孙志明")
    details = next(s for s in sent if s.to == "孙志明" and "您已接单" in s.text)
    assert "居民补充：是硝苯地平 要两盒" in details.text
    # Once taken, a further detail reaches the volunteer at once.
    sent = await bot.private("药盒是白色的", who="张阿姨")
    assert any(s.to == "孙志明" and "居民补充：药盒是白色的" in s.text for s in sent)
    # A problem is still a report, not a detail.
    sent = await bot.private("3号楼电梯坏了 卡在5楼了", who="张阿姨")
    assert any("编号 E0001" in s.text for s in sent)


async def test_a_question_after_asking_for_help_is_no_detail(bot: Bot) -> None:
    await bot.say("代办 买药", who="张阿姨")
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    sent = await bot.private("那怎么办啊", who="张阿姨")
    assert not any("补充" in s.text for s in sent)
