"""What the follow-up checks share: finding the case the words are about, and telling those
who act on it.

A case is hers when she reported or joined it, in this 小区 and group; when the engine placed
the words (a category, a building or unit) they must fit the case (`fits`).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.chat.context import Context
from bot.chat.router import LocationView
from bot.domain.cases import Case, EventKind, find_case_code, summarize
from bot.domain.community import Person, Role
from bot.domain.escalation import describe
from bot.domain.lifecycle import is_paused, resumed
from bot.handlers.case_context import mailer_for
from bot.services import mailer as audience
from bot.services.claims import Refused, add_note

RECENT_REPORT = timedelta(hours=24)  # "搞错了" without a code takes back a report this fresh
CODE = re.compile(r"(?<![A-Za-z0-9])[Ee]\s*0*(\d{1,9})(?!\d)")

# "还有…", "另外…", "对了 还有…" open one more problem, not the same one again.
ANOTHER = re.compile(r"^(?:对了|哦|噢|啊)?[，,]?(?:还有|另外|另|再就是|还有就是|顺便说下)")

# "昨晚又放到十点多": the trouble came back (not "还", which is too common a word alone).
RECURS = re.compile(r"又|依然|仍然|照样|照旧|老样子")


def urgent_words(ctx: Context) -> bool:
    if ctx.classify is None:
        return False
    return bool(ctx.classify(ctx.message.text).urgent)


def fits(ctx: Context, case: Case, category: str | None, where: LocationView | None) -> bool:
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


def named_case(ctx: Context) -> Case | None:
    """Her case the message names by its code, or quotes the bot's message about."""
    case_id = find_case_code(ctx.message.quote)
    if case_id is None:
        codes = {int(c) for c in CODE.findall(ctx.message.text)}
        case_id = codes.pop() if len(codes) == 1 else None
    case = ctx.uow.cases.get(case_id) if case_id else None
    if case is None or case.id is None:
        return None
    if ctx.sender.id not in ctx.uow.cases.reporter_ids(case.id):
        return None  # someone else's case: an ordinary message, handled as one
    return case


def latest_open(
    ctx: Context,
    category: str | None,
    where: LocationView | None,
    since: datetime | None = None,
) -> Case | None:
    for case in ctx.uow.cases.by_reporter(ctx.sender.id or 0, limit=5):
        if not case.status.is_open or not fits(ctx, case, category, where):
            continue
        if since is not None and case.opened_at < since:
            continue
        return case
    return None


def supplement(ctx: Context, case: Case) -> bool:
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
    assignee = assignee_of(ctx, case)
    if assignee is not None:
        mailer_for(ctx).send(
            f"【居民补充】诉求 {describe(case)}：{summarize(ctx.message.text)}",
            person=assignee,
            chase=True,
            urgent=case.urgent,
        )
    return True


def who_acts(ctx: Context, case: Case) -> tuple[list[Person], str]:
    """The member who holds the case; else the building's 党小组 (its leader first)."""
    assignee = assignee_of(ctx, case)
    if assignee is not None:
        return [assignee], f"承办党员 {assignee.name} "
    party = audience.building_party(ctx.uow, case) or audience.secretaries(ctx.uow, case)
    # Not the member who just gave it back ("我们没法修"): chasing him helps nobody (D54).
    assert case.id is not None
    gave_back = [e.actor_id for e in ctx.uow.cases.events(case.id) if e.kind == EventKind.RETURNED]
    others = [p for p in party if not gave_back or p.id != gave_back[-1]]
    return others or party, "楼栋党小组"


def group_of(ctx: Context) -> int | None:
    """Where a joining neighbour spoke: progress reaches her there (None: privately)."""
    return ctx.group.id if ctx.group else None


def assignee_of(ctx: Context, case: Case) -> Person | None:
    person = ctx.uow.people.get(case.assignee_id) if case.assignee_id else None
    return person if person is not None and person.role >= Role.MEMBER else None
