"""Neighbours joining a case: "+1 / 我家也是" soon after a neighbour's report (convo2 C61,
convo8, convofix11b), or "2栋垃圾怎么还没人收啊" while a neighbour's case on it is open
(convo2 C44): the sender joins that case rather than opening a second one.
"""

from __future__ import annotations

from datetime import timedelta

from bot.chat.context import Context
from bot.chat.followup import names_nothing, says_same_here, says_same_here_at_length
from bot.chat.router import LocationView
from bot.handlers.followups.common import assignee_of, group_of
from bot.services.cases import acknowledgement, join_case


def neighbours_case(ctx: Context, category: str | None, where: LocationView | None) -> bool:
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
        intake = join_case(ctx.uow, case, ctx.sender.id or 0, ctx.now, group_of(ctx))
        ctx.stored.case_id = case.id
        assignee = assignee_of(ctx, case)
        on_it = f"\n党员 {assignee.name} 已认领，正在处理。" if assignee else ""
        ctx.reply(acknowledgement(intake) + on_it)
        return True
    return False


ME_TOO_SAME_THING = timedelta(hours=24)  # "我家也停水了" joins an open 停水 case this recent


def same_here(ctx: Context, category: str | None = None, where: LocationView | None = None) -> bool:
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
        intake = join_case(ctx.uow, case, ctx.sender.id or 0, ctx.now, group_of(ctx))
        ctx.stored.case_id = case.id
        ctx.reply(acknowledgement(intake))
        return True
    return False
