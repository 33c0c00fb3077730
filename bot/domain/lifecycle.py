"""A case's transitions and its clock: pure functions of (case, time, policy).

已受理 → 已响应 (claimed) → 处理中 → 已办结 → 已回访, with 退回 (back to 已受理), 不满意
(back to 处理中, same claimer, clock restarted) and 未评价 (closed after the wait).
Each transition stamps the "2341" steps it meets and recomputes `next_due`, the one indexed
column the sweep reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.cases import Case, CaseStatus, Rating
from bot.domain.sla import STEPS, SlaPolicy, Step, first_due


class Refused(Exception):
    """The transition does not apply to the case in its current state; the text says why."""


@dataclass(frozen=True)
class StepState:
    due: datetime | None
    met: datetime | None
    fired: datetime | None


def step_state(case: Case, step: Step) -> StepState:
    return StepState(
        getattr(case, f"{step}_due"), getattr(case, f"{step}_met"), getattr(case, f"{step}_fired")
    )


def _meet(case: Case, now: datetime, *steps: Step) -> None:
    for step in steps:
        if getattr(case, f"{step}_met") is None:
            setattr(case, f"{step}_met", now)


def start_clock(case: Case, now: datetime, policy: SlaPolicy) -> None:
    """(Re)start the 2341 clock: fresh deadlines, nothing met or fired, ladder back at rung 0."""
    case.clock_started_at = policy.clock_start(now, case.urgent)
    for step, due in policy.deadlines(now, case.urgent).items():
        setattr(case, f"{step}_due", due)
        setattr(case, f"{step}_met", None)
        setattr(case, f"{step}_fired", None)
    case.escalation_level = 0
    schedule(case)


def schedule(case: Case) -> None:
    """Recompute `next_due`: the earliest notice, unmet unfired step or rating wait."""
    if not case.status.is_open:
        case.next_due = case.rating_due if case.status is CaseStatus.RESOLVED else None
        return
    timers: list[datetime | None] = []
    if case.notified_at is None and case.assignee_id is None:
        timers.append(case.clock_started_at)
    for step in STEPS:
        state = step_state(case, step)
        if state.met is None and state.fired is None:
            timers.append(state.due)
    case.next_due = first_due(timers)


def due_steps(case: Case, now: datetime) -> list[Step]:
    """Steps whose deadline has passed, unmet and not yet escalated, in 2341 order."""
    if not case.status.is_open:
        return []
    due = []
    for step in STEPS:
        state = step_state(case, step)
        if state.due is not None and state.due <= now and state.met is None and state.fired is None:
            due.append(step)
    return due


def notice_due(case: Case, now: datetime) -> bool:
    """The building's 党小组 has not been told of this unclaimed case yet, and may be now."""
    return (
        case.status.is_open
        and case.assignee_id is None
        and case.notified_at is None
        and case.clock_started_at is not None
        and case.clock_started_at <= now
    )


def heard(case: Case, at: datetime, policy: SlaPolicy) -> None:
    """The notice was held back (quiet hours) and reaches the 党小组 at `at`.

    No open deadline falls sooner than a full step after `at`: the clock of a non-urgent
    case does not run while the people who must act cannot be told, so a 督办 never lands
    with (or before) the first word about the case. Deadlines only move later.
    """
    fresh = policy.deadlines(at, case.urgent)
    for step in STEPS:
        state = step_state(case, step)
        if state.met is None and state.fired is None and state.due is not None:
            setattr(case, f"{step}_due", max(state.due, fresh[step]))
    schedule(case)


def rating_expired(case: Case, now: datetime) -> bool:
    return (
        case.status is CaseStatus.RESOLVED
        and case.rating_due is not None
        and case.rating_due <= now
    )


def mark_fired(case: Case, step: Step, now: datetime, ladder_height: int) -> int:
    """A step slipped: stamp it and climb one rung (capped); returns the rung reached (1-based)."""
    setattr(case, f"{step}_fired", now)
    case.breaches += 1
    case.escalation_level = min(case.escalation_level + 1, ladder_height)
    schedule(case)
    return case.escalation_level


def ensure_open(case: Case) -> None:
    if case.status is CaseStatus.RESOLVED:
        raise Refused(f"诉求 {case.code} 已办结，正在等待居民评价。")
    if not case.status.is_open:
        raise Refused(f"诉求 {case.code} 已经办结并回访，无需再操作。")


def claimed(case: Case, person_id: int, now: datetime) -> None:
    """After the storage layer's first-claim-wins update: the case is this person's."""
    case.assignee_id = person_id
    case.assigned_at = now
    if case.status is CaseStatus.ACCEPTED:
        case.status = CaseStatus.RESPONDED
    _meet(case, now, Step.RESPOND)
    case.updated_at = now
    schedule(case)


def handed_back(case: Case, now: datetime, policy: SlaPolicy) -> None:
    """退回: the case needs a new claimer; only the response step starts again."""
    ensure_open(case)
    case.assignee_id = None
    case.assigned_at = None
    case.status = CaseStatus.ACCEPTED
    case.respond_due = policy.deadlines(now, case.urgent)[Step.RESPOND]
    case.respond_met = None
    case.respond_fired = None
    case.notified_at = None
    case.clock_started_at = policy.clock_start(now, case.urgent)
    case.updated_at = now
    schedule(case)


