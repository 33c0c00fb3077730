"""After an activity: who signed up and who came (签到), and the points for coming.

Points for attending are recorded on the sign-up (`Signup.points`); booking them in the points
ledger is the `award` hook's job (bot.services.points provides it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from bot.domain.activities import Activity, ActivityError, Signup, SignupStatus
from bot.domain.community import Person
from bot.ports import UnitOfWork
from bot.services.activities.support import audit, find_activity


class PointsAwarder(Protocol):
    """The points ledger's seam: book `points` for attending `activity`.

    Returns True when booked (the sign-up is then stamped `points_awarded_at`). Until the
    ledger exists nothing is booked and the points wait on the sign-up rows.
    """

    def __call__(
        self, uow: UnitOfWork, *, person_id: int, points: int, activity: Activity, now: datetime
    ) -> bool: ...


def no_ledger(
    uow: UnitOfWork, *, person_id: int, points: int, activity: Activity, now: datetime
) -> bool:
    return False


@dataclass(frozen=True)
class Roster:
    activity: Activity
    confirmed: list[tuple[Signup, Person]] = field(default_factory=list)
    waiting: list[tuple[Signup, Person]] = field(default_factory=list)
    attended: list[tuple[Signup, Person]] = field(default_factory=list)


def roster(uow: UnitOfWork, activity_id: int, scope_estate_id: int | None = None) -> Roster:
    """Who signed up, who waits, who came (for staff; names are not public)."""
    activity = find_activity(uow, activity_id, scope_estate_id)
    signups = list(uow.activities.signups(activity_id))
    people = uow.people.many([s.person_id for s in signups])

    def pick(*statuses: SignupStatus) -> list[tuple[Signup, Person]]:
        return [(s, people[s.person_id]) for s in signups if s.status in statuses]

    attended = [(s, people[s.person_id]) for s in signups if s.attended_at is not None]
    return Roster(activity, pick(SignupStatus.CONFIRMED), pick(SignupStatus.WAITING), attended)


@dataclass
class Attendance:
    marked: list[Person] = field(default_factory=list)  # newly marked present
    already: list[Person] = field(default_factory=list)
    walk_ins: list[Person] = field(default_factory=list)  # present without signing up
    # Walk-ins from another 小区 a secretary signed in: present, but not hers to credit.
    not_credited: list[Person] = field(default_factory=list)
    booked: int = 0  # how many got their points booked by the ledger


def mark_attendance(
    uow: UnitOfWork,
    activity_id: int,
    person_ids: Sequence[int],
    *,
    actor: str,
    now: datetime,
    award: PointsAwarder = no_ledger,
    scope_estate_id: int | None = None,
) -> Attendance:
    """签到: record who came; each is credited the activity's points once.

    A walk-in (not signed up) from another 小区 whom a secretary signs in is recorded as
    present without points: the ledger lets a secretary credit only her own residents.
    """
    activity = find_activity(uow, activity_id, scope_estate_id)
    if activity.cancelled:
        raise ActivityError(f"活动【{activity_id}】已取消，不能签到。")
    if now < activity.starts_at - timedelta(hours=2):
        raise ActivityError(f"活动【{activity_id}】还没开始，开始前两小时内才能签到。")
    uow.activities.lock(activity_id)
    people = uow.people.many(list(person_ids))
    result = Attendance()
    for person_id in dict.fromkeys(person_ids):
        person = people.get(person_id)
        if person is None:
            continue
        signup = uow.activities.signup(activity_id, person_id)
        if signup is not None and signup.attended_at is not None:
            result.already.append(person)
            continue
        if signup is None:
            signup = uow.activities.add_signup(
                Signup(
                    activity_id=activity_id,
                    person_id=person_id,
                    account="",
                    status=SignupStatus.WALK_IN,
                    created_at=now,
                )
            )
            result.walk_ins.append(person)
            if scope_estate_id is not None and person.estate_id not in (None, scope_estate_id):
                # Crediting a walk-in is the secretary's own award, and the points rules let
                # a secretary credit only her 小区's residents (加分 says the same).
                result.not_credited.append(person)
        result.marked.append(person)
        signup.attended_at = signup.updated_at = now
        if result.not_credited and result.not_credited[-1] is person:
            continue
        signup.points = activity.points
        if activity.points and award(
            uow, person_id=person_id, points=activity.points, activity=activity, now=now
        ):
            signup.points_awarded_at = now
            result.booked += 1
    names = "、".join(p.name for p in result.marked)
    audit(uow, actor, "activity.attendance", activity, now, names)
    return result


def not_credited_line(uow: UnitOfWork, person: Person) -> str:
    """Why a walk-in from another 小区 got no points, and who can credit them."""
    estate = uow.estates.get(person.estate_id) if person.estate_id is not None else None
    where = estate.name if estate is not None else "别的小区"
    return (
        f"{person.name}是{where}的居民，活动积分不在这里记："
        f"书记只能给本小区的居民记分，请{where}的支部书记或社区工作人员记。"
    )
