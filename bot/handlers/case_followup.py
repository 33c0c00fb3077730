"""A reporter's "还没修好" while her case waits for its rating: the answer 不满意, not a new case.

Issue 11 (convo2 C4): after 办结 吴大姐 wrote "还没修好啊 还在滴水 你们来看看"; the engine
rightly saw a water problem and opened E0002 beside E0001, and the building's members were
asked to claim the same leak twice. The rule: while a resident has a case of hers waiting for
the 回访 rating in this group (or privately), words that say the problem persists
(`followup.says_unfixed`) about the same category — or about nothing the engine could place —
are her rating of that case: 不满意, which reopens it to the same member with a fresh clock.
"""

from __future__ import annotations

from bot.chat.context import Context
from bot.chat.followup import says_unfixed
from bot.chat.router import LocationView
from bot.domain.cases import Case, Rating, summarize
from bot.handlers.case_context import mailer_for
from bot.services import case_actions, claims, pending
from bot.services.claims import Refused

REOPENED = (
    "您是说诉求 {code} 还没解决吧？已按「不满意」重新打开，{who}会继续跟进，请您放心。"
    "如果说的是另一个新问题，请写明具体位置再发一次。"
)


def unfixed_case(
    ctx: Context, category: str | None, where: LocationView | None = None
) -> Case | None:
    """The case of hers waiting for a rating that these words say is not fixed, if any: in
    this 小区 and group, of the category the engine saw (any, when it saw none), and not at
    another building or unit the words name ("1单元的灯还不亮" is not 2单元's case)."""
    if not says_unfixed(ctx.message.text):
        return None
    for case in pending.rating_cases(ctx.uow, ctx.sender):
        if ctx.estate_id is not None and case.estate_id != ctx.estate_id:
            continue
        if ctx.group is not None and case.group_id not in (None, ctx.group.id):
            continue  # a case from another group is not what this group is talking about
        if category is not None and case.category not in (category, "other"):
            continue
        if where is not None and _elsewhere(case, where):
            continue
        return case
    return None


def _elsewhere(case: Case, where: LocationView) -> bool:
    return any(
        said is not None and known is not None and said != known
        for said, known in ((where.building, case.building), (where.unit, case.unit))
    )


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
    claims.add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    assignee = ctx.uow.people.get(case.assignee_id) if case.assignee_id else None
    who = f"原承办党员 {assignee.name} " if assignee else "党员"
    ctx.reply(REOPENED.format(code=case.code, who=who))
    if assignee is not None:
        case_actions.rated_unsatisfied(mailer_for(ctx), case, assignee, ctx.message.text)
    return True
