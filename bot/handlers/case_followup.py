"""A reporter speaking about her own case is answering about it, not reporting a new problem.

Issue 11 (convo2 C4, C16, C26, C27): the engine rightly sees a water problem in "还没修好啊 还在
滴水", a lift in "E0001 补充：电梯卡在7楼", a complaint in "都两天了还没人来修", and each opened
a second case beside the first, whose members were asked to claim the same fault twice; her
"搞错了 现在好了" was ignored while the case climbed the ladder. The rule: before a message from
a reporter becomes a new case, it is read against her own cases —

* her case waiting for the 回访 rating, and words that say it is not fixed
  (`followup.says_unfixed`): the rating 不满意, which reopens it to the same member;
* her recent open case, and words that take it back (`says_retracted`): recorded on the case
  and passed to its member (or the building's 党小组), who closes it after checking;
* her open case, and words that complain nobody came (`says_impatient`): its status, and a
  nudge to its member (or the 党小组);
* her case named by its code, or quoted: the words are a 补充 on that case;
* her open case (or a neighbour's emergency minutes old in this group), and words that only say
  help was called or has come ("已经打了119了 说马上到"): a "收到" and a note on it, never a
  second case (convo3 D1, D38). A reporter standing an emergency down ("孩子找到了", "火灭了")
  takes it off the urgent clock, and everyone who was alerted hears it (D25, D46).

A case is hers when she reported or joined it, in this 小区 and group; when the engine placed
the words (a category, a building or unit) they must fit the case.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.chat.context import Context
from bot.chat.followup import (
    BARE_ASK,
    about_the_repair,
    asks_repair,
    asks_status,
    names_nothing,
    points_back,
    says_all_clear,
    says_help_called,
    says_impatient,
    says_news,
    says_retracted,
    says_same_here,
    says_same_here_at_length,
    says_unfixed,
)
from bot.chat.router import LocationView
from bot.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    EventKind,
    Rating,
    Report,
    find_case_code,
    format_case_code,
    format_place,
    render_status,
    summarize,
)
from bot.domain.community import GroupKind, Person, Role
from bot.domain.escalation import describe, notice_text
from bot.domain.lifecycle import is_paused, paused, resumed
from bot.domain.likeness import same_problem
from bot.domain.problems import clauses as listed
from bot.domain.safety import called_line, called_numbers
from bot.handlers.case_context import mailer_for
from bot.services import case_actions, claims, pending
from bot.services import mailer as audience
from bot.services.cases import acknowledgement, join_case, open_or_join
from bot.services.claims import Refused, add_note

REOPENED = (
    "您是说诉求 {code} 还没解决吧？已按「不满意」重新打开，{who}会继续跟进，请您放心。"
    "如果说的是另一个新问题，请写明具体位置再发一次。"
)
RETRACTED = "好的，已把您的话记到诉求 {code}，并转告了{who}，不再催办，核实后会结案。谢谢您告知！"
STOOD_DOWN = (
    "太好了！已把您的话记到诉求 {code}，并告诉了{who}和支部书记，不再催办；党员核实后会结案。"
)
MEMBER_STOOD_DOWN = (
    "收到，诉求 {code} 已解除紧急、停止催办，已告诉楼栋党小组和支部书记。"
    "核实后请发「办结 {code} 情况说明」结案。"
)
BYSTANDER_STOOD_DOWN = (
    "收到，已转告楼栋党小组核实诉求 {code}。"
    "如果您就是反映人或到场的党员，请直接说明，我们就停止催办。"
)
HELP_CALLED = "已把您的话记到诉求 {code}，并转告了{who}。"
EMERGENCY_NEARBY = timedelta(minutes=30)  # a neighbour's "119到了" is about this emergency
MEMBER_STAND_DOWN = timedelta(hours=6)  # a member's "误报" may come after he went and looked
CHASE_QUIET = timedelta(minutes=30)  # one nudge to the members per half hour of her chasing
CHASED = "已帮您催{who}尽快联系您。您反映的诉求 {code} 现在的情况：\n{status}"
RECENT_REPORT = timedelta(hours=24)  # "搞错了" without a code takes back a report this fresh
_CODE = re.compile(r"(?<![A-Za-z0-9])[Ee]\s*0*(\d{1,9})(?!\d)")
_MARKS = re.compile(r"[^\w]")
_BARE_REST = 3  # "进渡E0001": a misspelt 进度 and her code
_ASKING = re.compile(r"[吗呢么?？]\W*$|了没|怎么样|咋样|到哪|什么时候|啥时候|有人管")


def about_own_case(
    ctx: Context, category: str | None, where: LocationView | None, *, reported: bool = False
) -> bool:
    """Handle the message as words about one of the sender's own cases; True when it was.
    `reported`: the engine took the words for a problem (a report, not small talk)."""
    if _address_for_own(ctx):
        return True
    if reopen_if_unfixed(ctx, category, where):
        return True
    if _handler_news(ctx, category):
        return True
    named = _named_case(ctx)
    text = ctx.message.text
    if says_help_called(text, bool(called_numbers(text))):
        case = (
            named
            or _latest_open(ctx, None, where, since=ctx.now - RECENT_REPORT)
            or _emergency_nearby(ctx)
        )
        if case is not None and case.status.is_open:
            _help_called(ctx, case)
            return True
    if _relocated(ctx, named):
        return True
    retracted = says_retracted(text)
    # "出来了 人没事", "是302家炒辣椒呛的": after an alarm, nobody hurt or a harmless cause is
    # the stand-down too (convo8); about a leak or a lamp such words mean nothing of the kind.
    clear = not retracted and says_all_clear(text) and not _urgent_words(ctx)
    if retracted or clear:
        case = named or _latest_open(ctx, None, None, since=ctx.now - RECENT_REPORT)
        if case is not None and case.status.is_open and (retracted or case.urgent):
            _retract(ctx, case)
            return True
        if _stand_down_by_member(ctx):
            return True
    if _status_question(ctx):
        return True
    if named is None and points_back(text):
        # "水又停了，就是刚才说的那个": whatever the engine made of it, it is her report.
        case = _latest_open(ctx, None, None, since=ctx.now - RECENT_REPORT)
        if case is not None:
            return _note(ctx, case)
    if says_impatient(text):
        # "还没人来修" names no new fault: whatever the engine filed it under, it is about
        # her newest open case here (unless the words place it at another building or unit).
        case = named or _latest_open(ctx, None, where)
        if case is not None and case.status.is_open:
            _chase(ctx, case)
            return True
        if named is None and _neighbours_case(ctx, category, where):
            return True
    if named is not None and not named.status.is_open and says_unfixed(text):
        _broken_again(ctx, named)
        return True
    if named is not None:
        if _asks_about(text):
            _show(ctx, named)  # "进渡E0001", "E0001咋还没动静？": her case's status, not a note
            return True
        return _note(ctx, named)
    if named is None and (_repeats_own(ctx, category, where) or _same_again(ctx, category, where)):
        return True
    if named is None and _own_emergency_again(ctx, category, reported=reported):
        return True
    if named is None and _neighbour_again(ctx, category, where):
        return True
    if named is None and _neighbour_says_unfixed(ctx, category, where):
        return True
    return _same_here(ctx, category, where)


ADDRESS_KEPT = "好的，已把门牌「{place}」记到诉求 {code}，党员上门时会用到（不会在群里公开）。"
# "3号楼1单元102", "3-1-102", "1单元102室": an address and nothing else (convo9 c12).
_ADDRESS_ONLY = re.compile(
    r"^(?:我家|我住|住在?|地址是?|门牌是?|是)?"
    r"(?:(?P<b>[0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:号楼|栋|幢|-|－))?"
    r"\s*(?:(?P<u>[0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:单元|-|－))?"
    r"\s*(?P<r>[0-9]{3,4})\s*(?:室|号|房)?[。.!！~～]*$"
)
ADDRESS_RECENT = timedelta(hours=2)


def _address_for_own(ctx: Context) -> bool:
    """A private address alone, soon after her private report that names no room: the place
    of that case (the 党员 needs the door), not a new problem nor "没看明白"."""
    if ctx.group is not None or ctx.sender.id is None:
        return False
    found = _ADDRESS_ONLY.match("".join(ctx.message.text.split()))
    if found is None:
        return False
    building = _arabic(found["b"]) if found["b"] else None
    unit = _arabic(found["u"]) if found["u"] else None
    since = ctx.now - ADDRESS_RECENT
    for case in ctx.uow.cases.by_reporter(ctx.sender.id, limit=5):
        if not case.status.is_open or case.room or case.group_id is not None:
            continue
        if (case.updated_at or case.opened_at) < since:
            continue
        if building and case.building and building != case.building:
            continue
        case.building = case.building or building
        case.unit = case.unit or unit
        case.room = found["r"]
        case.updated_at = ctx.now
        ctx.stored.case_id = case.id
        place = format_place(case.building, case.unit, case.room)
        add_note(ctx.uow, case, ctx.sender, f"门牌：{place}", ctx.now)
        if case.notified_at is not None:  # those already told learn the door too
            people, _ = _who_acts(ctx, case)
            mailer_for(ctx).to_people(
                people, f"【补充】诉求 {describe(case)}：居民补充了门牌。", urgent=False
            )
        ctx.reply(ADDRESS_KEPT.format(place=place, code=case.code))
        return True
    return False


RELOCATED = "好的，已把诉求 {code} 的位置改为{place}，并转告了{who}。"
RELOCATED_NOTE = "【位置更正】诉求 {case}：反映的居民更正说「{said}」，位置已改为{place}。"
# "说错了 是4号楼 不是3号楼", "不对，应该是4栋": a correction of the place, not a withdrawal.
_CORRECTION = re.compile(r"(?:说|写|打|报|搞|弄|记|看)错了?|不对|口误|更正|纠正")
_RIGHT_BUILDING = re.compile(r"(?<!不)是\s*([0-9一二两三四五六七八九十]{1,3})\s*(?:号楼|栋|幢|号)")
_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def _arabic(numeral: str) -> str | None:
    if numeral.isdigit():
        return str(int(numeral))
    if numeral == "十":
        return "10"
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        value = (_NUMERALS.get(tens, 0) if tens else 1) * 10 + (
            _NUMERALS.get(ones, 0) if ones else 0
        )
        return str(value)
    return str(_NUMERALS[numeral]) if len(numeral) == 1 and numeral in _NUMERALS else None


def corrected_building(text: str) -> str | None:
    """The building a correction says is the right one ("说错了 是4号楼 不是3号楼" → "4")."""
    said = "".join(text.split())
    if len(said) > MAX_CORRECTION or not _CORRECTION.search(said):
        return None
    found = _RIGHT_BUILDING.search(said)
    return _arabic(found[1]) if found else None


MAX_CORRECTION = 30


def _relocated(ctx: Context, named: Case | None) -> bool:
    """ "说错了 是4号楼 不是3号楼" a minute after her report: the case moves to that building
    (and to its 党小组, if the first one was already told), never a withdrawal (convo9)."""
    building = corrected_building(ctx.message.text)
    if building is None or ctx.sender.id is None:
        return False
    case = named or _latest_open(ctx, None, None, since=ctx.now - RECENT_REPORT)
    if case is None or not case.status.is_open or case.building == building:
        return False
    if ctx.uow.estates.building_by_number(case.estate_id, building) is None:
        return False  # no such building here: the words are something else
    told = list(audience.building_party(ctx.uow, case)) if case.notified_at else []
    case.building = building
    case.updated_at = ctx.now
    add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    ctx.stored.case_id = case.id
    place = format_place(building, None, None)
    mail = mailer_for(ctx)
    note = RELOCATED_NOTE.format(case=describe(case), said=summarize(ctx.message.text), place=place)
    if told:
        mail.to_people(told, note, urgent=False)
        fresh = [
            p for p in audience.building_party(ctx.uow, case) if p.id not in {t.id for t in told}
        ]
        mail.to_people(fresh, notice_text(case), urgent=case.urgent)
    _, who = _who_acts(ctx, case)
    ctx.reply(RELOCATED.format(code=case.code, place=place, who=who))
    return True


HANDLER_NEWS = "已记为诉求 {code} 的进展，反映的居民会看到。处理完了请发「办结 {code} 结果」结案。"
_FALSE_ALARM = re.compile(r"误报|误会|(?:搞|弄|看|报|听)错|虚惊|没事了|不用(?:修|来|管|处理)")
OTHERS_NEWS = "已记为诉求 {code} 的进展，反映的居民和处理的党员会看到。"


def _handler_news(ctx: Context, category: str | None) -> bool:
    """ "通开了 现在好了" from the member who holds a case of this group, or "师傅已经疏通了"
    from a party member minutes after a neighbour's emergency here: progress on that case,
    told to its residents — never a new case, nor one more resident on it (convo8)."""
    if ctx.group is None or ctx.sender.role < Role.MEMBER or ctx.sender.id is None:
        return False
    text = ctx.message.text
    if not says_news(text) or _FALSE_ALARM.search(text) or says_all_clear(text):
        return False  # "误报 已经处理了" stands an alarm down: the stand-down reads it
    if _urgent_words(ctx):
        return False
    held = [
        c
        for c in ctx.uow.cases.assigned_to(ctx.sender.id)
        if c.status.is_open and c.group_id == ctx.group.id and _fits(ctx, c, category, None)
    ]
    case: Case | None = held[0] if len(held) == 1 else None
    if case is None and not held:
        nearby = _emergency_nearby(ctx)
        if nearby is not None and nearby.id is not None:
            theirs = ctx.sender.id in ctx.uow.cases.reporter_ids(nearby.id)
            case = None if theirs or not _fits(ctx, nearby, category, None) else nearby
    if case is None or case.id is None:
        return False
    named = _CODE.search(text)
    if named is not None and int(named[1]) != case.id:
        return False  # "E0002 还没办结 …" is about E0002, never news on the case he holds
    words = summarize(ctx.message.text)
    if case.assignee_id == ctx.sender.id:
        claims.progress(ctx.uow, case, ctx.sender, words, ctx.now)
    else:
        ctx.uow.cases.add_event(
            CaseEvent(
                case_id=case.id,
                at=ctx.now,
                kind=EventKind.PROGRESS,
                text=words,
                actor_id=ctx.sender.id,
            )
        )
        case.updated_at = ctx.now
    ctx.stored.case_id = case.id
    case_actions.progressed(mailer_for(ctx), case, words, plan=False)
    holder = case.assignee_id == ctx.sender.id
    assignee = None if holder else _assignee(ctx, case)
    if assignee is not None:
        mailer_for(ctx).send(
            f"【进展】诉求 {describe(case)}：{ctx.sender.name} 说「{words}」",
            person=assignee,
            chase=False,
            urgent=case.urgent,
        )
    ctx.reply((HANDLER_NEWS if holder else OTHERS_NEWS).format(code=case.code))
    return True


# "又", "还", "天天": the same trouble once more, not a new one (convo3 D21).
_AGAIN = re.compile(r"又|还|依然|仍然|一直|天天|每天|照样|老是|总是")
# "还有…", "另外…", "对了 还有…" open one more problem, not the same one again.
_ANOTHER = re.compile(r"^(?:对了|哦|噢|啊)?[，,]?(?:还有|另外|另|再就是|还有就是|顺便说下)")


def _repeats_own(ctx: Context, category: str | None, where: LocationView | None) -> bool:
    """ "昨晚又吵到两点" while her noise case of last night is open: however long ago she
    reported it, a repeat of her open case's trouble (its category and place, said "again")
    is a 补充 on it, never a second case beside it."""
    if category is None or not _AGAIN.search(ctx.message.text):
        return False
    if _ANOTHER.match("".join(ctx.message.text.split())):
        return False  # "还有一楼信报箱的门掉了": a second problem, not the first again (convo9)
    case = _latest_open(ctx, category, where)
    if case is None or case.category != category:
        return False
    return _note(ctx, case)


def _same_again(ctx: Context, category: str | None, where: LocationView | None) -> bool:
    """ "2单元的灯坏了好几天了" the day after her "1号楼2单元楼道灯坏了": while her case on
    the thing is open, however long ago (past the merge window), the same thing in the same
    place from her is that case again, a 补充, never a second case for one lamp. An emergency
    is left to open (or join) as one: it must wake people, a note would not."""
    if category is None or ctx.stored.case_id is not None or _urgent_words(ctx):
        return False
    if listed(ctx.message.text) is not None:
        return False  # a list of problems: each is matched against her cases on its own
    case = own_open_case(ctx, category, ctx.message.text, where)
    return case is not None and _note(ctx, case)


AGAIN_KNOWN = timedelta(days=7)  # "昨晚又…" about a case of this group this recent
NEIGHBOUR_AGAIN = "已把您说的记到诉求 {code}（同一个问题，已有居民反映，共 {n} 位），{who}会看到。"


def _neighbour_again(ctx: Context, category: str | None, where: LocationView | None) -> bool:
    """ "昨晚又吵到两点 楼上那家" from a neighbour while this group's case on that trouble is
    open (or was closed these days): one problem, one case (convo10). Open, she joins it and
    her words go on its timeline; closed, it came back: a new case tied to it, and the member
    who closed it hears (as her own "E0001又坏了" does). Never a second case beside it."""
    text = ctx.message.text
    if ctx.group is None or ctx.estate_id is None or category is None or ctx.sender.id is None:
        return False
    if not _RECURS.search(text) or _ANOTHER.match("".join(text.split())) or _urgent_words(ctx):
        return False
    since = ctx.now - AGAIN_KNOWN
    # Within the merge window a report joins its case as any report does (convo2 C61).
    merging = ctx.now - timedelta(minutes=ctx.bot.merge_window_minutes)
    found = [
        c
        for c in ctx.uow.cases.find(estate_id=ctx.estate_id, category=category, limit=10)
        if c.id is not None
        and c.group_id == ctx.group.id
        and since <= (c.updated_at or c.opened_at)
        and c.opened_at < merging
        and c.assignee_id != ctx.sender.id  # its own handler is no resident reporting it
        and _fits(ctx, c, category, where)
    ]
    live = [c for c in found if c.status.is_open]
    if len(live) == 1:
        case = live[0]
        assert case.id is not None
        if ctx.sender.id not in ctx.uow.cases.reporter_ids(case.id):
            join_case(ctx.uow, case, ctx.sender.id, ctx.now, _group_id(ctx))
        add_note(ctx.uow, case, ctx.sender, summarize(text), ctx.now)
        ctx.stored.case_id = case.id
        people, who = _who_acts(ctx, case)
        ctx.reply(NEIGHBOUR_AGAIN.format(code=case.code, n=case.reporters, who=who))
        mailer_for(ctx).to_people(
            people, f"【居民补充】诉求 {describe(case)}：{summarize(text)}", urgent=False
        )
        return True
    if live:
        return False  # several open: the words are matched as a report
    closed = [c for c in found if c.resolved_at is not None and c.resolved_at >= since]
    if len(closed) != 1:
        return False
    _broken_again(ctx, closed[0])
    return True


NEIGHBOUR_UNFIXED = "收到，您说诉求 {code} 的问题还在。"
NEIGHBOUR_REOPENED = (
    "收到，您说诉求 {code} 的问题还在。已重新打开，{who}会继续跟进"
    "（共 {n} 位居民反映，办好后请反映的居民评价）。"
)


def _reopen_for_neighbour(ctx: Context, case: Case) -> None:
    """Just finished, not yet rated: the same case goes back to its member (no duplicate
    beside it), the neighbour joins it, and her words are his to read."""
    assert case.id is not None and ctx.sender.id is not None
    said = summarize(ctx.message.text)
    claims.reopen_for_neighbour(ctx.uow, case, ctx.sender, said, ctx.now, ctx.bot.sla)
    if ctx.sender.id not in ctx.uow.cases.reporter_ids(case.id):
        join_case(ctx.uow, case, ctx.sender.id, ctx.now, _group_id(ctx))
    add_note(ctx.uow, case, ctx.sender, said, ctx.now)
    ctx.stored.case_id = case.id
    assignee = _assignee(ctx, case)
    who = f"原承办党员 {assignee.name} " if assignee else "党员"
    ctx.reply(NEIGHBOUR_REOPENED.format(code=case.code, who=who, n=case.reporters))
    if assignee is not None:
        case_actions.rated_unsatisfied(mailer_for(ctx), case, assignee, ctx.message.text)
    else:
        people, _ = _who_acts(ctx, case)
        mailer_for(ctx).to_people(
            people, f"【居民补充】诉求 {describe(case)}：{said}（已重新打开）", urgent=False
        )


def neighbour_unfixed(ctx: Context, case: Case) -> None:
    """ "不满意 E0001 还是坏的" from a neighbour, not its reporter (convofix11b): no rating of
    hers, but a sign the problem is still there. Open, she joins it as a neighbour's report
    does and its member hears; closed (or waiting for the reporter's rating), it is the same
    trouble back: a new case tied to it, and the member who closed it hears ("E0001又坏了")."""
    assert case.id is not None
    if case.status is CaseStatus.RESOLVED:
        _reopen_for_neighbour(ctx, case)
        return
    if not case.status.is_open:
        _broken_again(ctx, case, lead=NEIGHBOUR_UNFIXED.format(code=case.code))
        return
    if ctx.sender.id is not None and ctx.sender.id not in ctx.uow.cases.reporter_ids(case.id):
        join_case(ctx.uow, case, ctx.sender.id, ctx.now, _group_id(ctx))
    add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    ctx.stored.case_id = case.id
    people, who = _who_acts(ctx, case)
    ctx.reply(
        f"收到，您说诉求 {case.code} 的问题还在。"
        + NEIGHBOUR_AGAIN.format(code=case.code, n=case.reporters, who=who)
    )
    mailer_for(ctx).to_people(
        people, f"【居民补充】诉求 {describe(case)}：{summarize(ctx.message.text)}", urgent=False
    )


# The words around a fault that say only "not fixed": what is left ("漏", "亮", "堵") is the thing.
_UNFIXED_FRAME = re.compile(
    r"还是|还没有?|还在|没有?|不|又|依然|仍然|照样|根本|修好|弄好|修|好|了|啊|呀|呢|的|吧|[\W\d]"
)
_MARK_CHARS = "，。！？、 "
NEIGHBOUR_UNFIXED_SINCE = timedelta(hours=24)  # "还是漏" is about a case closed this recently


def _neighbour_says_unfixed(ctx: Context, category: str | None, where: LocationView | None) -> bool:
    """ "还是漏", "还是不亮" from a neighbour soon after this group's case was closed: the
    problem persists (what her reporter's "还是漏" is, without the rating). Only the one case
    of this group closed in the last day that the words fit (convofix11b)."""
    text = ctx.message.text
    if ctx.group is None or ctx.estate_id is None or ctx.sender.id is None:
        return False
    if not says_unfixed(text) or _urgent_words(ctx):
        return False
    since = ctx.now - NEIGHBOUR_UNFIXED_SINCE
    closed = [
        c
        for c in ctx.uow.cases.find(estate_id=ctx.estate_id, limit=20)
        if c.id is not None
        and not c.status.is_open
        and c.group_id == ctx.group.id
        and c.resolved_at is not None
        and c.resolved_at >= since
        and c.assignee_id != ctx.sender.id
        and _fits(ctx, c, category, where)
    ]
    # The words must name its thing: a bare "还没修好" from a neighbour may be about anything
    # of his own (conversation_followups), "还是漏" after the roof leak is about that.
    said = set(_UNFIXED_FRAME.sub("", text)) - set(_MARK_CHARS)
    closed = [c for c in closed if said & set(c.summary)]
    if len(closed) != 1:
        return False
    case = closed[0]
    assert case.id is not None
    if ctx.sender.id in ctx.uow.cases.reporter_ids(case.id):
        return False  # her own words are her rating, read by `reopen_if_unfixed`
    neighbour_unfixed(ctx, case)
    return True


def _own_emergency_again(ctx: Context, category: str | None, *, reported: bool = False) -> bool:
    """ "人还没出来 快来人" two minutes after her "有人被困在电梯里了": while her emergency of
    this group is minutes old, her urgent words naming no other thing are that emergency
    again (a 补充 its members see at once), never a second alarm (convo8). So are her words
    the engine took for a problem without naming a thing ("按了警铃了 没人应"): what she
    tells next about her emergency, never a second case beside it."""
    if ctx.group is None or ctx.stored.case_id is not None or category is not None:
        return False  # words naming a thing are matched as a report (one incident joins)
    if not _urgent_words(ctx) and not (reported and _says_more_of_it(ctx.message.text)):
        return False
    since = ctx.now - EMERGENCY_NEARBY
    for case in ctx.uow.cases.by_reporter(ctx.sender.id or 0, limit=5):
        if not (case.urgent and case.status.is_open and case.group_id == ctx.group.id):
            continue
        if (case.updated_at or case.opened_at) < since:
            continue
        return _note(ctx, case)
    return False


# "按了警铃了 没人应": a line of what happens next, no longer than a "me too"; "另外…" or a longer
# story is a problem of its own, matched as a report.
MAX_MORE_OF_IT = 16


def _says_more_of_it(text: str) -> bool:
    compact = "".join(text.split())
    return len(compact) <= MAX_MORE_OF_IT and not _ANOTHER.match(compact)


def own_open_case(
    ctx: Context,
    category: str,
    text: str,
    where: LocationView | None = None,
    building: str | None = None,
) -> Case | None:
    """Her open case on the same thing (category, place, problem), however old. A building
    the words name must be the case's: "2号楼的路灯" is not her placeless "路灯坏了"."""
    named = building or (where.building if where else None)
    for case in ctx.uow.cases.by_reporter(ctx.sender.id or 0, limit=5):
        if not case.status.is_open or case.category != category:
            continue
        if named is not None and case.building != named:
            continue
        if _fits(ctx, case, category, where) and same_problem(case.summary, text):
            return case
    return None


def _urgent_words(ctx: Context) -> bool:
    if ctx.classify is None:
        return False
    return bool(ctx.classify(ctx.message.text).urgent)


def _broken_again(ctx: Context, old: Case, lead: str = "") -> None:
    """ "E0001又坏了" after E0001 was finished (and rated): a complaint about that case, never
    its timeline (convo3 D53). It goes to her open case about the same thing if she already
    reported it anew, else to a new case in the same place; the member who fixed it hears."""
    assert old.id is not None
    case = _latest_open(ctx, old.category, None)
    if case is not None and case.opened_at >= (old.resolved_at or old.opened_at):
        add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
        joined = f"已把您的话记到诉求 {case.code}（与 {old.code} 是同一处）"
    else:
        intake = open_or_join(
            ctx.uow,
            estate_id=old.estate_id,
            group_id=ctx.group.id if ctx.group else None,
            reporter_id=ctx.sender.id or 0,
            report=Report(
                category=old.category,
                summary=summarize(_with_code(old.code, ctx.message.text)),
                building=old.building,
                unit=old.unit,
                room=old.room,
                urgent=False,
            ),
            now=ctx.now,
            merge_window=timedelta(minutes=ctx.bot.merge_window_minutes),
            policy=ctx.bot.sla,
        )
        case = intake.case
        joined = f"已记为新诉求 {case.code}（与 {old.code} 是同一处）"
    ctx.stored.case_id = case.id
    fixer = _assignee(ctx, old)
    told = f"，并告诉了原承办党员 {fixer.name}" if fixer else ""
    ctx.reply(f"{lead}{joined}{told}。我们会尽快安排党员跟进，发送「进度 {case.code}」可查看进展。")
    if fixer is not None:
        mailer_for(ctx).send(
            f"【又坏了】您办结的诉求 {describe(old)}，居民说：{summarize(ctx.message.text)}\n"
            f"已记到诉求 {case.code}，请看看能否接着处理：发送「认领 {case.code}」。",
            person=fixer,
            chase=True,
            urgent=False,
        )


def _with_code(code: str, text: str) -> str:
    """The words with the old case's code in front, once ("E0001 差评" is not "E0001 E0001")."""
    named = {format_case_code(int(n)) for n in _CODE.findall(text)}
    return text if code in named else f"{code} {text}"


NO_CASES = "您还没有反映过问题。在群里直接说出遇到的问题（例如“3号楼电梯坏了”），我们就会受理。"
_COMMON = frozenset(
    {"今天", "明天", "昨天", "现在", "天气", "什么", "时候", "一下", "怎么", "这个", "那个"}
)


def _status_question(ctx: Context) -> bool:
    """ "我报的那个怎么样了", "我反映的下水道的事有人管吗", "灯的事咋样了": where her report
    stands (and a nudge when she asks whether anyone is on it), never a new case (convo3 D7,
    D8). A thing named must be in one of her cases; "my report" alone is her open ones."""
    asked = asks_status(ctx.message.text)
    if asked is None:
        return False
    mine, subject = asked
    cases = [c for c in ctx.uow.cases.by_reporter(ctx.sender.id or 0, limit=10) if _here(ctx, c)]
    # "水管的事呢" names a thing (its characters are no "来修" however they read).
    thing = bool(subject) and _NAMES_THEN_NE.search(ctx.message.text) is not None
    if thing and _WHO_COMES.fullmatch(subject):
        thing = False  # "人呢？？", "师傅呢": who was to come, no thing of hers (convo10)
    repair = about_the_repair(subject) if subject else asks_repair(ctx.message.text)
    if not mine and repair and not thing:
        # "什么时候来修", "修了没": no thing named, only the repair: her open case here.
        cases = [c for c in cases if c.status.is_open and _fits(ctx, c, None, None)]
        if not cases:
            return False
        subject = ""
    elif subject:
        named = [c for c in cases if _mentions(c, subject, places=not thing)]
        if not named and not mine:
            return False  # "今天天气怎么样": not about her report
        cases = named or cases
    elif not mine:
        return False  # "进度呢", "有人管吗": the commands and the chase read those
    open_ = [c for c in cases if c.status.is_open]
    if len(cases) > 1 and _ALL.search(ctx.message.text):
        _list(ctx, cases)  # "我报过的那几件事都怎么样了": all of them, not "which one?"
        return True
    if BARE_ASK.match("".join(ctx.message.text.split())):
        # "那个呢": about her open case here; with none it is talk, with several ask which.
        if not open_:
            return False
        if len(open_) > 1:
            _which(ctx, open_)
            return True
    elif subject and len(open_) > 1 and len(cases) > 1 and all(c.status.is_open for c in cases):
        _which(ctx, open_)  # "门禁那个呢" and two open cases name 门禁: which one?
        return True
    if len(open_) == 1 or (len(cases) == 1 and subject):
        case = (open_ or cases)[0]
        if case.status.is_open and says_impatient(ctx.message.text):
            _chase(ctx, case)
        else:
            ctx.stored.case_id = case.id
            _show(ctx, case)
        return True
    _list(ctx, open_ or cases)
    return True


_PLACES = frozenset(
    {"楼道", "门口", "小区", "院子", "院里", "楼下", "楼上", "单元", "大门", "楼前"}
)
_NAMES_THEN_NE = re.compile(r"呢[\W_]*$")
_WHO_COMES = re.compile(r"(?:人|师傅|维修的人?|修的人|物业的?人?|你们的?人?|党员)+")
# Asking after several at once: "那几件事都怎么样了", "我报的那些", "所有的问题".
_ALL = re.compile(r"几件|那几|那些|这些|所有|全部|每一?件|各个|都怎么样|都咋样|都什么情况")
WHICH_ONE = "您问的是哪一件？{items}。请回复「进度 编号」。"


def _which(ctx: Context, cases: list[Case]) -> None:
    """One line listing the candidates, rather than a guess or silence (convo8)."""
    items = "；".join(f"{c.code}「{_short(c.summary)}」" for c in cases[:4])
    ctx.reply(WHICH_ONE.format(items=items))


def _short(summary: str, width: int = 14) -> str:
    return summary if len(summary) <= width else summary[: width - 1] + "…"


def _here(ctx: Context, case: Case) -> bool:
    return ctx.estate_id is None or case.estate_id == ctx.estate_id


def _mentions(case: Case, subject: str, *, places: bool = True) -> bool:
    """Her words name the case's thing: "下水道" in "门口的下水道堵了", "灯" in "楼道灯坏了".
    Without `places` a place alone ("楼道里的猫呢") names nothing of the case."""
    if subject in case.summary and (places or subject not in _PLACES):
        return True
    if not places:
        subject = subject.replace("的", "")  # "门口的狗" shares "口的" with "门口的路灯"
    pairs = {subject[i : i + 2] for i in range(len(subject) - 1)} - _COMMON
    if not places:
        pairs -= _PLACES
    return any(pair in case.summary for pair in pairs)


def _list(ctx: Context, cases: list[Case]) -> None:
    if not cases:
        ctx.reply(NO_CASES)
        return
    lines = ["您反映过的诉求："]
    for case in cases[:5]:
        where = format_place(case.building, case.unit, None) if ctx.group else case.place
        place = f" · {where}" if where else ""
        lines.append(f"{case.code} {case.category_label}{place} · {case.status.label}")
    lines.append("发送「进度 编号」查看详情。")
    ctx.reply("\n".join(lines))


def _asks_about(text: str) -> bool:
    """Her code with next to nothing else, or a question: she asks where it stands."""
    rest = _MARKS.sub("", _CODE.sub("", text))
    return len(rest) <= _BARE_REST or bool(_ASKING.search(text))


def _show(ctx: Context, case: Case) -> None:
    assert case.id is not None
    events = list(ctx.uow.cases.events(case.id))
    ctx.reply(render_status(case, events, ctx.bot.tz, in_group=ctx.group is not None))


def _neighbours_case(ctx: Context, category: str | None, where: LocationView | None) -> bool:
    """ "2栋垃圾怎么还没人收啊" while a neighbour's case on it is open (convo2 C44): the
    sender joins that case and hears who is on it, rather than silence or a second case."""
    if ctx.group is None or ctx.estate_id is None or category is None:
        return False
    group_building = (
        ctx.uow.estates.building(ctx.group.building_id) if ctx.group.building_id else None
    )
    building = (where.building if where else None) or (
        group_building.number if group_building else None
    )
    for case in ctx.uow.cases.find(
        estate_id=ctx.estate_id, category=category, open_only=True, limit=10
    ):
        if case.id is None or not (
            case.group_id == ctx.group.id or (building and case.building == building)
        ):
            continue
        if ctx.sender.id in ctx.uow.cases.reporter_ids(case.id):
            return False
        intake = join_case(ctx.uow, case, ctx.sender.id or 0, ctx.now, _group_id(ctx))
        ctx.stored.case_id = case.id
        assignee = _assignee(ctx, case)
        on_it = f"\n党员 {assignee.name} 已认领，正在处理。" if assignee else ""
        ctx.reply(acknowledgement(intake) + on_it)
        return True
    return False


ME_TOO_SAME_THING = timedelta(hours=24)  # "我家也停水了" joins an open 停水 case this recent


def _same_here(
    ctx: Context, category: str | None = None, where: LocationView | None = None
) -> bool:
    """ "+1 / 我家也是" in a group soon after a neighbour's report joins its case (convo2 C61);
    so does "我们这层也有", "我们五楼也冒水了" (convo8): the newest case of this group touched
    within the merge window, of the category the words name if they name one. The member
    who holds the case is no resident reporting it.

    A me-too that names the thing ("我家也停水了", "3号楼也没水") joins the open case of that
    category in this building however quiet it has been today (convofix11b: three hours on,
    the 停水 is still the same 停水, and a second case beside it is the duplicate residents
    complain of); in the 业主群 the words' building finds the building group's case. A bare
    "我家也是" still answers only the talk of the merge window."""
    if ctx.group is None or ctx.estate_id is None:
        return False
    # "+1 我家娃昨天也被那块板刮了一下": agreement first, his own story after (convofix12).
    story = not says_same_here(ctx.message.text)
    if story and not says_same_here_at_length(ctx.message.text):
        return False
    bare = names_nothing(ctx.message.text)
    if bare:
        category = None
    window = timedelta(minutes=ctx.bot.merge_window_minutes)
    if category is not None and category != "other":
        window = max(window, ME_TOO_SAME_THING)
    since = ctx.now - window
    merging = ctx.now - timedelta(minutes=ctx.bot.merge_window_minutes)
    building = where.building if where is not None else None
    recent = [
        c
        for c in ctx.uow.cases.find(estate_id=ctx.estate_id, open_only=True, limit=20)
        if (c.updated_at or c.opened_at) >= since
        and (
            c.group_id == ctx.group.id
            or (building is not None and c.building == building and category is not None)
        )
        and (building is None or c.building in (None, building))
        # past the merge window only the same thing joins (a lamp is no 停水)
        and ((c.updated_at or c.opened_at) >= merging or c.category == category)
    ]
    recent.sort(key=lambda c: (c.updated_at or c.opened_at, c.id or 0), reverse=True)
    for case in recent:
        if case.id is None or case.assignee_id == ctx.sender.id:
            continue
        if category is not None and case.category not in (category, "other"):
            continue
        if ctx.sender.id in ctx.uow.cases.reporter_ids(case.id):
            return False  # her own "+1" under her own report adds nothing
        intake = join_case(ctx.uow, case, ctx.sender.id or 0, ctx.now, _group_id(ctx))
        ctx.stored.case_id = case.id
        ctx.reply(acknowledgement(intake))
        return True
    return False


# Words about the closing itself ("咋就结案了", "怎么就办结了") are about the case just closed.
_ABOUT_CLOSING = re.compile(r"办结|结案|结单|关单|就结了|就完事")


def unfixed_case(
    ctx: Context, category: str | None, where: LocationView | None = None
) -> Case | None:
    """The case of hers waiting for a rating that these words say is not fixed, if any."""
    if not says_unfixed(ctx.message.text):
        return _recurs_after_closing(ctx, category, where)
    waiting = pending.rating_cases(ctx.uow, ctx.sender)
    for case in waiting:
        if _fits(ctx, case, category, where):
            return case
    # "怎么就办结了？门还是砰砰响" read as 物业服务 about her 公共设施 door: with one case
    # waiting for her rating, the engine's category guess does not send her elsewhere (convo9).
    # ... unless her words name another thing ("3号楼电梯又坏了" after her lamp was fixed is a
    # new report, not the lamp reopened).
    only = waiting[0] if len(waiting) == 1 else None
    text = ctx.message.text
    same = only is not None and (same_problem(text, only.summary) or _ABOUT_CLOSING.search(text))
    if only is not None and same and _fits(ctx, only, None, where):
        return only
    return None


# "昨晚又放到十点多": the trouble came back (not "还", which is too common a word alone).
_RECURS = re.compile(r"又|依然|仍然|照样|照旧|老样子")


def _recurs_after_closing(
    ctx: Context, category: str | None, where: LocationView | None
) -> Case | None:
    """ "昨晚又放到十点多 吵死了" the day after her noise case was closed: the words name no
    fault word of `says_unfixed`, but the same trouble (the engine's category, with lexicon
    words behind it) came back: that case, still waiting for her rating (convo10)."""
    text = ctx.message.text
    if category is None or not _RECURS.search(text) or _ANOTHER.match("".join(text.split())):
        return None
    for case in pending.rating_cases(ctx.uow, ctx.sender):
        if case.category == category and _fits(ctx, case, category, where):
            return case
    return None


def reopen_if_unfixed(
    ctx: Context, category: str | None, where: LocationView | None = None
) -> bool:
    """Rate the case 不满意 when the words say it is not fixed; True when that happened."""
    case = unfixed_case(ctx, category, where)
    if case is None:
        return False
    try:
        claims.rate(ctx.uow, case, ctx.sender, Rating.UNSATISFIED, ctx.now, ctx.bot.sla)
    except Refused as refused:
        ctx.reply(str(refused))
        return True
    ctx.stored.case_id = case.id
    add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    assignee = _assignee(ctx, case)
    who = f"原承办党员 {assignee.name} " if assignee else "党员"
    ctx.reply(REOPENED.format(code=case.code, who=who))
    if assignee is not None:
        case_actions.rated_unsatisfied(mailer_for(ctx), case, assignee, ctx.message.text)
    return True


def _fits(ctx: Context, case: Case, category: str | None, where: LocationView | None) -> bool:
    """The case is in this 小区 and group, and the words (as the engine placed them) fit it:
    "1单元的灯还不亮" is not 2单元's case, nor is a lift complaint about a leak."""
    if ctx.estate_id is not None and case.estate_id != ctx.estate_id:
        return False
    if ctx.group is not None and case.group_id not in (None, ctx.group.id):
        return False  # a case from another group is not what this group is talking about
    if category is not None and case.category not in (category, "other"):
        return False
    if where is None:
        return True
    return not any(
        said is not None and known is not None and said != known
        for said, known in ((where.building, case.building), (where.unit, case.unit))
    )


def _named_case(ctx: Context) -> Case | None:
    """Her case the message names by its code, or quotes the bot's message about."""
    case_id = find_case_code(ctx.message.quote)
    if case_id is None:
        codes = {int(c) for c in _CODE.findall(ctx.message.text)}
        case_id = codes.pop() if len(codes) == 1 else None
    case = ctx.uow.cases.get(case_id) if case_id else None
    if case is None or case.id is None:
        return None
    if ctx.sender.id not in ctx.uow.cases.reporter_ids(case.id):
        return None  # someone else's case: an ordinary message, handled as one
    return case


def _latest_open(
    ctx: Context,
    category: str | None,
    where: LocationView | None,
    since: datetime | None = None,
) -> Case | None:
    for case in ctx.uow.cases.by_reporter(ctx.sender.id or 0, limit=5):
        if not case.status.is_open or not _fits(ctx, case, category, where):
            continue
        if since is not None and case.opened_at < since:
            continue
        return case
    return None


def _note(ctx: Context, case: Case) -> bool:
    """Her words are a 补充 on her case: recorded, and sent to the member who holds it."""
    try:
        add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    except Refused as refused:
        ctx.reply(str(refused))
        return True
    if is_paused(case):
        resumed(case, ctx.now, ctx.bot.sla)  # taken back, then "还是漏": the clock runs again
    ctx.stored.case_id = case.id
    ctx.reply(f"已把您的补充记到诉求 {case.code}，承办党员会看到。发送「进度 {case.code}」可查看。")
    assignee = _assignee(ctx, case)
    if assignee is not None:
        mailer_for(ctx).send(
            f"【居民补充】诉求 {describe(case)}：{summarize(ctx.message.text)}",
            person=assignee,
            chase=True,
            urgent=case.urgent,
        )
    return True


def _retract(ctx: Context, case: Case) -> None:
    """She takes the report back: on the record, and to those who must check and close it.

    An emergency taken back reaches everyone its alert reached (the 党小组, the 支部书记 and
    the 党员群), and leaves the urgent clock: nobody is woken for it again.
    """
    add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    ctx.stored.case_id = case.id
    people, who = _who_acts(ctx, case)
    text = (
        f"【居民撤回】诉求 {describe(case)}：反映的居民说「{summarize(ctx.message.text)}」。"
        f"请核实，确实不用处理的，发「办结 {case.code} 居民说已恢复」结案。"
    )
    if not case.urgent:
        ctx.reply(RETRACTED.format(code=case.code, who=who))
        mailer_for(ctx).to_people(people, text, urgent=False)
        paused(case, ctx.now)  # nobody is chased up the ladder for a report taken back
        return
    _stand_down(ctx, case, people, text)
    ctx.reply(STOOD_DOWN.format(code=case.code, who=who))


def _stand_down(ctx: Context, case: Case, people: list[Person], text: str) -> None:
    """An emergency is over: everyone its alert reached hears it, and its clock stops."""
    mail = mailer_for(ctx)
    alerted = [*audience.building_party(ctx.uow, case), *audience.secretaries(ctx.uow, case)]
    mail.to_people([p for p in [*people, *alerted] if p.id != ctx.sender.id], text, urgent=True)
    mail.to_party_group(case, text)
    paused(case, ctx.now)


def _stand_down_by_member(ctx: Context) -> bool:
    """ "误报，已经处理了" from a party member minutes after a neighbour's alarm in this group:
    he is the one who went and looked, so the emergency is stood down as if its reporter had
    said so (convofix6 R2). A resident who did not report it is only a bystander: her words
    do not silence an alarm.

    A member may say it hours later, in the 党员群 under the alert, or privately to the bot
    (convo8): the open emergency of his 小区 he means — the one quoted, or the only one; with
    several he is asked which in one line."""
    member = ctx.sender.role >= Role.MEMBER
    if ctx.group is not None and ctx.group.kind is not GroupKind.PARTY:
        case = _emergency_nearby(ctx, MEMBER_STAND_DOWN if member else EMERGENCY_NEARBY)
    elif member:
        said = ctx.message.text
        if not (ctx.message.quote or _FALSE_ALARM_OUTRIGHT.search(said) or says_all_clear(said)):
            return False  # "没事了" among members is talk unless it says the alarm was false
        case = _emergency_for_member(ctx)
        if case is None:
            return bool(ctx.sent)  # asked which one
    else:
        return False
    if case is None or case.id is None:
        return False
    words = summarize(ctx.message.text)
    people, _ = _who_acts(ctx, case)
    if ctx.sender.role < Role.MEMBER:
        ctx.stored.case_id = case.id
        mailer_for(ctx).to_people(
            people,
            f"【居民说】紧急诉求 {describe(case)}：一位邻居说「{words}」。"
            "不是反映人说的，仍按紧急处理，请尽快到场核实。",
            urgent=True,
        )
        ctx.reply(BYSTANDER_STOOD_DOWN.format(code=case.code))
        return True
    ctx.uow.cases.add_event(
        CaseEvent(
            case_id=case.id, at=ctx.now, kind=EventKind.PROGRESS, text=words, actor_id=ctx.sender.id
        )
    )
    ctx.stored.case_id = case.id
    text = (
        f"【解除紧急】诉求 {describe(case)}：党员 {ctx.sender.name} 说「{words}」。"
        f"已停止催办；核实后请发「办结 {case.code} 情况说明」结案。"
    )
    _stand_down(ctx, case, people, text)
    ctx.reply(MEMBER_STOOD_DOWN.format(code=case.code))
    return True


def _help_called(ctx: Context, case: Case) -> None:
    """ "已经打了119了": a "收到" (and a note for those who act), not a second emergency.
    A neighbour who says it is one more resident on the case."""
    assert case.id is not None
    if ctx.sender.id not in ctx.uow.cases.reporter_ids(case.id):
        join_case(ctx.uow, case, ctx.sender.id or 0, ctx.now, _group_id(ctx))
    add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    ctx.stored.case_id = case.id
    people, who = _who_acts(ctx, case)
    heard = HELP_CALLED.format(code=case.code, who=who)
    called = called_line(ctx.message.text) if case.urgent else None
    ctx.reply(f"{called}\n{heard}" if called else f"收到。{heard}")
    mailer_for(ctx).to_people(
        people,
        f"【居民补充】诉求 {describe(case)}：{summarize(ctx.message.text)}",
        urgent=case.urgent,
    )


_FALSE_ALARM_OUTRIGHT = re.compile(
    r"误报|误会|(?:搞|弄|看|报|听)错了|虚惊|演习|没(?:有)?(?:着火|起火|漏气|困人|人被困)|不是(?:着火|漏气)"
)
WHICH_EMERGENCY = "有 {n} 件紧急诉求在办：{items}。是哪一件？请回复「办结 编号 情况说明」。"


def _emergency_for_member(ctx: Context) -> Case | None:
    """The open emergency a member's "误报" in the 党员群 or in private is about: the one he
    quotes, else the only one of his 小区 touched in the last hours (several: he is asked)."""
    quoted = find_case_code(ctx.message.quote)
    if quoted is not None:
        case = ctx.uow.cases.get(quoted)
        return case if case is not None and case.urgent and case.status.is_open else None
    estate_id = ctx.estate_id or ctx.sender.estate_id
    if estate_id is None:
        return None
    since = ctx.now - MEMBER_STAND_DOWN
    cases = [
        c
        for c in ctx.uow.cases.find(estate_id=estate_id, urgent=True, open_only=True, limit=10)
        if (c.updated_at or c.opened_at) >= since
    ]
    if len(cases) > 1:
        items = "、".join(describe(c) for c in cases[:4])
        ctx.reply(WHICH_EMERGENCY.format(n=len(cases), items=items))
        return None
    return cases[0] if cases else None


def _emergency_nearby(ctx: Context, window: timedelta = EMERGENCY_NEARBY) -> Case | None:
    """An urgent case of this group touched in the last minutes (a neighbour's emergency)."""
    if ctx.group is None or ctx.estate_id is None:
        return None
    since = ctx.now - window
    recent = [
        c
        for c in ctx.uow.cases.find(estate_id=ctx.estate_id, urgent=True, open_only=True, limit=5)
        if (c.updated_at or c.opened_at) >= since
    ]
    for case in recent:
        if case.group_id == ctx.group.id:
            return case
    # Reported in the 业主群, answered in the building's own group (or the other way round):
    # the one emergency of this building, or of the 小区 said in its estate-wide group (convo10).
    if ctx.group.kind is GroupKind.PARTY:
        return None
    building = ctx.uow.estates.building(ctx.group.building_id) if ctx.group.building_id else None
    if building is not None:
        recent = [c for c in recent if c.building == building.number]
    return recent[0] if len(recent) == 1 else None


def _chase(ctx: Context, case: Case) -> None:
    """She asks why nobody came: where the case stands, and a nudge to those who act."""
    assert case.id is not None
    # She always hears back; those who act are nudged once in a while, not at each message
    # of an angry hour (convo3 D9).
    nudged = any(
        e.kind == EventKind.NOTE and e.actor_id == ctx.sender.id and ctx.now - e.at < CHASE_QUIET
        for e in ctx.uow.cases.events(case.id)
    )
    add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    if is_paused(case):
        resumed(case, ctx.now, ctx.bot.sla)
    ctx.stored.case_id = case.id
    people, who = _who_acts(ctx, case)
    events = list(ctx.uow.cases.events(case.id))
    status = render_status(case, events, ctx.bot.tz, in_group=ctx.group is not None)
    ctx.reply(CHASED.format(code=case.code, who=who, status=status))
    if nudged:
        return
    mailer_for(ctx).to_people(
        people,
        f"【居民催办】诉求 {describe(case)}：{summarize(ctx.message.text)}\n"
        f"请尽快联系居民，发送「进展 {case.code} 内容」告知进展。",
        urgent=case.urgent,
    )


def _who_acts(ctx: Context, case: Case) -> tuple[list[Person], str]:
    """The member who holds the case; else the building's 党小组 (its leader first)."""
    assignee = _assignee(ctx, case)
    if assignee is not None:
        return [assignee], f"承办党员 {assignee.name} "
    party = audience.building_party(ctx.uow, case) or audience.secretaries(ctx.uow, case)
    # Not the member who just gave it back ("我们没法修"): chasing him helps nobody (D54).
    assert case.id is not None
    gave_back = [e.actor_id for e in ctx.uow.cases.events(case.id) if e.kind == EventKind.RETURNED]
    others = [p for p in party if not gave_back or p.id != gave_back[-1]]
    return others or party, "楼栋党小组"


def _group_id(ctx: Context) -> int | None:
    """Where a joining neighbour spoke: progress reaches her there (None: privately)."""
    return ctx.group.id if ctx.group else None


def _assignee(ctx: Context, case: Case) -> Person | None:
    person = ctx.uow.people.get(case.assignee_id) if case.assignee_id else None
    return person if person is not None and person.role >= Role.MEMBER else None
