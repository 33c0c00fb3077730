"""Residents and activities: see what is coming, sign up (or wait for a seat), withdraw."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain.activities import (
    Activity,
    Schedule,
    Signup,
    SignupStatus,
    Venue,
    seat_for,
    signup_refusal,
)
from bot.domain.community import Group
from bot.ports import UnitOfWork
from bot.services.activities.planning import audience_groups
from bot.services.activities.support import find_activity, promote_waiting


@dataclass(frozen=True)
class SignupResult:
    activity: Activity
    status: SignupStatus | None  # None: refused (see `refusal`)
    position: int = 0  # place on the waiting list
    already: bool = False
    refusal: str | None = None


def sign_up(
    uow: UnitOfWork,
    activity_id: int,
    person_id: int,
    *,
    account: str,
    group_id: int | None,
    now: datetime,
    estate_id: int | None = None,
) -> SignupResult:
    """Take a seat, or a place on the waiting list. Seats are counted under a lock on the
    activity's row, so two residents racing for the last seat cannot both get it.

    `estate_id` is the signer's 小区: an activity for another 小区 only is refused, the same
    way whether it was named by number, by title or in words (convofix10a)."""
    activity = find_activity(uow, activity_id)
    refusal = signup_refusal(activity, now) or other_estate(uow, activity, estate_id)
    if refusal:
        return SignupResult(activity, None, refusal=refusal)
    uow.activities.lock(activity_id)
    existing = uow.activities.signup(activity_id, person_id)
    if existing is not None and existing.active:
        return SignupResult(
            activity, existing.status, _position(uow, activity_id, existing), already=True
        )
    confirmed = uow.activities.count_signups(activity_id, SignupStatus.CONFIRMED)
    waiting = uow.activities.count_signups(activity_id, SignupStatus.WAITING)
    seat = seat_for(activity, confirmed, waiting)
    if seat is None:
        return SignupResult(
            activity, None, refusal=f"活动【{activity_id}】{activity.title}的名额和候补都满了。"
        )
    if existing is None:
        existing = uow.activities.add_signup(
            Signup(
                activity_id=activity_id,
                person_id=person_id,
                account=account,
                status=seat,
                created_at=now,
                group_id=group_id,
            )
        )
    else:  # signing up again after withdrawing (or after a walk-in record)
        existing.status, existing.account, existing.group_id = seat, account, group_id
        existing.created_at = existing.updated_at = now
        existing.reminded_at = None
    return SignupResult(activity, seat, _position(uow, activity_id, existing))


def other_estate(uow: UnitOfWork, activity: Activity, estate_id: int | None) -> str | None:
    """Why a resident of `estate_id` cannot sign up: the activity is for other 小区 only."""
    if estate_id is None:
        return None
    estates = {g.estate_id for g in audience_groups(uow, activity) if g.estate_id is not None}
    if not estates or estate_id in estates:
        return None
    names = "、".join(
        e.name for e in (uow.estates.get(i) for i in sorted(estates)) if e is not None
    )
    return (
        f"活动【{activity.id}】{activity.title}是{names}的活动，只接受{names}居民报名。"
        "发送「活动」看看本小区近期的活动。"
    )


def seats_left(uow: UnitOfWork, activity: Activity) -> tuple[int | None, int]:
    """Free seats (None: no limit) and free places on the waiting list."""
    activity_id = activity.id or 0
    confirmed = uow.activities.count_signups(activity_id, SignupStatus.CONFIRMED)
    waiting = uow.activities.count_signups(activity_id, SignupStatus.WAITING)
    seats = None if activity.capacity is None else max(activity.capacity - confirmed, 0)
    return seats, max(activity.waitlist - waiting, 0)


@dataclass(frozen=True)
class Withdrawal:
    activity: Activity
    was: SignupStatus | None  # None: was not signed up
    promoted: list[Signup] = field(default_factory=list)


def withdraw(
    uow: UnitOfWork, activity_id: int, person_id: int, *, schedule: Schedule, now: datetime
) -> Withdrawal:
    """取消报名: free the seat; the first on the waiting list moves up and is told."""
    activity = find_activity(uow, activity_id)
    uow.activities.lock(activity_id)
    signup = uow.activities.signup(activity_id, person_id)
    if signup is None or not signup.active:
        return Withdrawal(activity, None)
    was = signup.status
    signup.status, signup.updated_at = SignupStatus.CANCELLED, now
    promoted = promote_waiting(uow, activity, now, schedule.tz) if not activity.started(now) else []
    return Withdrawal(activity, was, promoted)


def invited(
    uow: UnitOfWork,
    activity: Activity,
    *,
    group: Group | None,
    estate_id: int | None,
    building_id: int | None = None,
) -> bool:
    """Whether this group (or, privately, a resident of this 小区 and 楼栋) is in the
    activity's audience; a sender whose 小区 (or 楼栋) is not known privately is not turned
    away. An activity for one 楼栋 only is that 楼栋's, privately as in the group (convofix11a:
    a 1号楼 resident took a seat of 3号楼's 议事会 by a private 「报名 1」)."""
    groups = audience_groups(uow, activity)
    if group is not None:
        return any(g.id == group.id for g in groups)
    if estate_id is None:
        return True
    ours = [g for g in groups if g.estate_id == estate_id]
    if not ours:
        return False
    if building_id is None or any(g.building_id is None for g in ours):
        return True
    return any(g.building_id == building_id for g in ours)


