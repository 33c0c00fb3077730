"""A neighbour asking where someone else's case stands: "张阿姨报的那个电梯修了没 我腿脚不好下不
了楼" (convo14 others_case). A case reported in a group is that group's business ("进度 E0001"
shows it to anyone there), so the same question in words gets the same answer. Neighbours name
the reporter or the thing, never the code.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat.context import Context
from bot.chat.followup import asks_status
from bot.domain.cases import Case
from bot.handlers.followups.status import mentions, show, which

RECENTLY_CLOSED = timedelta(days=7)  # "修好了没" just after it was closed: the closed case
# "张阿姨报的那个", "楼上李姐反映的": whose report (the name is checked against its reporters).
_WHOSE = re.compile(
    r"(?P<who>[^\s，,。！!？?的]{1,5}?)"
    r"(?:之前|上午|下午|昨天|前天|早上|晚上|刚才|刚刚)?(?:报|反映|说|提|发|报修)(?:过|了)?的"
    r"(?:那个|那件|这个|那)?(?:事|事情|问题)?"
)
_CLAUSES = re.compile(r"[\s，,。！!；;]+")
_FILLER = re.compile(r"^(?:的|那个|这个|那件|那|事情?|问题)+|(?:的|那个|这个|事情?|问题)+$")


def neighbours_status(ctx: Context) -> bool:
    """Where a case of this group stands, asked by a neighbour in words that name its reporter
    or its thing; True when answered."""
    if ctx.group is None or ctx.estate_id is None or ctx.sender.id is None:
        return False
    asked = whose_report(ctx.message.text)
    if asked is None:
        return False
    cases = _cases_asked(ctx, *asked)
    if not cases:
        return False
    if len(cases) > 1:
        which(ctx, cases)
    else:
        ctx.stored.case_id = cases[0].id
        show(ctx, cases[0])
    return True


def whose_report(text: str) -> tuple[str | None, str] | None:
    """(the reporter named or None, the thing named or "") of the first clause asking where
    a report stands, when it names either; None when no clause asks after a neighbour's."""
    for clause in _CLAUSES.split(text):
        asked = asks_status(clause)
        if asked is None or asked[0]:
            continue  # no question here, or "我报的…": her own report, not a neighbour's
        whose = _WHOSE.search(asked[1])
        thing = _FILLER.sub("", _WHOSE.sub("", asked[1])) if whose else asked[1]
        if thing or whose is not None:
            return (whose["who"] if whose else None), thing
    return None


def _cases_asked(ctx: Context, who: str | None, thing: str) -> list[Case]:
    """This group's cases (open, else closed this week) that the reporter and thing fit."""
    assert ctx.group is not None
    since = ctx.now - RECENTLY_CLOSED
    found = [
        c
        for c in ctx.uow.cases.find(estate_id=ctx.estate_id, limit=30)
        if c.id is not None
        and c.group_id == ctx.group.id
        and (c.status.is_open or (c.updated_at or c.opened_at) >= since)
        and (not thing or mentions(c, thing, places=False))
        and (who is None or _reported_by(ctx, c, who))
    ]
    open_ = [c for c in found if c.status.is_open]
    return open_ or found


def _reported_by(ctx: Context, case: Case, who: str) -> bool:
    assert case.id is not None
    for person_id in ctx.uow.cases.reporter_ids(case.id):
        person = ctx.uow.people.get(person_id)
        if person is not None and (who in person.name or person.name in who):
            return True
    return False
