"""Her case finished, and her words say it is not fixed or came back.

* her case waiting for the 回访 rating, and words that say it is not fixed
  (`followup.says_unfixed`): the rating 不满意, which reopens it to the same member;
* "E0001又坏了" after it was rated: a new case tied to it (or her newer open one), and the
  member who fixed it hears (convo3 D53).
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat.context import Context
from bot.chat.followup import denies_repair, says_unfixed
from bot.chat.router import LocationView
from bot.domain.cases import Case, Rating, Report, format_case_code, summarize
from bot.domain.escalation import describe
from bot.domain.likeness import same_problem
from bot.handlers.case_context import mailer_for
from bot.handlers.followups.common import ANOTHER, CODE, RECURS, assignee_of, fits, latest_open
from bot.services import case_actions, claims, pending
from bot.services.cases import open_or_join
from bot.services.claims import Refused, add_note

REOPENED = (
    "您是说诉求 {code} 还没解决吧？已按「不满意」重新打开，{who}会继续跟进，请您放心。"
    "如果说的是另一个新问题，请写明具体位置再发一次。"
)

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
        if fits(ctx, case, category, where):
            return case
    # "怎么就办结了？门还是砰砰响" read as 物业服务 about her 公共设施 door: with one case
    # waiting for her rating, the engine's category guess does not send her elsewhere (convo9).
    # ... unless her words name another thing ("3号楼电梯又坏了" after her lamp was fixed is a
    # new report, not the lamp reopened).
    only = waiting[0] if len(waiting) == 1 else None
    text = ctx.message.text
    about_it = _ABOUT_CLOSING.search(text) or denies_repair(text)
    same = only is not None and (same_problem(text, only.summary) or about_it)
    if only is not None and same and fits(ctx, only, None, where):
        return only
    return None


def _recurs_after_closing(
    ctx: Context, category: str | None, where: LocationView | None
) -> Case | None:
    """ "昨晚又放到十点多 吵死了" the day after her noise case was closed: the words name no
    fault word of `says_unfixed`, but the same trouble (the engine's category, with lexicon
    words behind it) came back: that case, still waiting for her rating (convo10)."""
    text = ctx.message.text
    if category is None or not RECURS.search(text) or ANOTHER.match("".join(text.split())):
        return None
    for case in pending.rating_cases(ctx.uow, ctx.sender):
        if case.category == category and fits(ctx, case, category, where):
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
    assignee = assignee_of(ctx, case)
    who = f"原承办党员 {assignee.name} " if assignee else "党员"
    ctx.reply(REOPENED.format(code=case.code, who=who))
    if assignee is not None:
        case_actions.rated_unsatisfied(mailer_for(ctx), case, assignee, ctx.message.text)
    return True


def broken_again(ctx: Context, old: Case, lead: str = "") -> None:
    """ "E0001又坏了" after E0001 was finished (and rated): a complaint about that case, never
    its timeline (convo3 D53). It goes to her open case about the same thing if she already
    reported it anew, else to a new case in the same place; the member who fixed it hears."""
    assert old.id is not None
    case = latest_open(ctx, old.category, None)
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
    fixer = assignee_of(ctx, old)
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
    named = {format_case_code(int(n)) for n in CODE.findall(text)}
    return text if code in named else f"{code} {text}"
