"""Commands as people type them (issue 11) and who may read 「进度」 (issue 12, items 9 and 24),
through the whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

from bot.domain.cases import CaseStatus, Rating
from bot.domain.wishes import WishStatus
from tests.conftest import Bot
from tests.integration.cases_support import load, quote, where
from tests.integration.test_activities_chat import plan

GROUP = "兰亭3号楼邻里群"
REPORT = "3号楼2单元502室水管漏水了，电话13812345678"


async def resolved_case(bot: Bot, note: str = "办结 E0001：已疏通") -> None:
    [opened] = await bot.say(REPORT, who="张阿姨")
    assert "E0001" in opened.text
    await bot.say("认领 E0001", who="孙志明")
    done = await bot.say(note, who="孙志明")
    [relay] = [s for s in done if "已办结" in s.text]
    assert "已办结：已疏通" in relay.text  # no stray "：" from "办结 E0001：已疏通"


async def test_ratings_in_peoples_words(bot: Bot) -> None:
    await resolved_case(bot)
    [thanks] = await bot.say("挺满意的，辛苦了", who="张阿姨")
    assert "谢谢您的评价（满意）" in thanks.text
    case, _ = load(bot)
    assert case.status is CaseStatus.REVIEWED and case.rating is Rating.SATISFIED


async def test_unsatisfied_with_trailing_words_reopens(bot: Bot) -> None:
    await resolved_case(bot)
    sent = await bot.say("不满意，还是漏", who="张阿姨")
    assert "已重新打开" in sent[0].text
    case, _ = load(bot)
    assert case.rating is Rating.UNSATISFIED and case.status.is_open


async def test_emoji_and_basic_words(bot: Bot) -> None:
    await resolved_case(bot)
    [thanks] = await bot.say("还行吧。", who="张阿姨")
    assert "基本满意" in thanks.text
    assert load(bot)[0].rating is Rating.BASIC


async def test_unclear_rating_gets_one_question_not_silence(bot: Bot) -> None:
    await resolved_case(bot)
    [asked] = await bot.say("还可以吧但是…", who="张阿姨")
    assert "E0001" in asked.text and "满意" in asked.text and "\n" not in asked.text
    assert load(bot)[0].status is CaseStatus.RESOLVED  # nothing decided for the resident
    [thanks] = await bot.say("1", who="张阿姨")
    assert "谢谢您的评价（满意）" in thanks.text


async def test_rating_words_without_a_pending_rating_stay_speech(bot: Bot) -> None:
    # Nothing to rate: "挺满意的" is chat, and a complaint starting with 不满意 is a report.
    assert await bot.say("挺满意的，辛苦了", who="李大爷") == []
    [opened] = await bot.say("不满意，3号楼电梯又坏了", who="李大爷")
    assert "E0001" in opened.text and "已受理" in opened.text


async def test_claim_by_quoting_in_a_members_words(bot: Bot) -> None:
    [opened] = await bot.say(REPORT, who="张阿姨")
    # A neighbour's offer claims nothing; he is thanked and told how to join in (convo3 D28).
    [offer] = await quote(bot, "这个我来", opened.text, who="李大爷", group=GROUP)
    assert offer.text.startswith("谢谢您的热心") and load(bot)[0].assignee_id is None
    sent = await quote(bot, "这个我来", opened.text, who="孙志明", group=GROUP)
    assert "认领成功" in sent[0].text
    assert load(bot)[0].assignee_id is not None


async def test_claim_with_a_code_and_trailing_words(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    sent = await bot.say("认领E0001 我下午去", who="孙志明")
    assert "认领成功" in sent[0].text


async def test_consent_answered_in_words(bot: Bot) -> None:
    posted = await bot.say("#微心愿 想请人帮忙把冬天的被子晒一晒", who="张阿姨")
    assert any("公开 W0001" in s.text for s in posted)
    shown = await bot.private("同意公开", who="张阿姨")
    assert any(s.group == GROUP and "W0001" in s.text for s in shown)
    assert any("已在群里公开" in s.text for s in shown)
    # Someone without a wish waiting: 同意公开 is not a command for them.
    assert await bot.say("同意公开", who="李大爷") == []


async def test_consent_refused_in_words(bot: Bot) -> None:
    await bot.say("#微心愿 想请人帮忙把冬天的被子晒一晒", who="张阿姨")
    [answer] = await bot.private("不同意", who="张阿姨")
    assert "不在群里公开" in answer.text


async def test_fulfilled_with_thanks_after_the_code(bot: Bot) -> None:
    await bot.say("#微心愿 想请人帮忙把冬天的被子晒一晒", who="张阿姨")
    await bot.say("认领 W0001", who="孙志明")
    sent = await bot.say("已实现W0001，太感谢了", who="张阿姨")
    assert "已实现" in sent[0].text
    with bot.linli.uow_factory() as uow:
        wish = uow.wishes.get(1)
        assert wish is not None and wish.status is WishStatus.FULFILLED


async def test_signup_with_family_gets_a_clear_answer(bot: Bot) -> None:
    await plan(bot)
    [signed] = await bot.say("报名 1，带孩子一起", who="张阿姨")
    assert "报名成功" in signed.text and "每人占一个名额" in signed.text
    [also] = await bot.say("我也报名1", who="李大爷")
    assert "报名成功" in also.text and "每人占一个名额" not in also.text
    [cancelled] = await bot.say("取消1号报名", who="李大爷")
    assert "已为您取消报名" in cancelled.text


async def test_status_question_with_the_code_anywhere(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    for text in ("E0001到哪一步了", "请问Ｅ０００１现在怎么样了", "进度E0001？？", "e 0001呢"):
        [status] = await bot.say(text, who="李大爷")
        assert "诉求 E0001" in status.text and "状态：" in status.text, text


# ---- issue 12 item 9: who may read 「进度」 ----------------------------------------------------


async def test_group_status_is_masked_and_scoped_to_the_estate(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    [same_estate] = await bot.say("进度 E0001", who="李大爷", group="兰亭1号楼邻里群")
    assert "3号楼2单元" in same_estate.text
    assert "502" not in same_estate.text and "13812345678" not in same_estate.text
    [other] = await bot.say("进度 E0001", who="高大爷", group="锦绣1栋楼栋群")
    [missing] = await bot.say("进度 E0099", who="高大爷", group="锦绣1栋楼栋群")
    assert "E0001" in other.text and "状态" not in other.text and "水管" not in other.text
    # The refusal reveals nothing: it reads as for a number that does not exist.
    assert other.text.replace("E0001", "E0099") == missing.text


async def test_the_reporter_reads_their_own_case_anywhere(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    [elsewhere] = await bot.say("进度 E0001", who="张阿姨", group="锦绣1栋楼栋群")
    assert "状态：" in elsewhere.text and "502" not in elsewhere.text
    [private] = await bot.private("进度 E0001", who="张阿姨")
    assert "状态：" in private.text and "502" in private.text  # privately, the full place


async def test_my_cases_in_a_group_hides_the_door(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    [group_list] = await bot.say("进度？", who="张阿姨")  # no code: the asker's own cases
    assert "E0001" in group_list.text and "3号楼2单元" in group_list.text
    assert "502" not in group_list.text
    [private_list] = await bot.private("我的诉求", who="张阿姨")
    assert "502" in private_list.text


async def test_private_status_for_the_estates_party_and_staff_only(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    for reader in ("刘建华", "赵老师", "王敏"):  # secretary, 楼栋党小组长, staff
        [answer] = await bot.private("进度 E0001", who=reader)
        assert "状态：" in answer.text, reader
    for outsider in ("李大爷", "马永红", "黄桂兰"):  # a neighbour, 锦绣's leader and secretary
        [answer] = await bot.private("进度 E0001", who=outsider)
        assert "状态：" not in answer.text and "查不到诉求 E0001" in answer.text, outsider


async def test_the_handler_reads_the_case_privately(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    [before] = await bot.private("进度 E0001", who="马永红")
    assert "状态：" not in before.text  # 锦绣's leader, not the handler: nothing
    with bot.linli.uow_factory() as uow:  # staff handed it to her on the console
        case = uow.cases.get(1)
        [handler] = uow.people.by_display_name("马永红")
        assert case is not None and handler.id is not None
        uow.cases.claim(case, handler.id)
        uow.commit()
    [after] = await bot.private("进度 E0001", who="马永红")
    assert "状态：" in after.text


async def test_wish_status_is_private_until_public(bot: Bot) -> None:
    await bot.say("#微心愿 想请人帮忙把冬天的被子晒一晒，我住502", who="张阿姨")
    [hidden] = await bot.say("W0001呢", who="李大爷")
    assert "查不到微心愿 W0001" in hidden.text
    own = await bot.say("w0001呢", who="张阿姨")
    assert where(own) == ["private:张阿姨", GROUP] and "被子" in own[0].text
    [member] = await bot.private("进度 W0001", who="孙志明")
    assert "状态：待认领" in member.text


# ---- issue 12 item 24: malformed codes are echoed ------------------------------------------


async def test_malformed_codes_are_echoed_for_every_command(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    for text, who in (
        ("办结 E12345678901234567890", "孙志明"),
        ("进度 E12345678901234567890", "张阿姨"),
        ("认领 E12345678901234567890", "孙志明"),
        ("已实现 W12345678901234567890", "张阿姨"),
        ("报名 12345678901234567890", "张阿姨"),
    ):
        [answer] = await bot.say(text, who=who)
        assert "12345678901234567890" in answer.text, text
        assert "E123456789，" not in answer.text and "没有找到" not in answer.text
