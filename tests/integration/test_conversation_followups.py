"""How people really talk to the bot around a case (issue 11, convo2 C4 C6 C12 C13), through
the whole bot on SQLite and PostgreSQL: "还没修好" after 办结 is the rating, a member's first
news on an unclaimed case claims it, an address said privately opens nothing, and a listed
帮办 service asked for in plain words gets the 帮办 flow."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.cases import CaseStatus, EventKind, Rating
from tests.conftest import Bot
from tests.integration.cases_support import advance, load

REPORT = "3号楼2单元楼道的灯坏了好几天了，晚上黑咕隆咚的"


def case_count(bot: Bot) -> int:
    with bot.linli.uow_factory() as uow:
        return len(list(uow.cases.find()))


async def resolved_case(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    await bot.say("认领 E0001", who="孙志明")
    await bot.say("办结 E0001 灯泡换好了", who="孙志明")
    assert load(bot)[0].status is CaseStatus.RESOLVED


# ---- C4: "还没修好" while the rating waits --------------------------------------------------


async def test_not_fixed_after_the_work_reopens_the_case_instead_of_a_new_one(bot: Bot) -> None:
    await resolved_case(bot)
    bot.clock.advance(timedelta(minutes=30))
    sent = await bot.say("灯还是不亮啊 你们再来看看", who="张阿姨")
    told = {s.group or f"private:{s.to}": s.text for s in sent}
    assert "E0001 还没解决吧？已按「不满意」重新打开" in told["兰亭3号楼邻里群"]
    assert "原承办党员 孙志明" in told["兰亭3号楼邻里群"]
    assert "居民说：灯还是不亮啊" in told["private:孙志明"]  # the member hears her words
    assert case_count(bot) == 1  # no second case for one fault
    case, events = load(bot)
    assert case.status.is_open and case.rating is Rating.UNSATISFIED
    assert any(e.kind == EventKind.NOTE and "还是不亮" in e.text for e in events)


async def test_not_fixed_in_few_words_the_engine_calls_chat(bot: Bot) -> None:
    await resolved_case(bot)
    sent = await bot.say("还没修好", who="张阿姨")
    assert any("E0001 还没解决吧" in s.text for s in sent)
    assert load(bot)[0].status.is_open


async def test_what_is_not_the_unfixed_case_goes_on_as_before(bot: Bot) -> None:
    await resolved_case(bot)
    # A question about it is not a complaint; another category is a new report.
    assert not any("还没解决吧" in s.text for s in await bot.say("修好了吗", who="张阿姨"))
    sent = await bot.say("3号楼电梯又坏了，卡在5楼", who="张阿姨")
    assert any("编号 E0002" in s.text for s in sent)
    # The same words about another unit are about another lamp.
    assert not any("还没解决吧" in s.text for s in await bot.say("1单元的灯还不亮", who="张阿姨"))
    # Someone else's "还没修好" is theirs: nothing of theirs waits for a rating.
    assert not any("E0001" in s.text for s in await bot.say("还没修好", who="李叔"))
    assert load(bot)[0].status is CaseStatus.RESOLVED
    # Once rated, the same words later are a new report, not a second reopening.
    await bot.say("满意", who="张阿姨")
    assert not any("还没解决吧" in s.text for s in await bot.say("灯还是不亮", who="张阿姨"))


# ---- C6: a member's news on a case he has not claimed ---------------------------------------


async def test_a_members_first_news_on_an_unclaimed_case_claims_it(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    sent = await bot.say("E0001 人已经到了 电工在换灯泡", who="孙志明")
    texts = [s.text for s in sent]
    assert any("E0001 之前无人认领，已记在您名下" in t for t in texts)
    assert any("已由党员 孙志明 认领" in t for t in texts)
    assert any("有新进展：人已经到了 电工在换灯泡" in t for t in texts)
    case, _ = load(bot)
    assert case.assignee_id is not None and case.status.is_open
    # Nobody is alarmed about an unanswered case he is on.
    alarms = await advance(bot, hours=3)
    assert not any("无人响应" in s.text for s in alarms)


async def test_an_explicit_command_and_done_words_claim_as_well(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    sent = await bot.say("E0001 已经换好灯泡了", who="孙志明")
    assert any("已记在您名下" in s.text for s in sent)
    assert any("已办结：已经换好灯泡了" in s.text for s in sent)
    assert load(bot)[0].status is CaseStatus.RESOLVED


async def test_news_a_member_cannot_act_on_gets_one_line_why(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    # Giving it away is no claim: he is told how, and the resident hears nothing of it.
    [away] = await bot.private("E0001 我临时要出差 交给赵老师吧", who="孙志明")
    assert "E0001 还没有人认领" in away.text
    assert load(bot)[0].assignee_id is None
    await bot.say("认领 E0001", who="孙志明")
    [other] = await bot.say("E0001 我刚去看了 灯泡要换", who="赵老师")  # a member, not the holder
    assert "已由其他党员承办" in other.text
    [missing] = await bot.say("E0009 已联系物业", who="孙志明")
    assert "没有找到诉求 E0009" in missing.text
    # A resident's words under a code are still a report, never a handler's command.
    sent = await bot.say("E0001 已经换好灯泡了", who="李叔")
    assert not any("承办" in s.text for s in sent)
    assert load(bot)[0].status.is_open


# ---- C12: an address or a time alone, privately ----------------------------------------------


async def test_an_address_said_privately_opens_no_case(bot: Bot) -> None:
    for words in ("2号楼1单元301 晚上7点以后", "我住3号楼1单元101 明天上午都在家"):
        [asked] = await bot.private(words, who="钱阿姨")
        assert "请直接说说遇到了什么问题" in asked.text and "代办" in asked.text
    assert case_count(bot) == 0
    # A problem said privately is still a case at once.
    sent = await bot.private("3号楼电梯坏了", who="李叔")
    assert any("编号 E0001" in s.text for s in sent)


# ---- C13: a listed service asked for in plain words ------------------------------------------


async def test_a_listed_service_in_plain_words_gets_the_helpdesk(bot: Bot) -> None:
    # 张阿姨 is 高龄、独居: 代缴水电燃气费 is hers to ask for.
    sent = await bot.say("帮我交一下电费吧 我不会弄手机 孩子都不在身边", who="张阿姨")
    told = {s.group or f"private:{s.to}": s.text for s in sent}
    assert "可以帮您办" in told["兰亭3号楼邻里群"]
    assert "代缴水电燃气费" in told["private:张阿姨"] and "H0001" in told["private:张阿姨"]
    assert not any("W0001" in t for t in told.values())
    # 代取快递 is open to everyone, whatever the engine made of the words.
    sent = await bot.say("能不能帮我拿个快递 在南门菜鸟驿站 我在上班", who="李叔")
    assert any("代取快递" in s.text and "H0002" in s.text for s in sent)


async def test_talk_about_a_service_is_no_request(bot: Bot) -> None:
    assert await bot.say("我刚帮邻居拿了快递", who="李叔") == []
    assert await bot.say("快递在哪拿啊", who="李叔") == []
    assert await bot.say("今天去交电费排了好久", who="李叔") == []


# ---- C16 C26 C27: the reporter about her own open case --------------------------------------


async def test_the_reporter_takes_her_report_back(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了 卡在5楼不动了", who="李婶")
    sent = await bot.say("哦不好意思 搞错了 是我家孩子按了急停 现在好了", who="李婶")
    told = {s.group or f"private:{s.to}": s.text for s in sent}
    assert "已把您的话记到诉求 E0001" in told["兰亭3号楼邻里群"]
    assert "【居民撤回】" in told["private:赵老师"]  # the building's 小组长 checks and closes
    assert case_count(bot) == 1
    # With the code, later, and to the member who holds it.
    await bot.say("认领 E0001", who="孙志明")
    sent = await bot.say("E0001 没事了 可以关了", who="李婶")
    assert any(s.to == "孙志明" and "【居民撤回】" in s.text for s in sent)
    # The member closes it in his words.
    await bot.say("E0001 居民说已恢复 不用修了", who="孙志明")
    assert load(bot)[0].status is CaseStatus.RESOLVED


async def test_a_supplement_under_her_code_is_no_new_case(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了", who="李婶")
    [noted] = await bot.say("E0001 补充：电梯卡在7楼 门开一半", who="李婶")
    assert "已把您的补充记到诉求 E0001" in noted.text
    assert case_count(bot) == 1
    _, events = load(bot)
    assert any(e.kind == EventKind.NOTE and "卡在7楼" in e.text for e in events)
    # Someone else's words under her code stay theirs (a report, as before).
    sent = await bot.say("E0001 补充：电梯卡在7楼 门开一半", who="李叔")
    assert not any("已把您的补充" in s.text for s in sent)


async def test_nobody_came_shows_her_case_and_chases_it(bot: Bot) -> None:
    await bot.say("3号楼单元门门禁坏了 关不上 谁都能进来", who="李婶")
    await bot.say("认领 E0001", who="孙志明")
    await advance(bot, days=2)
    sent = await bot.say("都两天了还没人来修？？？你们到底管不管", who="李婶")
    told = {s.group or f"private:{s.to}": s.text for s in sent}
    assert "已帮您催承办党员 孙志明" in told["兰亭3号楼邻里群"]
    assert "诉求 E0001" in told["兰亭3号楼邻里群"] and "状态：" in told["兰亭3号楼邻里群"]
    assert "【居民催办】" in told["private:孙志明"]
    assert case_count(bot) == 1
    # A neighbour's impatience is not about her case (nothing of his is open).
    sent = await bot.say("怎么还没人来修啊", who="李叔")
    assert not any("已帮您催" in s.text for s in sent)


# ---- C36 C57 C46: words that must reach the member -------------------------------------------


async def test_why_she_is_not_satisfied_reaches_the_member(bot: Bot) -> None:
    await resolved_case(bot)
    sent = await bot.say("差评 来了看一眼就走了 第二天才弄", who="张阿姨")
    [told] = [s.text for s in sent if s.to == "孙志明"]
    assert "【重新办理】" in told and "居民说：差评 来了看一眼就走了" in told
    _, events = load(bot)
    assert any(e.kind == EventKind.NOTE and "看一眼就走了" in e.text for e in events)


async def test_a_bare_rating_passes_no_words_on(bot: Bot) -> None:
    await resolved_case(bot)
    sent = await bot.say("不满意", who="张阿姨")
    [told] = [s.text for s in sent if s.to == "孙志明"]
    assert "居民说" not in told


async def test_words_after_a_claim_are_his_first_news(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    sent = await bot.say("认领 E0001 我在现场 电工已经到了", who="孙志明")
    assert any("有新进展：我在现场 电工已经到了" in s.text for s in sent)
    _, events = load(bot)
    assert any(e.kind == EventKind.PROGRESS for e in events)
    # Politeness after the code is no news.
    await bot.say(REPORT.replace("3号楼", "1号楼"), who="钱奶奶", group="兰亭1号楼邻里群")
    sent = await bot.say("认领 E0002 谢谢", who="孙志明", group="兰亭1号楼邻里群")
    assert not any("有新进展" in s.text for s in sent)


async def test_members_read_the_complaint_without_the_tag(bot: Bot) -> None:
    await bot.say("#报事 楼道里堆满了杂物 好几天没人清理", who="李叔")
    notices = await advance(bot, minutes=5)
    [notice] = [s.text for s in notices if s.to == "孙志明" and "本楼栋有新诉求" in s.text]
    assert "：楼道里堆满了杂物" in notice and "#报事" not in notice


# ---- C61: "+1" under a neighbour's report ----------------------------------------------------


async def test_neighbours_me_too_joins_the_case(bot: Bot) -> None:
    await bot.say("3号楼今天一直没有热水 暖气也不热", who="李婶")
    for who, words in (
        ("李叔", "+1"),
        ("张阿姨", "我家也是 冻死了"),
        ("王奶奶", "同问 啥时候能好"),
    ):
        [joined] = await bot.say(words, who=who)
        assert "已合并跟进" in joined.text and "E0001" in joined.text
    case, _ = load(bot)
    assert case.reporters == 4 and case_count(bot) == 1
    # Her own "+1", another group, or hours later: nothing to join.
    assert await bot.say("+1", who="李婶") == []
    assert await bot.say("+1", who="钱阿姨", group="兰亭2号楼邻里群") == []
    bot.clock.advance(timedelta(hours=5))
    assert await bot.say("我也是", who="赵大爷") == []


# ---- C58: asking about a 帮办 by its number --------------------------------------------------


async def test_progress_of_a_helpdesk_request_by_its_number(bot: Bot) -> None:
    await bot.say("代办 取快递", who="李叔")
    await bot.private("3号楼2单元502 晚上在家", who="李叔")
    [status] = await bot.private("进度 H0001", who="李叔")
    assert status.text.startswith("帮办 H0001「代取快递」：待接单")
    [other] = await bot.private("进度 H0001", who="张阿姨")  # not hers
    assert "没有找到帮办 H0001" in other.text and "格式不对" not in other.text


# ---- C19 C53: the private fallback knows who is asking --------------------------------------


async def test_staff_and_members_are_pointed_to_the_command_they_meant(bot: Bot) -> None:
    [points] = await bot.private("扣小王5分 楼道飞线充电 屡教不改", who="王敏")
    assert "「扣分 @名字 事由」" in points.text
    [notice] = await bot.private("帮我给3号楼发个通知 周三上午电梯年检 停用两小时", who="王敏")
    assert "「通知 3号楼 内容」" in notice.text
    [signups] = await bot.private("1号活动都谁报了", who="刘建华")
    assert "「报名名单 1」" in signups.text
    assert case_count(bot) == 0
    # A resident asking about points is shown 「我的积分」; her "扣分" words are no duty.
    [mine] = await bot.private("我现在多少分了", who="张阿姨")
    assert "积分" in mine.text
    # A member's problem said privately is still a case.
    sent = await bot.private("3号楼电梯坏了", who="孙志明")
    assert any("编号 E0001" in s.text for s in sent)


async def test_a_neighbours_impatience_joins_the_open_case(bot: Bot) -> None:
    await bot.say("3号楼门口垃圾三天没人收了 臭得不行", who="李婶")
    await bot.say("认领 E0001", who="孙志明")
    [joined] = await bot.say("3号楼垃圾怎么还没人收啊", who="王奶奶")
    assert "已合并跟进（共 2 位居民反映）" in joined.text and "孙志明 已认领" in joined.text
    assert case_count(bot) == 1


async def test_a_neighbour_offering_to_help_with_a_wish_is_thanked(bot: Bot) -> None:
    await bot.say("心愿 想请人帮忙把冬天的被子晒一晒", who="张阿姨")
    [thanks] = await bot.say("认领 W0001", who="李叔")
    assert "谢谢您的热心" in thanks.text and "身份" not in thanks.text


async def test_her_code_with_a_misspelt_question_shows_the_case(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了", who="李婶")
    for words in ("进渡E0001", "E0001咋还没动静？"):
        [status] = await bot.say(words, who="李婶")
        assert status.text.startswith("诉求 E0001") and "状态：" in status.text
    _, events = load(bot)
    assert not any(e.kind == EventKind.NOTE for e in events)


# ---- convofix3 #4: a merged co-reporter rates late, in their own words ---------------------


async def test_a_co_reporter_rates_in_words_after_the_case_closed(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    await bot.say("3号楼2单元楼道灯也不亮 黑乎乎的", who="李叔")  # merged: one case
    assert case_count(bot) == 1
    await bot.say("认领 E0001", who="孙志明")
    await bot.say("办结 E0001 灯泡换好了", who="孙志明")
    await bot.say("满意", who="张阿姨")  # her rating closes it
    assert load(bot)[0].status is CaseStatus.REVIEWED
    bot.clock.advance(timedelta(minutes=20))
    [thanks] = await bot.say("修好了挺满意", who="李叔")
    assert "谢谢您的评价（满意）" in thanks.text and "E0001" in thanks.text
    _, events = load(bot)
    rated = [e.text for e in events if e.kind == EventKind.RATED]
    assert rated == ["满意", "满意"]  # hers and his


async def test_a_co_reporters_basic_rating_in_words_counts_once(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    await bot.say("3号楼2单元楼道灯也不亮 黑乎乎的", who="李叔")
    await bot.say("认领 E0001", who="孙志明")
    await bot.say("办结 E0001 灯泡换好了", who="孙志明")
    await bot.say("满意", who="张阿姨")
    [thanks] = await bot.say("还行吧", who="李叔")
    assert "基本满意" in thanks.text
    # Rated once, the same words later are chat; a neighbour who reported nothing is silent.
    assert await bot.say("还行吧", who="李叔") == []
    assert await bot.say("修好了挺满意", who="王大爷") == []
    _, events = load(bot)
    assert [e.text for e in events if e.kind == EventKind.RATED] == ["满意", "基本满意"]


# ---- convofix3 #5: the group help is not posted twice in a row ------------------------------


async def test_the_same_group_help_is_not_posted_again_within_ten_minutes(bot: Bot) -> None:
    [first] = await bot.say("帮助", who="张阿姨")
    assert len(first.text.splitlines()) > 1
    bot.clock.advance(timedelta(minutes=1))
    for asked, who in (("帮助", "李叔"), ("怎么用", "王大爷"), ("@邻里小助手", "王大爷")):
        [brief] = await bot.say(asked, who=who, mentions=("邻里小助手",) if "@" in asked else ())
        assert brief.text == "用法刚刚发在群里了，往上翻一翻就能看到；私聊我「帮助」看全部用法。"
        assert brief.mentions == (who,)  # the asker is answered, in one line
    # Privately, another group, a member's own version, or later: the whole help as before.
    [private] = await bot.private("帮助", who="李叔")
    assert len(private.text.splitlines()) > 5
    [elsewhere] = await bot.say("帮助", who="钱阿姨", group="兰亭4号楼邻里群")
    assert elsewhere.text == first.text
    [member] = await bot.say("帮助", who="孙志明")
    assert "认领 E0001" in member.text
    bot.clock.advance(timedelta(minutes=10))
    [again] = await bot.say("帮助", who="李叔")
    assert again.text == first.text
