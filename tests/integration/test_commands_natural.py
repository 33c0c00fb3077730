"""More commands as people type them (issue 11): a handler's news under a code, questions that
mean a command, activity sign-ups in other words, and an answer to every private message —
through the whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

from bot.chat.pipeline import PRIVATE_HINT, YOU_ARE_WELCOME
from bot.domain.cases import CaseStatus
from tests.conftest import Bot
from tests.integration.cases_support import load
from tests.integration.test_activities_chat import plan

REPORT = "3号楼2单元楼道的灯坏了好几天了，晚上黑咕隆咚的"


async def claimed_case(bot: Bot) -> None:
    [opened] = await bot.say(REPORT, who="张阿姨")
    assert "E0001" in opened.text
    sent = await bot.say("收到，E0001我来处理", who="孙志明")  # a member's own words
    assert any(s.text.startswith("认领成功：诉求 E0001") for s in sent)


async def test_the_handlers_news_under_a_code_reaches_the_resident(bot: Bot) -> None:
    await claimed_case(bot)
    sent = await bot.say("E0001 已联系电工，下午过来", who="孙志明")
    assert any("有新进展：已联系电工，下午过来" in s.text for s in sent)
    done = await bot.say("E0001 已经换好灯泡了", who="孙志明")
    assert any("已办结：已经换好灯泡了" in s.text for s in done)
    assert load(bot)[0].status is CaseStatus.RESOLVED


async def test_the_same_words_from_someone_else_change_nothing(bot: Bot) -> None:
    await claimed_case(bot)
    await bot.say("E0001 已经换好灯泡了", who="张阿姨")  # the resident is not the handler
    await bot.say("E0001 已经换好灯泡了", who="赵老师")  # nor is another member
    case, events = load(bot)
    assert case.status.is_open
    # Her words under her own code are her 补充 (a note for the member), never his news.
    assert not any("换好灯泡" in e.text for e in events if e.kind != "note")


async def test_a_neighbours_offer_is_no_claim(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    await bot.say("收到，E0001我来处理", who="李叔")  # not a party member
    assert load(bot)[0].assignee_id is None


async def test_questions_that_mean_a_command(bot: Bot) -> None:
    await plan(bot)
    [listing] = await bot.say("最近有什么活动吗", who="张阿姨")
    assert listing.text.startswith("近期党群阵地活动") and "免费测血压" in listing.text
    [signed] = await bot.say("1号活动我报名", who="张阿姨")
    assert signed.text.startswith("报名成功：【1】免费测血压")
    [mine] = await bot.say("我报了哪些活动", who="张阿姨")
    assert "免费测血压" in mine.text
    [gone] = await bot.say("1号活动我不去了", who="张阿姨")
    assert gone.text.startswith("已为您取消报名活动【1】")
    [points] = await bot.private("我有多少积分", who="张阿姨")
    assert points.text.startswith("您的积分")


async def test_every_private_message_gets_an_answer_but_ok(bot: Bot) -> None:
    [hint] = await bot.private("你好", who="张阿姨")
    assert hint.text == PRIVATE_HINT
    [welcome] = await bot.private("谢谢！", who="张阿姨")
    assert welcome.text == YOU_ARE_WELCOME
    assert await bot.private("好的", who="张阿姨") == []
    [helping] = await bot.private("怎么用啊", who="张阿姨")
    assert "反映问题" in helping.text
    answers = await bot.private("3号楼电梯坏了，困了个人", who="张阿姨")
    assert answers and PRIVATE_HINT not in [s.text for s in answers]  # a problem is no small talk


async def test_small_talk_in_a_group_stays_silent(bot: Bot) -> None:
    assert await bot.say("大家早上好", who="张阿姨") == []
    assert await bot.say("今天天气真好", who="李叔") == []


async def test_a_notice_to_everyone_glued_or_with_a_colon(bot: Bot) -> None:
    [preview] = await bot.private("通知全部：今晚8点消防演练", who="王敏")
    assert preview.text.startswith("通知 B0001 预览") and "共 9 个群" in preview.text
    [building] = await bot.private("通知 兰亭3号楼：明天上午停水，请提前储水", who="王敏")
    assert building.text.startswith("通知 B0002 预览") and "兰亭3号楼邻里群" in building.text
    assert "明天上午停水" in building.text


async def test_a_pasted_notice_from_a_resident_is_not_a_command(bot: Bot) -> None:
    sent = await bot.say("通知全部业主：今晚8点在小区广场开业主大会", who="张阿姨")
    assert not any("身份" in s.text or "预览" in s.text for s in sent)


async def test_suggestions_in_peoples_words_are_kept(bot: Bot) -> None:
    [thanks] = await bot.say("建议小区多装几个充电桩", who="张阿姨")
    assert "S0001" in thanks.text
    [again] = await bot.say("我有个建议：楼下能不能放几把休息椅", who="李叔")
    assert "S0002" in again.text
    assert await bot.say("建议大家出门带伞，下午有雨", who="李叔") == []


async def test_a_wish_for_a_listed_service_goes_to_the_helpdesk(bot: Bot) -> None:
    sent = await bot.say("我想找人帮我代缴水电费，腿脚不方便出不去", who="张阿姨")  # 高龄、独居
    asked = {s.group or f"private:{s.to}": s.text for s in sent}
    assert "H0001" in asked["private:张阿姨"] and "W0001" not in " ".join(asked.values())
    other = await bot.say("我想找人帮我代缴水电费", who="李叔")  # no care category: a 微心愿
    assert any("W0001" in s.text for s in other)


async def test_the_owner_says_the_wish_came_true_in_her_words(bot: Bot) -> None:
    await bot.say("心愿 想请人帮忙把冬天的被子晒一晒", who="张阿姨")
    await bot.say("认领 W0001", who="孙志明")
    sent = await bot.say("心愿已经实现了 W0001，谢谢孙书记", who="张阿姨")
    assert any("W0001 已实现" in s.text for s in sent)


async def test_the_address_answer_needs_no_keyword(bot: Bot) -> None:
    await bot.private("帮办 买药", who="钱奶奶")  # 高龄、行动不便
    sent = await bot.private("1号楼1单元102 下午三点以后都在家", who="钱奶奶")
    told = {s.group or f"private:{s.to}": s.text for s in sent}
    assert told["private:钱奶奶"].startswith("好的，已登记：代购药品（H0001）")
    assert not any("E0001" in text for text in told.values())  # no bogus case
    # Without a pending request the same words are not an address.
    assert not any("已登记" in s.text for s in await bot.private("3号楼2单元502", who="李叔"))


async def test_a_secretary_confirms_and_drops_in_her_words(bot: Bot) -> None:
    await bot.private("通知 兰亭小区 周末清洗二次供水水箱", who="王敏")
    sent = await bot.private("好的确认", who="王敏")
    assert sent[0].text.startswith("好的，通知 B0001 开始发送")
    await bot.private("通知 锦绣家园 本周六义诊", who="王敏")
    [replaced] = await bot.private("通知 锦绣家园 本周六上午义诊", who="王敏")
    assert "B0002 已作废" in replaced.text  # she is told the first draft is gone
    [dropped] = await bot.private("算了 取消", who="王敏")
    assert dropped.text.startswith("已作废通知 B0003")


async def test_thanks_while_a_rating_waits_asks_once_more(bot: Bot) -> None:
    await claimed_case(bot)
    await bot.say("办结 E0001 灯泡换好了", who="孙志明")
    [asked] = await bot.say("谢谢小孙", who="张阿姨")
    assert "E0001" in asked.text and "满意" in asked.text
    [rated] = await bot.say("满意", who="张阿姨")
    assert "谢谢您的评价（满意）" in rated.text


async def test_the_wish_command_with_its_space_registers_a_wish(bot: Bot) -> None:
    # "陪我去医院" is also a 帮办 word: the explicit command still means a 微心愿.
    sent = await bot.say("心愿 想请人陪我去医院拿个体检报告", who="张阿姨")
    assert any("W0001" in s.text for s in sent) and not any("H0001" in s.text for s in sent)


async def test_a_member_is_not_asked_to_claim_his_own_report(bot: Bot) -> None:
    from datetime import timedelta

    await bot.say("3号楼楼道灯坏了，晚上看不见", who="孙志明")  # a party member of 3号楼
    bot.clock.advance(timedelta(minutes=2))
    await bot.linli.runtime.tick()
    await bot.linli.runtime.deliver_pending()
    notified = [s.to for s in bot.new() if "本楼栋有新诉求" in s.text]
    assert notified and "孙志明" not in notified


async def test_thanks_long_after_the_work_are_not_a_reminder(bot: Bot) -> None:
    from datetime import timedelta

    await claimed_case(bot)
    await bot.say("办结 E0001 灯泡换好了", who="孙志明")
    bot.clock.advance(timedelta(days=2))
    assert await bot.say("谢谢大家", who="张阿姨") == []  # chat, days later
