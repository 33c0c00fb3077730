"""Party members take cases and carry them to the end: 认领/派单/退回/进展/方案/办结, and 回访.

Each function is one use case inside the caller's transaction. A rule that does not allow
the action raises `Refused` with a polite sentence for the sender; nothing is changed then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain import lifecycle
from bot.domain.cases import Case, CaseEvent, CaseStatus, EventKind, Rating
from bot.domain.community import Person, Role
from bot.domain.lifecycle import Refused
from bot.domain.sla import SlaPolicy
from bot.ports import UnitOfWork

__all__ = ["ClaimResult", "Refused", "claim", "dispatch", "find_case", "hand_back", "rate"]


def find_case(uow: UnitOfWork, case_id: int | None, code: str) -> Case:
    case = uow.cases.get(case_id) if case_id else None
    if case is None:
        raise Refused(f"没有找到诉求 {code}，请核对编号。")
    return case


def check_estate(case: Case, person: Person) -> None:
    """People act within their own 小区; community staff without one act everywhere."""
    if person.role >= Role.STAFF and person.estate_id is None:
        return
    if person.estate_id != case.estate_id:
        raise Refused(f"诉求 {case.code} 不在您所在的小区，请由该小区的党员处理。")


def check_handler(case: Case, person: Person) -> None:
    """The claimer carries the case; the 支部书记 and staff may act for them."""
    check_estate(case, person)
    if case.assignee_id == person.id or person.role >= Role.SECRETARY:
        return
    if case.assignee_id is None:
        raise Refused(f"诉求 {case.code} 还没有人认领。请先发送「认领 {case.code}」。")
    raise Refused(f"诉求 {case.code} 已由其他党员承办，如需协助请联系承办人。")


@dataclass(frozen=True)
class ClaimResult:
    case: Case
    won: bool
    holder: Person | None  # who has the case now


def claim(
    uow: UnitOfWork, case: Case, person: Person, now: datetime, *, via: str = "认领"
) -> ClaimResult:
    """First claim wins (a conditional UPDATE in this transaction); the loser learns who won."""
    assert case.id is not None and person.id is not None
    check_estate(case, person)
    lifecycle.ensure_open(case)
    if case.assignee_id == person.id:
        return ClaimResult(case, won=False, holder=person)
    if not uow.cases.claim(case, person.id):
        lifecycle.ensure_open(case)  # it may have been closed meanwhile
        holder = uow.people.get(case.assignee_id) if case.assignee_id else None
        return ClaimResult(case, won=False, holder=holder)
    lifecycle.claimed(case, person.id, now)
    _event(uow, case, now, EventKind.CLAIMED, f"{_title(person)} {person.name} {via}", person)
    return ClaimResult(case, won=True, holder=person)


def dispatch(
    uow: UnitOfWork, case: Case, target: Person, actor: Person, now: datetime
) -> Person | None:
    """派单: the 支部书记 or staff give the case to a party member; returns who had it before."""
    assert case.id is not None and target.id is not None
    check_estate(case, actor)
    lifecycle.ensure_open(case)
    if target.role < Role.MEMBER:
        raise Refused(f"{target.name} 不在党员名册里，派单只能派给党员。")
    if target.role < Role.STAFF and target.estate_id != case.estate_id:
        raise Refused(f"{target.name} 不是诉求 {case.code} 所在小区的党员。")
    before = case.assignee_id
    if before == target.id:
        raise Refused(f"诉求 {case.code} 已经由 {target.name} 承办。")
    if not uow.cases.claim(case, target.id, replace=before):
        raise Refused(f"诉求 {case.code} 刚刚被其他人认领，请发送「进度 {case.code}」查看。")
    lifecycle.claimed(case, target.id, now)
    _event(
        uow,
        case,
        now,
        EventKind.DISPATCHED,
        f"{actor.name} 派单给 {_title(target)} {target.name}",
        actor,
    )
    return uow.people.get(before) if before else None


def hand_back(
    uow: UnitOfWork, case: Case, person: Person, reason: str, now: datetime, policy: SlaPolicy
) -> None:
    check_handler(case, person)
    if case.assignee_id is None:
        raise Refused(f"诉求 {case.code} 现在没有承办人，无需退回。")
    lifecycle.handed_back(case, now, policy)
    _event(uow, case, now, EventKind.RETURNED, f"{person.name} 退回：{reason}", person)


def progress(
    uow: UnitOfWork, case: Case, person: Person, text: str, now: datetime, *, plan: bool = False
) -> None:
    check_handler(case, person)
    if plan:
        lifecycle.planned(case, now)
    else:
        lifecycle.progressed(case, now)
    _event(uow, case, now, EventKind.PLAN if plan else EventKind.PROGRESS, text, person)


def resolve(
    uow: UnitOfWork, case: Case, person: Person, text: str, now: datetime, policy: SlaPolicy
) -> None:
    check_handler(case, person)
    lifecycle.resolved(case, now, policy)
    _event(uow, case, now, EventKind.RESOLVED, text, person)
    if self_handled(uow, case, person):
        # A member who reported and fixed it himself would rate his own work (convo3 D34):
        # no 回访, and the case counts as unrated, never in the 满意率.
        lifecycle.closed_unrated(case, now)
        _event(uow, case, now, EventKind.UNRATED, "本人反映、本人办理，不回访", None)


def self_handled(uow: UnitOfWork, case: Case, person: Person) -> bool:
    """The member acting on the case is its only reporter."""
    assert case.id is not None
    return set(uow.cases.reporter_ids(case.id)) | {case.reporter_id} == {person.id}


def reopen_for_neighbour(
    uow: UnitOfWork, case: Case, person: Person, said: str, now: datetime, policy: SlaPolicy
) -> None:
    """A neighbour says a case just finished (still waiting for its reporter's rating) is not
    fixed ("不满意 E0001 还是坏的", convofix11b): back to the same claimer with a fresh clock,
    as 不满意 does, but no rating of hers is stored; the residents rate after the next 办结."""
    if case.status is not CaseStatus.RESOLVED:
        raise Refused(f"诉求 {case.code} 现在不需要重新打开。")
    lifecycle.reopened_by_staff(case, now, policy)
    _event(uow, case, now, EventKind.REOPENED, f"邻居说问题还在：{said}", person)


def reopen(
    uow: UnitOfWork, case: Case, person: Person, reason: str, now: datetime, policy: SlaPolicy
) -> None:
    """重新打开 a finished case (from the console), as 不满意 does: same claimer, fresh clock."""
    if case.status.is_open:
        raise Refused(f"诉求 {case.code} 还在办理中，不需要重新打开。")
    check_estate(case, person)
    lifecycle.reopened_by_staff(case, now, policy)
    _event(uow, case, now, EventKind.REOPENED, reason, person)


def rate(
    uow: UnitOfWork,
    case: Case,
    person: Person,
    rating: Rating,
    now: datetime,
    policy: SlaPolicy,
    comment: str = "",
) -> bool:
    """Only a reporter (or co-reporter) rates; 不满意 reopens. True when the case reopened.
    `comment`: what she said with the rating ("就是来得有点晚"), kept on the timeline."""
    assert case.id is not None
    if person.id not in uow.cases.reporter_ids(case.id) and person.id != case.reporter_id:
        raise Refused(f"诉求 {case.code} 只能由反映问题的居民评价，谢谢关心。")
    reopened = lifecycle.rated(case, rating, now, policy)
    label = f"{rating.label}（{comment}）" if comment else rating.label
    _event(uow, case, now, EventKind.RATED, label, person)
    if reopened:
        _event(uow, case, now, EventKind.REOPENED, "居民不满意，原承办人继续办理", None)
    return reopened


def late_rating_case(
    uow: UnitOfWork, person: Person, now: datetime, policy: SlaPolicy
) -> Case | None:
    """A case this person co-reported that another reporter's rating closed while the
    question still stood for them (within the rating wait), and that they have not rated."""
    if person.id is None or not uow.messages.rating_may_wait(person.id):
        return None  # the arrival found no reviewed case of theirs: no read
    for case in uow.cases.by_reporter(person.id, limit=5):
        if not may_rate_late(uow, case, person, now, policy):
            continue
        return case
    return None


def may_rate_late(
    uow: UnitOfWork, case: Case, person: Person, now: datetime, policy: SlaPolicy
) -> bool:
    if case.status is not CaseStatus.REVIEWED or case.rating is Rating.UNRATED:
        return False
    if case.closed_at is None or now - case.closed_at > policy.rating_wait or case.id is None:
        return False
    if person.id not in uow.cases.reporter_ids(case.id):
        return False
    events = uow.cases.events(case.id)
    return not any(e.kind == EventKind.RATED and e.actor_id == person.id for e in events)


def rate_late(
    uow: UnitOfWork, case: Case, person: Person, rating: Rating, now: datetime, policy: SlaPolicy
) -> bool:
    """Every reporter was asked to rate, so every answer counts: kept as this reporter's
    rating; 不满意 reopens the case to the same claimer (the problem is not solved for
    them). True when the case reopened."""
    _event(uow, case, now, EventKind.RATED, rating.label, person)
    if rating is not Rating.UNSATISFIED:
        return False
    lifecycle.reopened_by_staff(case, now, policy)
    _event(uow, case, now, EventKind.REOPENED, "居民不满意，原承办人继续办理", None)
    return True


def add_note(uow: UnitOfWork, case: Case, person: Person, text: str, now: datetime) -> None:
    """A reporter adds to their own case (by quoting the bot's message about it)."""
    assert case.id is not None
    if person.id not in uow.cases.reporter_ids(case.id):
        raise Refused(f"只有反映诉求 {case.code} 的居民可以补充说明。")
    if not case.status.is_open:
        raise Refused(f"诉求 {case.code} 已办结。如果问题还在，请直接在群里重新反映。")
    case.updated_at = now
    _event(uow, case, now, EventKind.NOTE, text, person)


def _title(person: Person) -> str:
    if person.role >= Role.STAFF:
        return "社区"
    return "党员" if person.role is Role.MEMBER else person.role.label


def _event(
    uow: UnitOfWork, case: Case, now: datetime, kind: EventKind, text: str, actor: Person | None
) -> None:
    assert case.id is not None
    uow.cases.add_event(
        CaseEvent(
            case_id=case.id, at=now, kind=kind, text=text, actor_id=actor.id if actor else None
        )
    )
