"""The case flow as people really write it (convo3 D3 D6 D7 D8 D9 D19 D20 D21 D29 D30 D31 D32
D34 D37 D45 D53 D54), through the whole bot on SQLite and PostgreSQL: a handler's code amid his
words, several codes in one message, status questions in words, repeats and angry follow-ups,
a case given back or broken again, a member's own report, neighbours confirming a held one."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.cases import CaseStatus, EventKind, Rating
from tests.conftest import Bot
from tests.integration.cases_support import advance, load

GROUP = "兰亭3号楼邻里群"
LIFT = "3号楼1单元电梯按钮按了没反应 电梯不动"


def case_count(bot: Bot) -> int:
    with bot.linli.uow_factory() as uow:
        return len(list(uow.cases.find()))


def told(sent: list) -> dict[str, str]:
    return {s.group or f"private:{s.to}": s.text for s in sent}


async def claimed(bot: Bot, report: str = LIFT, who: str = "小王") -> None:
    await bot.say(report, who=who)
    await bot.say("认领 E0001", who="孙志明")


# ---- D3, D32: closing with the code anywhere, or with no result ----------------------------


async def test_close_at_the_end_of_the_handlers_story(bot: Bot) -> None:
    await claimed(bot)
    sent = await bot.say("人出来了 没事 师傅把门撬开的 电梯明天让维保来修 E0001 办结", who="孙志明")
    assert "已办结：人出来了 没事 师傅把门撬开的" in told(sent)[GROUP]
    assert "办结" not in told(sent)[GROUP].split("已办结")[1].split("\n")[0]
    assert load(bot)[0].status is CaseStatus.RESOLVED


async def test_code_then_words_then_close(bot: Bot) -> None:
    await claimed(bot)
    sent = await bot.say("E0001 拧紧了 办结", who="孙志明")
    assert "已办结：拧紧了\n" in told(sent)[GROUP]  # not relayed as "有新进展：拧紧了 办结"
    assert load(bot)[0].status is CaseStatus.RESOLVED


async def test_a_bare_close_by_the_holder_closes(bot: Bot) -> None:
    await claimed(bot)
    sent = await bot.say("E0001办结", who="孙志明")
    assert "E0001（电梯 · 3号楼1单元）已办结。\n请您评价" in told(sent)[GROUP]
    assert load(bot)[0].status is CaseStatus.RESOLVED


async def test_not_yet_closed_is_not_a_close(bot: Bot) -> None:
    await claimed(bot)
    await bot.say("换好了 E0001 还没办结", who="孙志明")
    assert load(bot)[0].status.is_open


# ---- D19, D31: news with words before the code, long, with brackets -----------------------


async def test_long_news_with_a_phone_is_relayed_whole_and_masked(bot: Bot) -> None:
    await claimed(bot)
    sent = await bot.say(
        "E0001：维保师傅说是门锁回路故障，配件下午到（联系电话13912345678）", who="孙志明"
    )
    assert told(sent)[GROUP].endswith(
        "有新进展：维保师傅说是门锁回路故障，配件下午到（联系电话139****5678）"
    )


async def test_words_before_the_code_and_news_after_it(bot: Bot) -> None:
    await claimed(bot)
    sent = await bot.say("收到 马上安排 E0001 下午找人打磨刷漆", who="孙志明")
    assert told(sent)[GROUP].endswith("有新进展：下午找人打磨刷漆")
    # A resident's words about the code are no news of a handler's, nor are another
    # member's words around it (they neither claim it nor reach the resident).
    sent = await bot.say("听说 E0001 下午找人来修", who="李大爷")
    assert not any("有新进展" in s.text for s in sent)
    sent = await bot.say("大家注意 E0001 是电梯的事 别坐了", who="赵老师")
    assert not any("有新进展" in s.text for s in sent)


# ---- D45, D30, D29: several codes, several ratings ------------------------------------------


async def test_one_claim_for_two_codes_claims_both(bot: Bot) -> None:
    await bot.say(LIFT, who="小王")
    await bot.say("3号楼门口的路灯不亮了", who="李大爷")
    sent = await bot.say("认领 E0001 E0002 我都去看看", who="孙志明")
    assert not any("E0002 我都去看看" in s.text for s in sent)
    assert load(bot, 1)[0].assignee_id == load(bot, 2)[0].assignee_id is not None


async def two_waiting(bot: Bot) -> None:
    await bot.say("3号楼单元门的闭门器坏了 门关不上", who="老黄")
    await bot.say("3号楼地下车库入口那个减速带掉了一截", who="老黄")
    assert case_count(bot) == 2
    for code, result in (("E0001", "闭门器换新的了"), ("E0002", "减速带重新钉好了")):
        await bot.say(f"认领 {code}", who="孙志明")
        await bot.say(f"办结 {code} {result}", who="孙志明")


async def test_two_ratings_named_by_their_things(bot: Bot) -> None:
    await two_waiting(bot)
    await bot.say("门那个满意 减速带那个一般", who="老黄")
    assert load(bot, 1)[0].rating is Rating.SATISFIED
    assert load(bot, 2)[0].rating is Rating.BASIC


async def test_two_coded_ratings_in_one_message(bot: Bot) -> None:
    await two_waiting(bot)
    sent = await bot.say("E0001满意！E0002基本满意", who="老黄")
    assert len([s for s in sent if "谢谢您的评价" in s.text]) == 2
    assert load(bot, 1)[0].rating is Rating.SATISFIED
    assert load(bot, 2)[0].rating is Rating.BASIC


# ---- D7, D8, D9, D21, D54: status questions and follow-ups in words ------------------------

DRAIN = "3号楼2单元门口的下水道堵了 污水都漫出来了 臭得很"


async def test_status_questions_in_words_answer_with_her_case(bot: Bot) -> None:
    await bot.say(DRAIN, who="钱奶奶")
    [status] = await bot.say("我报的那个怎么样了", who="钱奶奶")
    assert "诉求 E0001" in status.text and "状态：" in status.text
    sent = await bot.private("我反映的下水道的事有人管吗", who="钱奶奶")
    assert "已帮您催" in told(sent)["private:钱奶奶"]
    [mine] = await bot.say("查一下我的报修", who="钱奶奶")
    assert "E0001" in mine.text
    assert case_count(bot) == 1  # never a second case
    # Her question about something that is not her report is not answered with it.
    assert not any("E0001" in s.text for s in await bot.say("今天天气怎么样", who="钱奶奶"))


async def test_every_angry_follow_up_is_answered_and_members_nudged_once(bot: Bot) -> None:
    await bot.say(DRAIN, who="钱奶奶")
    first = await bot.say("怎么还没人来啊", who="钱奶奶")
    assert any(s.to == "赵老师" for s in first)
    bot.clock.advance(timedelta(minutes=10))
    again = await bot.say("都一个多小时了 还没修好 水都流到路上了", who="钱奶奶")
    assert "已帮您催" in told(again)[GROUP]
    assert [s for s in again if s.group is None] == []  # no second nudge within half an hour
    assert case_count(bot) == 1


async def test_next_mornings_repeat_is_a_follow_up(bot: Bot) -> None:
    await bot.say("3号楼楼上天天半夜拖椅子 咚咚咚的 吵得睡不着", who="小陈")
    await advance(bot, hours=10)
    sent = await bot.say("昨晚又吵到两点 有没有人管管", who="小陈")
    assert "E0001" in told(sent)[GROUP]
    assert case_count(bot) == 1


async def test_the_reporter_hears_of_a_hand_back_and_is_answered_after(bot: Bot) -> None:
    await claimed(bot, "3号楼门口那个快递柜屏幕黑了 取不了件", who="赵大爷")
    sent = await bot.say("退回 E0001 快递柜是丰巢公司的 我们没法修", who="孙志明")
    assert "正在重新安排党员" in told(sent)[GROUP] and "丰巢" not in told(sent)[GROUP]
    sent = await bot.say("那我这快递咋办啊 谁管", who="赵大爷")
    assert "E0001" in told(sent)[GROUP]
    # The 党小组 is nudged, not the member who just gave it back.
    assert "private:赵老师" in told(sent) and "private:孙志明" not in told(sent)


# ---- D53: broken again after it was finished ------------------------------------------------


async def test_broken_again_links_to_a_new_case_and_tells_the_fixer(bot: Bot) -> None:
    await claimed(bot, "3号楼1单元的楼道感应灯坏了", who="小蔡")
    await bot.say("办结 E0001 换了感应器", who="孙志明")
    await bot.say("满意", who="小蔡")
    await advance(bot, days=1)
    sent = await bot.say("E0001又坏了", who="小蔡")
    assert "已记为新诉求 E0002（与 E0001 是同一处）" in told(sent)[GROUP]
    assert "又坏了" in told(sent)["private:孙志明"]
    assert load(bot, 1)[0].rating is Rating.SATISFIED  # the rated case stays as rated


# ---- D34: a member's own report -------------------------------------------------------------


async def test_a_members_own_case_is_neither_announced_to_him_nor_rated(bot: Bot) -> None:
    await bot.say("3号楼2单元楼道扶手松了 老人扶着晃 我自己处理一下", who="孙志明")
    sent = await bot.say("认领 E0001", who="孙志明")
    assert not any("会尽快和您联系" in s.text for s in sent)
    sent = await bot.say("办结 E0001 螺丝拧紧了", who="孙志明")
    assert "不用回访评价" in told(sent)[GROUP]
    case, events = load(bot)
    assert case.status is CaseStatus.REVIEWED and case.rating is Rating.UNRATED
    assert events[-1].kind == EventKind.UNRATED


# ---- D37: a member's claim in words, no code ------------------------------------------------

STEP = "4号楼2单元门口的台阶塌了一块 容易崴脚"
FOUR = "兰亭4号楼邻里群"


async def test_a_members_words_claim_the_one_case_just_reported(bot: Bot) -> None:
    await bot.say(STEP, who="汪先生", group=FOUR)
    # A neighbour's "我去看看" is no claim.
    assert not any(
        "认领成功" in s.text for s in await bot.say("我去看看", who="汪太太", group=FOUR)
    )
    sent = await bot.say("我去看看", who="吴师傅", group=FOUR)
    assert any("认领成功：诉求 E0001" in s.text for s in sent)


async def test_with_two_cases_waiting_the_member_is_told_how_to_claim(bot: Bot) -> None:
    await bot.say(STEP, who="汪先生", group=FOUR)
    await bot.say("4号楼北边的路灯一到晚上就不亮", who="冯大姐", group=FOUR)
    [hint] = await bot.say("这个我来", who="吴师傅", group=FOUR)
    assert "认领 E0001" in hint.text and "认领 E0002" in hint.text
    assert load(bot, 1)[0].assignee_id is None
    # Naming the thing picks the one it names (convo9 B): "台阶这个我来" claims the 台阶.
    sent = await bot.say("台阶这个我来", who="吴师傅", group=FOUR)
    assert any("认领成功" in s.text and "E0001" in s.text for s in sent)
    assert load(bot, 1)[0].assignee_id is not None


async def test_an_old_case_is_not_claimed_by_chance_words(bot: Bot) -> None:
    await bot.say(STEP, who="汪先生", group=FOUR)
    await advance(bot, hours=2)
    sent = await bot.say("我去看看", who="吴师傅", group=FOUR)
    assert not any("认领成功" in s.text for s in sent)


# ---- D20: a case taken back is listed as such -----------------------------------------------


async def test_a_withdrawn_case_is_marked_in_the_todo_list(bot: Bot) -> None:
    await bot.say("3号楼垃圾桶那边好多老鼠 晚上都窜出来", who="老韩")
    await bot.say("刚才那个不用管了 物业已经放了老鼠药了", who="老韩")
    [todo] = await bot.say("待认领", who="孙志明")
    assert "E0001" in todo.text and "居民说不用处理了，待核实结案" in todo.text


# ---- D6: neighbours confirming a held message -----------------------------------------------


async def test_neighbours_confirming_an_uncertain_report_make_it_a_case(bot: Bot) -> None:
    first = await bot.say("4号楼今天水压怎么这么小 洗澡水都是滴的", who="周先生", group=FOUR)
    assert first == [] and case_count(bot) == 0  # one unsure voice waits for a person
    bot.clock.advance(timedelta(minutes=5))
    sent = await bot.say("我家也是 水龙头开最大就一点点 18楼", who="钱大姐", group=FOUR)
    assert case_count(bot) == 1
    assert {s.text.split("，")[0] for s in sent} >= {"已受理您反映的问题"}
    assert any("已合并跟进（共 2 位居民反映）" in s.text for s in sent)
    sent = await bot.say("+1 水流小的可怜", who="小马", group=FOUR)
    assert "共 3 位" in sent[0].text
    sent = await bot.say("认领E0001，我去泵房看看", who="吴师傅", group=FOUR)
    assert any("认领成功" in s.text for s in sent)
