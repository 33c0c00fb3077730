"""A reporter's words about her own open case: a 补充 on it, taking it back, chasing it.

* her recent open case, and words that take it back (`says_retracted`): recorded on the case
  and passed to its member (or the building's 党小组), who closes it after checking;
* her open case, and words that complain nobody came (`says_impatient`): its status, and a
  nudge to its member (or the 党小组);
* the same trouble "again", or the same thing in the same place, while her case is open: a
  补充 on it, never a second case beside it.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat.context import Context
from bot.chat.router import LocationView
from bot.domain.cases import Case, EventKind, render_status, summarize
from bot.domain.escalation import describe
from bot.domain.lifecycle import is_paused, paused, resumed
from bot.domain.likeness import same_problem
from bot.domain.problems import clauses as listed
from bot.domain.problems import effect_of, names_another_thing
from bot.handlers.case_context import mailer_for
from bot.handlers.followups.common import (
    ANOTHER,
    fits,
    latest_open,
    supplement,
    urgent_words,
    who_acts,
)
from bot.handlers.followups.emergencies import stand_down
from bot.services.claims import add_note

RETRACTED = "好的，已把您的话记到诉求 {code}，并转告了{who}，不再催办，核实后会结案。谢谢您告知！"
STOOD_DOWN = (
    "太好了！已把您的话记到诉求 {code}，并告诉了{who}和支部书记，不再催办；党员核实后会结案。"
)

CHASE_QUIET = timedelta(minutes=30)  # one nudge to the members per half hour of her chasing
CHASED = "已帮您催{who}尽快联系您。您反映的诉求 {code} 现在的情况：\n{status}"

# "又", "还", "天天": the same trouble once more, not a new one (convo3 D21).
_AGAIN = re.compile(r"又|还|依然|仍然|一直|天天|每天|照样|老是|总是")


def repeats_own(ctx: Context, category: str | None, where: LocationView | None) -> bool:
    """ "昨晚又吵到两点" while her noise case of last night is open: however long ago she
    reported it, a repeat of her open case's trouble (its category and place, said "again")
    is a 补充 on it, never a second case beside it."""
    if category is None or not _AGAIN.search(ctx.message.text):
        return False
    if ANOTHER.match("".join(ctx.message.text.split())):
        return False  # "还有一楼信报箱的门掉了": a second problem, not the first again (convo9)
    case = latest_open(ctx, category, where)
    if case is None or case.category != category:
        return False
    return supplement(ctx, case)


def same_again(ctx: Context, category: str | None, where: LocationView | None) -> bool:
    """ "2单元的灯坏了好几天了" the day after her "1号楼2单元楼道灯坏了": while her case on
    the thing is open, however long ago (past the merge window), the same thing in the same
    place from her is that case again, a 补充, never a second case for one lamp. An emergency
    is left to open (or join) as one: it must wake people, a note would not."""
    if category is None or ctx.stored.case_id is not None or urgent_words(ctx):
        return False
    if listed(ctx.message.text) is not None:
        return False  # a list of problems: each is matched against her cases on its own
    case = own_open_case(ctx, category, ctx.message.text, where)
    return case is not None and supplement(ctx, case)


FOLLOW_ON = timedelta(minutes=15)  # her next lines about what she just reported
# Who to call and who did not answer: how her own problem is (not) being handled.
_ABOUT_HANDLING = "property"


def follows_on(ctx: Context, category: str | None, where: LocationView | None) -> bool:
    """ "按了好几次都没反应 里面没人" minutes after her "2单元电梯又卡在5楼不动了", even with a
    neighbour's report in between (convo14 interleaved): words that name no other thing of
    the building go on with what she just reported, a 补充 on her case, never a case of their
    own. They must be no other problem: the engine's category is hers (or a guess with no word
    behind it), says what her fault does around it ("堵了" → "臭得不行"), or is about getting
    it handled ("物业电话也打不通"). An emergency is left to open (or join) as one."""
    if ctx.group is None or ctx.stored.case_id is not None or urgent_words(ctx):
        return False
    text = ctx.message.text
    if ANOTHER.match("".join(text.split())):
        return False  # "还有…": a second problem
    case = latest_open(ctx, None, where, since=ctx.now - FOLLOW_ON)
    if case is None or case.group_id != ctx.group.id or names_another_thing(case.summary, text):
        return False
    if category not in (None, case.category, _ABOUT_HANDLING) and not effect_of(case.summary, text):
        return False
    return supplement(ctx, case)


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
        if fits(ctx, case, category, where) and same_problem(case.summary, text):
            return case
    return None


def retract(ctx: Context, case: Case) -> None:
    """She takes the report back: on the record, and to those who must check and close it.

    An emergency taken back reaches everyone its alert reached (the 党小组, the 支部书记 and
    the 党员群), and leaves the urgent clock: nobody is woken for it again.
    """
    add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    ctx.stored.case_id = case.id
    people, who = who_acts(ctx, case)
    text = (
        f"【居民撤回】诉求 {describe(case)}：反映的居民说「{summarize(ctx.message.text)}」。"
        f"请核实，确实不用处理的，发「办结 {case.code} 居民说已恢复」结案。"
    )
    if not case.urgent:
        ctx.reply(RETRACTED.format(code=case.code, who=who))
        mailer_for(ctx).to_people(people, text, urgent=False)
        paused(case, ctx.now)  # nobody is chased up the ladder for a report taken back
        return
    stand_down(ctx, case, people, text)
    ctx.reply(STOOD_DOWN.format(code=case.code, who=who))


def chase(ctx: Context, case: Case) -> None:
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
    people, who = who_acts(ctx, case)
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
