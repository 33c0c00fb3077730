"""A reporter correcting what her own case is about: "不是电梯 是门禁" a minute after a report
the bot filed under 电梯 (convo14 correct_category). Like a corrected building (`place`), the
case changes, it is never a note beside the wrong category nor a second case: the category
decides the statistics (十件实事) and what the handler expects to find.
"""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.domain.cases import CATEGORY_LABELS, Case, CaseEvent, EventKind, summarize
from bot.domain.escalation import describe
from bot.handlers.case_context import mailer_for
from bot.handlers.followups.common import RECENT_REPORT, latest_open, who_acts
from bot.services.claims import add_note

RECATEGORIZED = "好的，诉求 {code} 已改为「{label}」类{right}，并转告了{who}。"
RECATEGORIZED_NOTE = (
    "【类别更正】诉求 {case}：反映的居民更正说「{said}」，类别已由{before}改为{after}。"
)
MAX_CORRECTION = 30  # a longer message says more than which thing it is
_THING = r"[^\s，,。！!？?；;是]{1,8}?"
_ABOUT = r"(?:的事|的问题|坏了|的毛病)?"
_GAP = r"[\s，,。！!；;]*"
# "不是电梯 是门禁", "搞错了 不是电梯的事，是单元门门禁", "是门禁坏了 不是电梯".
_WRONG_THEN_RIGHT = re.compile(
    rf"不是(?P<wrong>{_THING}){_ABOUT}{_GAP}(?:而|应该|其实)?是(?P<right>.+)"
)
_RIGHT_THEN_WRONG = re.compile(
    rf"(?:^|[\s，,。！!；;]|应该|其实)(?<!不)是(?P<right>{_THING}){_ABOUT}{_GAP}不是(?P<wrong>{_THING}){_ABOUT}$"
)


def wrong_and_right(text: str) -> tuple[str, str] | None:
    """The thing a correction says it is not and the thing it is ("不是电梯 是门禁" →
    ("电梯", "门禁")), or None when the words are no such correction."""
    said = text.strip()
    if len("".join(said.split())) > MAX_CORRECTION:
        return None
    found = _WRONG_THEN_RIGHT.search(said) or _RIGHT_THEN_WRONG.search(said)
    if found is None:
        return None
    right = found["right"].strip(" ，,。！!；;").split()
    return (found["wrong"], right[0]) if right else None


def recategorized(ctx: Context) -> bool:
    """ "不是电梯 是门禁" from the reporter soon after her report: the case takes the category
    of the thing she names, when the thing she denies is what the case was filed under."""
    said = wrong_and_right(ctx.message.text)
    classify = ctx.classify
    if said is None or ctx.sender.id is None or classify is None:
        return False
    wrong, right = said
    case = latest_open(ctx, None, None, since=ctx.now - RECENT_REPORT)
    if case is None or case.id is None:
        return False
    if classify(wrong).category != case.category and wrong not in case.summary:
        return False  # "不是302 是402", "不是今天 是昨天": not what the case is about
    after = classify(right).category
    if after is None or after in (case.category, "other") or after not in CATEGORY_LABELS:
        return False
    corrected(ctx, case, after, right)
    return True


def corrected(ctx: Context, case: Case, after: str, right: str) -> None:
    """The reporter's case takes the category she names; those already told hear it.
    `right`: the thing she named, repeated in the answer ("门禁", "电梯的问题")."""
    assert case.id is not None
    before = case.category_label
    case.category = after
    add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    ctx.uow.cases.add_event(
        CaseEvent(
            case_id=case.id,
            at=ctx.now,
            kind=EventKind.RECATEGORIZED,
            text=f"{before} → {case.category_label}（{ctx.sender.name}）",
            actor_id=ctx.sender.id,
        )
    )
    ctx.stored.case_id = case.id
    people, who = who_acts(ctx, case)
    if case.notified_at is not None:  # those already told read the right category too
        note = RECATEGORIZED_NOTE.format(
            case=describe(case),
            said=summarize(ctx.message.text),
            before=before,
            after=case.category_label,
        )
        mailer_for(ctx).to_people(people, note, urgent=False)
    thing = f"（{right}）" if right and right != case.category_label else ""
    ctx.reply(RECATEGORIZED.format(code=case.code, label=case.category_label, right=thing, who=who))
