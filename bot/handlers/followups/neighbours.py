"""A neighbour's words about a case of this group she did not report: the trouble again
("昨晚又吵到两点"), still there ("还是漏"), or "不满意 E0001" on someone else's case
(convo10, convofix11b). One problem, one case: she joins it, or it is reopened or tied to a
new one; never a second case beside it.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat.context import Context
from bot.chat.followup import says_unfixed
from bot.chat.router import LocationView
from bot.domain.cases import Case, CaseStatus, summarize
from bot.domain.escalation import describe
from bot.handlers.case_context import mailer_for
from bot.handlers.followups.common import (
    ANOTHER,
    RECURS,
    assignee_of,
    fits,
    group_of,
    urgent_words,
    who_acts,
)
from bot.handlers.followups.unfixed import broken_again
from bot.services import case_actions, claims
from bot.services.cases import join_case
from bot.services.claims import add_note

AGAIN_KNOWN = timedelta(days=7)  # "昨晚又…" about a case of this group this recent
NEIGHBOUR_AGAIN = "已把您说的记到诉求 {code}（同一个问题，已有居民反映，共 {n} 位），{who}会看到。"


def neighbour_again(ctx: Context, category: str | None, where: LocationView | None) -> bool:
    """ "昨晚又吵到两点 楼上那家" from a neighbour while this group's case on that trouble is
    open (or was closed these days): one problem, one case (convo10). Open, she joins it and
    her words go on its timeline; closed, it came back: a new case tied to it, and the member
    who closed it hears (as her own "E0001又坏了" does). Never a second case beside it."""
    text = ctx.message.text
    if ctx.group is None or ctx.estate_id is None or category is None or ctx.sender.id is None:
        return False
    if not RECURS.search(text) or ANOTHER.match("".join(text.split())) or urgent_words(ctx):
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
        and fits(ctx, c, category, where)
    ]
    live = [c for c in found if c.status.is_open]
    if len(live) == 1:
        case = live[0]
        assert case.id is not None
        if ctx.sender.id not in ctx.uow.cases.reporter_ids(case.id):
            join_case(ctx.uow, case, ctx.sender.id, ctx.now, group_of(ctx))
        add_note(ctx.uow, case, ctx.sender, summarize(text), ctx.now)
        ctx.stored.case_id = case.id
        people, who = who_acts(ctx, case)
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
    broken_again(ctx, closed[0])
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
        join_case(ctx.uow, case, ctx.sender.id, ctx.now, group_of(ctx))
    add_note(ctx.uow, case, ctx.sender, said, ctx.now)
    ctx.stored.case_id = case.id
    assignee = assignee_of(ctx, case)
    who = f"原承办党员 {assignee.name} " if assignee else "党员"
    ctx.reply(NEIGHBOUR_REOPENED.format(code=case.code, who=who, n=case.reporters))
    if assignee is not None:
        case_actions.rated_unsatisfied(mailer_for(ctx), case, assignee, ctx.message.text)
    else:
        people, _ = who_acts(ctx, case)
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
        broken_again(ctx, case, lead=NEIGHBOUR_UNFIXED.format(code=case.code))
        return
    if ctx.sender.id is not None and ctx.sender.id not in ctx.uow.cases.reporter_ids(case.id):
        join_case(ctx.uow, case, ctx.sender.id, ctx.now, group_of(ctx))
    add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    ctx.stored.case_id = case.id
    people, who = who_acts(ctx, case)
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


def neighbour_says_unfixed(ctx: Context, category: str | None, where: LocationView | None) -> bool:
    """ "还是漏", "还是不亮" from a neighbour soon after this group's case was closed: the
    problem persists (what her reporter's "还是漏" is, without the rating). Only the one case
    of this group closed in the last day that the words fit (convofix11b)."""
    text = ctx.message.text
    if ctx.group is None or ctx.estate_id is None or ctx.sender.id is None:
        return False
    if not says_unfixed(text) or urgent_words(ctx):
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
        and fits(ctx, c, category, where)
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
