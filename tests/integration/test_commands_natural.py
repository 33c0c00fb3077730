"""More commands as people type them (issue 11): a handler's news under a code, questions that
mean a command, activity sign-ups in other words, and an answer to every private message —
through the whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

from bot.chat.small_talk import PRIVATE_HINT, YOU_ARE_WELCOME
from bot.domain.cases import CaseStatus
from tests.conftest import Bot
from tests.integration.cases_support import load, quote
from tests.integration.test_activities_chat import FORM, plan

REPORT = "3号楼2单元楼道的灯坏了好几天了，晚上黑咕隆咚的"
GROUP = "兰亭3号楼邻里群"


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


async def test_a_code_spoken_in_chinese_numerals_is_the_code(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    for said in ("E零零零一到哪一步了", "进度 e 零零零一", "请问E〇〇〇一怎么样了"):
        [status] = await bot.say(said, who="张阿姨")
        assert status.text.startswith("诉求 E0001"), said


async def two_resolved_cases(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了", who="张阿姨")
    await bot.say("3号楼门禁坏了，刷卡没反应", who="张阿姨")
    for code in ("E0001", "E0002"):
        await bot.say(f"认领 {code}", who="孙志明")
        await bot.say(f"办结 {code} 已修好", who="孙志明")


async def test_with_two_cases_to_rate_a_code_picks_one_and_none_asks_which(bot: Bot) -> None:
    await two_resolved_cases(bot)
    [which] = await bot.say("满意", who="张阿姨")
    assert "E0001、E0002" in which.text and "\n" not in which.text
    [rated] = await bot.say("E0002 基本满意", who="张阿姨")
    assert "基本满意" in rated.text and "E0002" in rated.text
    [asked] = await bot.say("挺满意的，辛苦了", who="张阿姨")  # one left: no question
    assert "E0001 已回访结案" in asked.text
    ratings = {c.code: c.rating for c in (load(bot, 1)[0], load(bot, 2)[0])}
    assert ratings["E0002"] is not None and ratings["E0002"].label == "基本满意"
    assert ratings["E0001"] is not None and ratings["E0001"].label == "满意"


# Round two's blind findings (convo2), through the whole bot on both backends.


async def test_a_quoted_claim_with_a_plan_claims_c5(bot: Bot) -> None:
    [opened] = await bot.say(REPORT, who="张阿姨")
    sent = await quote(bot, "这个我来 下午过去看看", opened.text, who="孙志明", group=GROUP)
    assert any(s.text.startswith("认领成功：诉求 E0001") for s in sent)
    assert load(bot)[0].assignee_id is not None


async def test_consent_in_the_owners_words_c7(bot: Bot) -> None:
    await bot.say("心愿 想请人帮忙把冬天的被子晒一晒", who="张阿姨")
    shown = await bot.private("可以 公开吧 没事", who="张阿姨")
    assert any(s.group == GROUP and "W0001" in s.text for s in shown)
    await bot.say("心愿 想找人教我用智能手机", who="李叔")
    [hidden] = await bot.private("别公开了 不好意思", who="李叔")
    assert "W0002" in hidden.text and "您好，我是邻里小助手" not in hidden.text


async def test_fulfilled_after_a_story_c8(bot: Bot) -> None:
    await bot.say("心愿 想请人帮忙把冬天的被子晒一晒", who="张阿姨")
    await bot.say("认领 W0001", who="孙志明")
    sent = await bot.say("小孙已经来帮我晒好了 已实现W0001 太感谢了🙏", who="张阿姨")
    assert any("W0001 已实现" in s.text for s in sent)


async def test_ratings_with_fillers_thanks_and_stars_c9_c29(bot: Bot) -> None:
    await two_resolved_cases(bot)
    [rated] = await bot.say("E0001 嗯 就那样吧 凑合", who="张阿姨")
    assert "基本满意" in rated.text and "E0001" in rated.text
    [stars] = await bot.say("五星⭐⭐⭐⭐⭐", who="张阿姨")
    assert "（满意）" in stars.text and "E0002" in stars.text


async def test_sign_ups_and_withdrawals_in_own_words_c10_c11_c31(bot: Bot) -> None:
    await plan(bot)
    await plan(bot, FORM.replace("2026-12-05", "2026-12-06").replace("免费测血压", "手机课"))
    [first] = await bot.say("报名第一个 测血压那个", who="张阿姨")
    assert first.text.startswith("报名成功：【1】免费测血压")
    [family] = await bot.say("1号活动我报名 带我婆婆一起", who="李婶")
    assert family.text.startswith("报名成功：【1】") and "每人占一个名额" in family.text
    [both] = await bot.say("报名1和2", who="小王")
    assert "【1】" in both.text and "【2】手机课" in both.text and "每人占一个名额" not in both.text
    sent = await bot.say("不好意思啊 1号我去不了了 孙子发烧", who="张阿姨")
    assert any(s.text.startswith("已为您取消报名活动【1】") for s in sent)
    assert any("从候补转为正式报名" in s.text for s in sent)  # the seat went to 小王


async def test_progress_without_a_code_lists_ones_own_cases_c18(bot: Bot) -> None:
    await bot.say(REPORT, who="李婶")
    [mine] = await bot.say("@邻里小助手 进度呢", who="李婶", mentions=("邻里小助手",))
    assert "E0001" in mine.text and "请直接说说" not in mine.text
    assert await bot.say("进度太慢了", who="李婶") == []


async def test_the_secretary_says_send_it_c35(bot: Bot) -> None:
    await bot.private("通知 兰亭小区 周末清洗二次供水水箱", who="王敏")
    sent = await bot.private("发吧", who="王敏")
    assert sent[0].text.startswith("好的，通知 B0001 开始发送")


async def test_a_hand_back_under_the_code_is_returned_not_relayed_c50(bot: Bot) -> None:
    await claimed_case(bot)
    sent = await bot.say("E0001 这个我弄不了 得找电梯公司 退回吧", who="孙志明")
    assert not any("有新进展" in s.text for s in sent)
    case, _ = load(bot)
    assert case.assignee_id is None  # back in the pool, with his words as the reason


async def test_how_to_report_gets_one_answer_in_the_group_c62(bot: Bot) -> None:
    [how] = await bot.say("怎么报修啊", who="李叔")
    assert how.text.startswith("直接在群里说哪里出了问题就行") and "\n" not in how.text


async def test_the_handlers_done_without_a_code_closes_his_only_case_c63(bot: Bot) -> None:
    await claimed_case(bot)
    sent = await bot.say("修好了 换了个灯泡", who="孙志明")
    assert any("已办结" in s.text for s in sent)
    assert load(bot)[0].status is CaseStatus.RESOLVED
    assert await bot.say("修好了 换了个灯泡", who="李叔") == []  # holds no case: speech


async def test_a_wish_withdrawn_in_words_c52(bot: Bot) -> None:
    await bot.say("心愿 想请人帮忙把冬天的被子晒一晒", who="张阿姨")
    [gone] = await bot.private("不要了 撤回吧", who="张阿姨")
    assert "W0001" in gone.text and "您好，我是邻里小助手" not in gone.text
    [nothing] = await bot.private("不要了 撤回吧", who="张阿姨")  # nothing open any more
    assert "W0001" not in nothing.text


async def test_a_helpdesk_request_in_words_c14(bot: Bot) -> None:
    await bot.private("代办 代缴水电费", who="张阿姨")
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    await bot.say("接单 H0001", who="孙志明")
    told = await bot.private("H0001 已到营业厅排队了", who="孙志明")
    assert any(s.to == "张阿姨" and "已到营业厅排队了" in s.text for s in told)
    [cancelled, *_] = await bot.private("我自己交了 不用了 取消吧", who="张阿姨")
    assert "H0001" in cancelled.text and "已取消" in cancelled.text


async def test_a_question_about_one_activity_gets_its_card_c38(bot: Bot) -> None:
    await plan(bot)
    [card] = await bot.say("1号活动在哪 几点", who="钱奶奶")
    assert "免费测血压" in card.text and "党群服务站" in card.text and "报名 1" in card.text
    [missing] = await bot.say("9号活动在哪", who="钱奶奶")
    assert "没有找到活动【9】" in missing.text


async def test_staff_not_understood_are_reminded_of_their_preview_c35(bot: Bot) -> None:
    await bot.private("通知 兰亭小区 周末清洗二次供水水箱", who="王敏")
    [hint] = await bot.private("我再想想措辞", who="王敏")
    assert hint.text.startswith("没看懂这句。您的通知 B0001 还在预览") and "「确认」" in hint.text
    [resident] = await bot.private("我再想想措辞", who="李叔")
    assert resident.text == PRIVATE_HINT


async def test_a_helpdesk_rating_in_words_c14(bot: Bot) -> None:
    await bot.private("代办 代缴水电费", who="张阿姨")
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    await bot.say("接单 H0001", who="孙志明")
    await bot.private("办结 H0001 1.5小时 水电费都交好了", who="孙志明")
    [rated, *_] = await bot.private("好 谢谢小孙 很满意", who="张阿姨")
    assert "H0001" in rated.text and "满意" in rated.text


async def test_a_residents_bare_cancel_withdraws_her_only_request(bot: Bot) -> None:
    await bot.say("心愿 想请人帮忙把冬天的被子晒一晒", who="张阿姨")
    [gone] = await bot.private("取消吧", who="张阿姨")
    assert "W0001" in gone.text
