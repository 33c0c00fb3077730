"""A party member's progress words in a group ("通开了 现在好了") about the case he holds, or a
neighbour's emergency minutes old: progress told to its residents, never a new case (convo8).
His look or next step ("看了 松了两块砖 下午拿水泥补一下") is news on the case he holds too
(convofix15b).
"""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.followup import says_all_clear, says_news, says_visit
from bot.domain.cases import Case, CaseEvent, EventKind, summarize
from bot.domain.community import Role
from bot.domain.escalation import describe
from bot.handlers.case_context import mailer_for
from bot.handlers.followups.common import CODE, assignee_of, fits, urgent_words
from bot.handlers.followups.emergencies import emergency_nearby
from bot.services import case_actions, claims

HANDLER_NEWS = "已记为诉求 {code} 的进展，反映的居民会看到。处理完了请发「办结 {code} 结果」结案。"
_FALSE_ALARM = re.compile(r"误报|误会|(?:搞|弄|看|报|听)错|虚惊|没事了|不用(?:修|来|管|处理)")
OTHERS_NEWS = "已记为诉求 {code} 的进展，反映的居民和处理的党员会看到。"


def handler_news(ctx: Context, category: str | None) -> bool:
    """ "通开了 现在好了" from the member who holds a case of this group, or "师傅已经疏通了"
    from a party member minutes after a neighbour's emergency here: progress on that case,
    told to its residents — never a new case, nor one more resident on it (convo8)."""
    if ctx.group is None or ctx.sender.role < Role.MEMBER or ctx.sender.id is None:
        return False
    text = ctx.message.text
    news = says_news(text)
    # "看了 松了两块砖 下午拿水泥补一下": the holder's look or plan is news on his own case
    # only, never on a neighbour's emergency he does not hold (convofix15b).
    visit = not news and says_visit(text)
    if not (news or visit) or _FALSE_ALARM.search(text) or says_all_clear(text):
        return False  # "误报 已经处理了" stands an alarm down: the stand-down reads it
    if urgent_words(ctx):
        return False
    held = [
        c
        for c in ctx.uow.cases.assigned_to(ctx.sender.id)
        if c.status.is_open and c.group_id == ctx.group.id and fits(ctx, c, category, None)
    ]
    case: Case | None = held[0] if len(held) == 1 else None
    if case is None and not held and news:
        nearby = emergency_nearby(ctx)
        if nearby is not None and nearby.id is not None:
            theirs = ctx.sender.id in ctx.uow.cases.reporter_ids(nearby.id)
            case = None if theirs or not fits(ctx, nearby, category, None) else nearby
    if case is None or case.id is None:
        return False
    named = CODE.search(text)
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
    assignee = None if holder else assignee_of(ctx, case)
    if assignee is not None:
        mailer_for(ctx).send(
            f"【进展】诉求 {describe(case)}：{ctx.sender.name} 说「{words}」",
            person=assignee,
            chase=False,
            urgent=case.urgent,
        )
    ctx.reply((HANDLER_NEWS if holder else OTHERS_NEWS).format(code=case.code))
    return True