def stood_down(case: Case, now: datetime, policy: SlaPolicy) -> None:
    """The reporter says the danger is over ("孩子找到了", "火灭了"): the case stays open for
    a member to check and close, but on the ordinary clock, so nobody is woken again.

    Deadlines of the steps still to come are those of a non-urgent case opened now, never
    sooner than they were.
    """
    ensure_open(case)
    case.urgent = False
    fresh = policy.deadlines(now, urgent=False)
    for step in STEPS:
        state = step_state(case, step)
        if state.met is None and state.fired is None and state.due is not None:
            setattr(case, f"{step}_due", max(state.due, fresh[step]))
    case.updated_at = now
    schedule(case)


def paused(case: Case, now: datetime) -> None:
    """The reporter took the report back, or the danger is over ("搞错了 电梯好了", "没事了 是
    邻居烧糊了锅"): the case stays open for a member to check and close, but its clock stops,
    so the ladder does not climb for a problem nobody has any more (convofix6 R11). The 党小组
    has just been told, so the first notice is not sent either; nothing is woken again."""
    ensure_open(case)
    case.urgent = False
    for step in STEPS:
        state = step_state(case, step)
        if state.met is None and state.fired is None:
            setattr(case, f"{step}_due", None)
    if case.notified_at is None:
        case.notified_at = now
    case.updated_at = now
    schedule(case)


def is_paused(case: Case) -> bool:
    """The clock was stopped by `paused` (a step neither met nor fired has no deadline)."""
    return case.status.is_open and any(
        state.due is None and state.met is None and state.fired is None
        for state in (step_state(case, step) for step in STEPS)
    )


def resumed(case: Case, now: datetime, policy: SlaPolicy) -> None:
    """The problem is back after a stand-down ("还是漏"): the steps still to meet get fresh
    deadlines from now, on the ordinary clock; what was met stays met."""
    fresh = policy.deadlines(now, case.urgent)
    for step in STEPS:
        state = step_state(case, step)
        if state.due is None and state.met is None and state.fired is None:
            setattr(case, f"{step}_due", fresh[step])
    case.updated_at = now
    schedule(case)


def progressed(case: Case, now: datetime) -> None:
    ensure_open(case)
    case.status = CaseStatus.IN_PROGRESS
    _meet(case, now, Step.RESPOND, Step.REPLY)
    case.updated_at = now
    schedule(case)


def planned(case: Case, now: datetime) -> None:
    """方案: a solution plan was given; it answers the coordination and solution steps."""
    ensure_open(case)
    case.status = CaseStatus.IN_PROGRESS
    _meet(case, now, Step.RESPOND, Step.REPLY, Step.COORDINATE, Step.SOLUTION)
    case.updated_at = now
    schedule(case)


def department_reported(case: Case, now: datetime) -> None:
    ensure_open(case)
    case.dept_reported_at = case.dept_reported_at or now
    _meet(case, now, Step.COORDINATE)
    case.updated_at = now
    schedule(case)


def resolved(case: Case, now: datetime, policy: SlaPolicy) -> None:
    ensure_open(case)
    case.status = CaseStatus.RESOLVED
    case.resolved_at = now
    _meet(case, now, *STEPS)
    case.rating = None
    case.rated_at = None
    case.rating_due = now + policy.rating_wait
    case.updated_at = now
    schedule(case)


def rated(case: Case, rating: Rating, now: datetime, policy: SlaPolicy) -> bool:
    """Store the rating; 不满意 reopens to the same claimer with a fresh clock. True if reopened."""
    if case.status is not CaseStatus.RESOLVED:
        raise Refused(f"诉求 {case.code} 现在不需要评价。")
    case.rating = rating
    case.rated_at = now
    case.rating_due = None
    case.updated_at = now
    if rating is Rating.UNSATISFIED:
        reopened(case, now, policy)
        return True
    case.status = CaseStatus.REVIEWED
    case.closed_at = now
    schedule(case)
    return False


def reopened(case: Case, now: datetime, policy: SlaPolicy) -> None:
    """Back to work after 办结 (不满意, or staff reopening): same claimer, fresh 2341 clock."""
    case.reopened += 1
    case.status = CaseStatus.IN_PROGRESS if case.assignee_id else CaseStatus.ACCEPTED
    case.resolved_at = None
    case.updated_at = now
    respond = (case.respond_due, case.respond_met, case.respond_fired)
    start_clock(case, now, policy)
    if case.assignee_id is not None:
        # The same claimer keeps it: the response was given (and is measured) once.
        case.respond_due, case.respond_met, case.respond_fired = respond
        schedule(case)


def reopened_by_staff(case: Case, now: datetime, policy: SlaPolicy) -> None:
    """Staff reopen a finished case: its rating is forgotten, the residents will rate again."""
    case.closed_at = case.rated_at = case.rating_due = None
    case.rating = None
    reopened(case, now, policy)


def closed_unrated(case: Case, now: datetime) -> None:
    case.status = CaseStatus.REVIEWED
    case.rating = Rating.UNRATED
    case.rating_due = None
    case.closed_at = now
    case.updated_at = now
    schedule(case)


RATING_WORDS: dict[str, Rating] = {
    "满意": Rating.SATISFIED,
    "非常满意": Rating.SATISFIED,
    "1": Rating.SATISFIED,
    "基本满意": Rating.BASIC,
    "2": Rating.BASIC,
    "不满意": Rating.UNSATISFIED,
    "3": Rating.UNSATISFIED,
}