def invitation_refusal(
    uow: UnitOfWork,
    activity_id: int,
    *,
    group: Group | None,
    estate_id: int | None,
    building_id: int | None = None,
) -> str | None:
    """Why this sender may not sign up here (probe11: a 锦绣 resident took one of 兰亭's two
    seats by a private 「报名 1」), or None. The answer names who the activity is for."""
    activity = find_activity(uow, activity_id)
    if invited(uow, activity, group=group, estate_id=estate_id, building_id=building_id):
        return None
    whose = "、".join(audience_places(uow, activity))
    if not whose:
        return (
            f"活动【{activity_id}】{activity.title}不在您这里报名。"
            "发送「活动」看看您这里近期有什么。"
        )
    return (
        f"活动【{activity_id}】{activity.title}是{whose}的活动，只接受{whose}居民报名。"
        "发送「活动」看看您这里近期有什么。"
    )


def audience_places(uow: UnitOfWork, activity: Activity) -> list[str]:
    """Who an activity is for, in words: "兰亭小区3号楼", or "兰亭小区" when it has a group
    for the whole 小区 (a 业主群) or several of its 楼栋 are all invited alike."""
    places: dict[int, set[str] | None] = {}
    for g in audience_groups(uow, activity):
        if g.estate_id is None:
            continue
        if g.building_id is None:
            places[g.estate_id] = None  # the whole 小区
            continue
        building = uow.estates.building(g.building_id)
        if building is not None and places.get(g.estate_id, set()) is not None:
            places.setdefault(g.estate_id, set()).add(building.name)  # type: ignore[union-attr]
    names = []
    for estate_id, buildings in sorted(places.items()):
        estate = uow.estates.get(estate_id)
        if estate is None:
            continue
        if buildings is None:
            names.append(estate.name)
        else:
            names.extend(f"{estate.name}{b}" for b in sorted(buildings))
    return names


def upcoming(
    uow: UnitOfWork,
    now: datetime,
    *,
    group: Group | None,
    estate_id: int | None,
    days: int = 45,
    building_id: int | None = None,
) -> list[tuple[Activity, Venue | None]]:
    """Activities ahead that this group (or, privately, this 小区 and 楼栋) is invited to."""
    found = []
    for activity in uow.activities.between(now, now + timedelta(days=days)):
        if invited(uow, activity, group=group, estate_id=estate_id, building_id=building_id):
            found.append((activity, uow.activities.venue(activity.venue_id)))
    return found


def my_signups(uow: UnitOfWork, person_id: int, now: datetime) -> list[tuple[Signup, Activity]]:
    return [(s, a) for s, a in uow.activities.signups_of(person_id, now) if s.active]


def _position(uow: UnitOfWork, activity_id: int, signup: Signup) -> int:
    if signup.status is not SignupStatus.WAITING:
        return 0
    waiting = uow.activities.signups(activity_id, [SignupStatus.WAITING])
    return next((i for i, s in enumerate(waiting, start=1) if s.id == signup.id), len(waiting))
