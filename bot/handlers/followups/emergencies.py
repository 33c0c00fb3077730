"""Emergencies after the alarm: help called, stood down, told again.

* her open case (or a neighbour's emergency minutes old in this group), and words that only
  say help was called or has come ("已经打了119了 说马上到"): a "收到" and a note on it,
  never a second case (convo3 D1, D38);
* a reporter standing an emergency down ("孩子找到了", "火灭了") takes it off the urgent
  clock, and everyone who was alerted hears it (D25, D46); so does a party member's "误报"
  (convofix6 R2, convo8), while a bystander's is passed on, not obeyed;
* her urgent words minutes after her own emergency: that emergency again (convo8).
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat.context import Context
from bot.chat.followup import says_all_clear
from bot.domain.cases import Case, CaseEvent, EventKind, find_case_code, summarize
from bot.domain.community import GroupKind, Person, Role
from bot.domain.escalation import describe
from bot.domain.lifecycle import paused
from bot.domain.safety import called_line
from bot.handlers.case_context import mailer_for
from bot.handlers.followups.common import ANOTHER, group_of, supplement, urgent_words, who_acts
from bot.services import mailer as audience
from bot.services.cases import join_case
from bot.services.claims import add_note

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


def own_emergency_again(ctx: Context, category: str | None, *, reported: bool = False) -> bool:
    """ "人还没出来 快来人" two minutes after her "有人被困在电梯里了": while her emergency of
    this group is minutes old, her urgent words naming no other thing are that emergency
    again (a 补充 its members see at once), never a second alarm (convo8). So are her words
    the engine took for a problem without naming a thing ("按了警铃了 没人应"): what she
    tells next about her emergency, never a second case beside it."""
    if ctx.group is None or ctx.stored.case_id is not None or category is not None:
        return False  # words naming a thing are matched as a report (one incident joins)
    if not urgent_words(ctx) and not (reported and _says_more_of_it(ctx.message.text)):
        return False
    since = ctx.now - EMERGENCY_NEARBY
    for case in ctx.uow.cases.by_reporter(ctx.sender.id or 0, limit=5):
        if not (case.urgent and case.status.is_open and case.group_id == ctx.group.id):
            continue
        if (case.updated_at or case.opened_at) < since:
            continue
        return supplement(ctx, case)
    return False


# "按了警铃了 没人应": a line of what happens next, no longer than a "me too"; "另外…" or a longer
# story is a problem of its own, matched as a report.
MAX_MORE_OF_IT = 16


def _says_more_of_it(text: str) -> bool:
    compact = "".join(text.split())
    return len(compact) <= MAX_MORE_OF_IT and not ANOTHER.match(compact)


def stand_down(ctx: Context, case: Case, people: list[Person], text: str) -> None:
    """An emergency is over: everyone its alert reached hears it, and its clock stops."""
    mail = mailer_for(ctx)
    alerted = [*audience.building_party(ctx.uow, case), *audience.secretaries(ctx.uow, case)]
    mail.to_people([p for p in [*people, *alerted] if p.id != ctx.sender.id], text, urgent=True)
    mail.to_party_group(case, text)
    paused(case, ctx.now)


def stand_down_by_member(ctx: Context) -> bool:
    """ "误报，已经处理了" from a party member minutes after a neighbour's alarm in this group:
    he is the one who went and looked, so the emergency is stood down as if its reporter had
    said so (convofix6 R2). A resident who did not report it is only a bystander: her words
    do not silence an alarm.

    A member may say it hours later, in the 党员群 under the alert, or privately to the bot
    (convo8): the open emergency of his 小区 he means — the one quoted, or the only one; with
    several he is asked which in one line."""
    member = ctx.sender.role >= Role.MEMBER
    if ctx.group is not None and ctx.group.kind is not GroupKind.PARTY:
        case = emergency_nearby(ctx, MEMBER_STAND_DOWN if member else EMERGENCY_NEARBY)
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
    people, _ = who_acts(ctx, case)
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
    stand_down(ctx, case, people, text)
    ctx.reply(MEMBER_STOOD_DOWN.format(code=case.code))
    return True


def help_called(ctx: Context, case: Case) -> None:
    """ "已经打了119了": a "收到" (and a note for those who act), not a second emergency.
    A neighbour who says it is one more resident on the case."""
    assert case.id is not None
    if ctx.sender.id not in ctx.uow.cases.reporter_ids(case.id):
        join_case(ctx.uow, case, ctx.sender.id or 0, ctx.now, group_of(ctx))
    add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    ctx.stored.case_id = case.id
    people, who = who_acts(ctx, case)
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


def emergency_nearby(ctx: Context, window: timedelta = EMERGENCY_NEARBY) -> Case | None:
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
