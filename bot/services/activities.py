"""党群阵地@你 use cases: plan activities, post previews and corrections, take sign-ups,
remind, record attendance. Each function runs inside the caller's transaction.

The console (a later issue) calls `create`, `edit`, `cancel`, `roster` and `mark_attendance`
with the same arguments the chat handlers use. Points for attending are recorded on the
sign-up (`Signup.points`); booking them in the points ledger is the `award` hook's job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.config import CommunityConfig
from bot.domain.activities import (
    DEFAULT_WAITLIST,
    Activity,
    ActivityError,
    ActivityStatus,
    Schedule,
    Signup,
    SignupStatus,
    Venue,
    check_kind,
    check_title,
    month_bounds,
    month_key,
    pick_venue,
    preview_month,
    reminder_moment,
    render_added,
    render_cancel,
    render_change,
    render_preview,
    render_reminder,
    seat_for,
    signup_refusal,
    when_text,
)
from bot.domain.broadcasts import TargetError, parse_targets, resolve_groups
from bot.domain.community import Group, Person
from bot.domain.records import BULK, OutboxItem
from bot.domain.staff import AuditEntry
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.services.broadcasts import places


def schedule_from_config(config: CommunityConfig) -> Schedule:
    a = config.activities
    return Schedule(
        tz=ZoneInfo(config.community.timezone),
        preview_day=a.preview_day,
        preview_time=time.fromisoformat(a.preview_time),
        reminder_time=time.fromisoformat(a.reminder_time),
    )


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


def sync_venues(uow: UnitOfWork, config: CommunityConfig) -> None:
    """Make the venues table agree with the config's [[venues]] (idempotent, at start)."""
    for vc in config.venues:
        estate = uow.estates.by_key(vc.estate) if vc.estate else None
        venue = uow.activities.venue_by_key(vc.key) or uow.activities.add_venue(
            Venue(key=vc.key, name=vc.name)
        )
        venue.name, venue.address, venue.hours = vc.name, vc.address, vc.hours
        venue.estate_id = estate.id if estate else None


# ---- staff: plan, change, cancel --------------------------------------------------------


@dataclass(frozen=True)
class ActivityInput:
    """What staff fill in (console form or the chat form 新活动)."""

    title: str
    starts_at: datetime
    ends_at: datetime
    venue: str  # a venue's key or name
    kind: str = "其他"
    capacity: int | None = None
    waitlist: int | None = None  # default: DEFAULT_WAITLIST when there is a capacity
    audience: str = "全部"  # targets, as in broadcasts: 全部, 兰亭小区, 3号楼 …
    points: int = 0
    description: str = ""


def create(
    uow: UnitOfWork,
    data: ActivityInput,
    *,
    actor: str,
    schedule: Schedule,
    now: datetime,
    scope_estate_id: int | None = None,
) -> Activity:
    """Add an activity. If its month's preview already went out, announce it at once."""
    if data.starts_at <= now:
        raise ActivityError("活动时间已经过去了，请检查日期。")
    venue = _venue(uow, data.venue)
    audience = _audience(uow, data.audience, scope_estate_id)
    activity = uow.activities.add(
        Activity(
            title=check_title(data.title),
            kind=check_kind(data.kind),
            venue_id=_id(venue.id),
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            created_at=now,
            capacity=data.capacity,
            waitlist=_waitlist(data.capacity, data.waitlist),
            audience=audience,
            points=max(0, data.points),
            description=data.description.strip()[:200],
            created_by=actor,
        )
    )
    _audit(uow, actor, "activity.create", activity, now, activity.title)
    if now >= schedule.preview_moment(activity.starts_at):
        text = render_added(activity, venue, schedule.tz)
        for group in audience_groups(uow, activity):
            _post(uow, group, text, f"act:{activity.id}:added:g{group.id}", now)
            uow.activities.add_notice(_id(activity.id), _id(group.id), now)
    return activity


EDITABLE = (
    "title",
    "kind",
    "venue",
    "when",
    "capacity",
    "waitlist",
    "audience",
    "points",
    "description",
)


def edit(
    uow: UnitOfWork,
    activity_id: int,
    changes: dict[str, object],
    *,
    actor: str,
    schedule: Schedule,
    now: datetime,
    scope_estate_id: int | None = None,
) -> tuple[Activity, list[str]]:
    """Change an activity; groups that heard of it get a correction. Returns what changed.

    `changes` keys: title, kind, venue (key or name), when ((start, end)), capacity,
    waitlist, audience (targets text), points, description.
    """
    activity = _planned(uow, activity_id, now)
    uow.activities.lock(activity_id)
    tz = schedule.tz
    said: list[str] = []
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ActivityError(f"不能修改：{'、'.join(sorted(unknown))}")
    if "title" in changes:
        title = check_title(str(changes["title"]))
        if title != activity.title:
            said.append(f"名称改为「{title}」")
            activity.title = title
    if "kind" in changes:
        activity.kind = check_kind(str(changes["kind"]))
    if "venue" in changes:
        venue = _venue(uow, str(changes["venue"]))
        if venue.id != activity.venue_id:
            activity.venue_id = _id(venue.id)
            said.append(f"地点改到{venue.label}")
    if "when" in changes:
        start, end = changes["when"]  # type: ignore[misc]
        if start <= now:
            raise ActivityError("新的活动时间已经过去了，请检查日期。")
        if (start, end) != (activity.starts_at, activity.ends_at):
            before = when_text(activity, tz)
            activity.starts_at, activity.ends_at = start, end
            said.append(f"时间由{before}改为{when_text(activity, tz)}")
            _reset_reminders(uow, activity)
    if "capacity" in changes:
        capacity = changes["capacity"]
        assert capacity is None or isinstance(capacity, int)
        if capacity != activity.capacity:
            said.append("名额不限" if capacity is None else f"名额改为{capacity}人")
            activity.capacity = capacity
    if "waitlist" in changes:
        waitlist = changes["waitlist"]
        activity.waitlist = _waitlist(activity.capacity, waitlist)  # type: ignore[arg-type]
    if "audience" in changes:
        activity.audience = _audience(uow, str(changes["audience"]), scope_estate_id)
    if "points" in changes:
        activity.points = max(0, int(changes["points"]))  # type: ignore[call-overload]
    if "description" in changes:
        activity.description = str(changes["description"]).strip()[:200]
    activity.updated_at = now
    _promote(uow, activity, now, tz)
    if said:
        activity.version += 1
        venue = uow.activities.venue(activity.venue_id)
        text = render_change(activity, venue, said, tz)
        for group in _notified_groups(uow, activity):
            _post(uow, group, text, f"act:{activity.id}:v{activity.version}:g{group.id}", now)
        _tell_private_signups(uow, activity, text, f"v{activity.version}", now)
    _audit(uow, actor, "activity.edit", activity, now, "；".join(said) or "细节")
    return activity, said


def cancel(
    uow: UnitOfWork,
    activity_id: int,
    *,
    actor: str,
    reason: str,
    schedule: Schedule,
    now: datetime,
) -> Activity:
    """Cancel; every group that heard of it, and private sign-ups, hear it is off."""
    activity = _planned(uow, activity_id, now)
    uow.activities.lock(activity_id)
    activity.status = ActivityStatus.CANCELLED
    activity.cancelled_at = activity.updated_at = now
    activity.cancel_reason = reason.strip()[:100] or None
    activity.version += 1
    text = render_cancel(activity, schedule.tz)
    for group in _notified_groups(uow, activity):
        _post(uow, group, text, f"act:{activity.id}:cancel:g{group.id}", now)
    _tell_private_signups(uow, activity, text, "cancel", now)
    _audit(uow, actor, "activity.cancel", activity, now, activity.cancel_reason or "")
    return activity


@dataclass(frozen=True)
class Roster:
    activity: Activity
    confirmed: list[tuple[Signup, Person]] = field(default_factory=list)
    waiting: list[tuple[Signup, Person]] = field(default_factory=list)
    attended: list[tuple[Signup, Person]] = field(default_factory=list)


def roster(uow: UnitOfWork, activity_id: int) -> Roster:
    """Who signed up, who waits, who came (for staff; names are not public)."""
    activity = _get(uow, activity_id)
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
    booked: int = 0  # how many got their points booked by the ledger


def mark_attendance(
    uow: UnitOfWork,
    activity_id: int,
    person_ids: Sequence[int],
    *,
    actor: str,
    now: datetime,
    award: PointsAwarder = no_ledger,
) -> Attendance:
    """签到: record who came; each is credited the activity's points once."""
    activity = _get(uow, activity_id)
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
        result.marked.append(person)
        signup.attended_at = signup.updated_at = now
        signup.points = activity.points
        if activity.points and award(
            uow, person_id=person_id, points=activity.points, activity=activity, now=now
        ):
            signup.points_awarded_at = now
            result.booked += 1
    names = "、".join(p.name for p in result.marked)
    _audit(uow, actor, "activity.attendance", activity, now, names)
    return result


# ---- residents: sign up and withdraw ----------------------------------------------------


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
) -> SignupResult:
    """Take a seat, or a place on the waiting list. Seats are counted under a lock on the
    activity's row, so two residents racing for the last seat cannot both get it."""
    activity = _get(uow, activity_id)
    refusal = signup_refusal(activity, now)
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


@dataclass(frozen=True)
class Withdrawal:
    activity: Activity
    was: SignupStatus | None  # None: was not signed up
    promoted: list[Signup] = field(default_factory=list)


def withdraw(
    uow: UnitOfWork, activity_id: int, person_id: int, *, schedule: Schedule, now: datetime
) -> Withdrawal:
    """取消报名: free the seat; the first on the waiting list moves up and is told."""
    activity = _get(uow, activity_id)
    uow.activities.lock(activity_id)
    signup = uow.activities.signup(activity_id, person_id)
    if signup is None or not signup.active:
        return Withdrawal(activity, None)
    was = signup.status
    signup.status, signup.updated_at = SignupStatus.CANCELLED, now
    promoted = _promote(uow, activity, now, schedule.tz) if not activity.started(now) else []
    return Withdrawal(activity, was, promoted)


def upcoming(
    uow: UnitOfWork, now: datetime, *, group: Group | None, estate_id: int | None, days: int = 45
) -> list[tuple[Activity, Venue | None]]:
    """Activities ahead that this group (or, privately, this 小区) is invited to."""
    found = []
    for activity in uow.activities.between(now, now + timedelta(days=days)):
        groups = audience_groups(uow, activity)
        if group is not None:
            invited = any(g.id == group.id for g in groups)
        else:
            invited = estate_id is None or any(g.estate_id == estate_id for g in groups)
        if invited:
            found.append((activity, uow.activities.venue(activity.venue_id)))
    return found


def my_signups(uow: UnitOfWork, person_id: int, now: datetime) -> list[tuple[Signup, Activity]]:
    return [(s, a) for s, a in uow.activities.signups_of(person_id, now) if s.active]


# ---- periodic jobs ----------------------------------------------------------------------


def post_previews(uow: UnitOfWork, account: str, now: datetime, schedule: Schedule) -> int:
    """On the preview day: "党群阵地@你 · 12月活动预告" to each audience group, once a month.

    Returns how many groups got it. Recorded per group and month, so a restart, a second
    tick or a late start never posts it twice.
    """
    try:
        year, month = preview_month(now, schedule.tz, schedule.preview_day, schedule.preview_time)
    except LookupError:
        return 0
    start, end = month_bounds(year, month, schedule.tz)
    activities = [a for a in uow.activities.between(start, end) if a.starts_at > now]
    if not activities:
        return 0
    where = places(uow)
    per_group: dict[int, list[Activity]] = {}
    groups: dict[int, Group] = {}
    for activity in activities:
        for group in resolve_groups(activity.audience, where):
            if group.account == account and group.id is not None:
                per_group.setdefault(group.id, []).append(activity)
                groups[group.id] = group
    key = month_key(year, month)
    done = uow.activities.previewed(key, list(per_group))
    posted = 0
    for group_id, items in per_group.items():
        if group_id in done:
            continue
        venues = [(a, uow.activities.venue(a.venue_id)) for a in items]
        text = render_preview(year, month, venues, schedule.tz)
        _post(uow, groups[group_id], text, f"act-preview:{key}:g{group_id}", now)
        uow.activities.add_preview(group_id, key, now)
        for activity in items:
            uow.activities.add_notice(_id(activity.id), group_id, now)
        posted += 1
    return posted


def send_reminders(uow: UnitOfWork, account: str, now: datetime, schedule: Schedule) -> int:
    """The day before: one message per group, @-ing everyone signed up from it (or privately).

    Returns how many residents were reminded.
    """
    reminded = 0
    for activity in uow.activities.between(now, now + timedelta(days=2)):
        moment = reminder_moment(activity, schedule.tz, schedule.reminder_time)
        if not moment <= now < activity.starts_at:
            continue
        due = [
            s
            for s in uow.activities.signups(_id(activity.id), [SignupStatus.CONFIRMED])
            if s.reminded_at is None and s.account == account and s.created_at < moment
        ]
        if not due:
            continue
        venue = uow.activities.venue(activity.venue_id)
        text = render_reminder(activity, venue, schedule.tz)
        by_group: dict[int | None, list[Signup]] = {}
        for signup in due:
            by_group.setdefault(signup.group_id, []).append(signup)
        for group_id, signups in by_group.items():
            group = uow.groups.get(group_id) if group_id is not None else None
            if group is not None and group.left_at is None:
                _post(
                    uow,
                    group,
                    text,
                    f"act:{activity.id}:remind:v{activity.version}:g{group_id}",
                    now,
                    mentions=[s.person_id for s in signups],
                )
            else:  # signed up privately, or the group is gone: remind privately
                for s in signups:
                    key = f"act:{activity.id}:remind:v{activity.version}:p{s.person_id}"
                    _post_private(uow, account, s.person_id, text, key, now)
        for signup in due:
            signup.reminded_at = now
            reminded += 1
    return reminded


# ---- internals --------------------------------------------------------------------------


def audience_groups(uow: UnitOfWork, activity: Activity) -> list[Group]:
    return resolve_groups(activity.audience, places(uow))


def _notified_groups(uow: UnitOfWork, activity: Activity) -> list[Group]:
    """The groups that were told about this activity: a correction goes exactly there."""
    groups = [uow.groups.get(gid) for gid in uow.activities.notice_groups(_id(activity.id))]
    return [g for g in groups if g is not None and g.left_at is None]


def _tell_private_signups(
    uow: UnitOfWork, activity: Activity, text: str, tag: str, now: datetime
) -> None:
    """Residents who signed up privately never saw the group post: tell them directly."""
    for signup in uow.activities.signups(
        _id(activity.id), [SignupStatus.CONFIRMED, SignupStatus.WAITING]
    ):
        if signup.group_id is None and signup.account:
            key = f"act:{activity.id}:{tag}:p{signup.person_id}"
            _post_private(uow, signup.account, signup.person_id, text, key, now)


def _promote(uow: UnitOfWork, activity: Activity, now: datetime, tz: ZoneInfo) -> list[Signup]:
    """Move people up from the waiting list while seats are free, and tell each of them."""
    promoted: list[Signup] = []
    activity_id = _id(activity.id)
    confirmed = uow.activities.count_signups(activity_id, SignupStatus.CONFIRMED)
    waiting = list(uow.activities.signups(activity_id, [SignupStatus.WAITING]))
    while waiting and (activity.capacity is None or confirmed < activity.capacity):
        signup = waiting.pop(0)
        signup.status, signup.updated_at = SignupStatus.CONFIRMED, now
        confirmed += 1
        promoted.append(signup)
        text = (
            f"好消息：有邻居取消了报名，您已从候补转为正式报名活动【{activity.id}】"
            f"{activity.title}（{when_text(activity, tz)}）。"
            f"去不了请回复「取消报名 {activity.id}」。"
        )
        key = f"act:{activity.id}:promoted:{signup.id}:{now.isoformat()}"
        group = uow.groups.get(signup.group_id) if signup.group_id is not None else None
        if group is not None and group.left_at is None:
            _post(uow, group, text, key, now, mentions=[signup.person_id], bulk=False)
        elif signup.account:
            _post_private(uow, signup.account, signup.person_id, text, key, now, bulk=False)
    return promoted


def _position(uow: UnitOfWork, activity_id: int, signup: Signup) -> int:
    if signup.status is not SignupStatus.WAITING:
        return 0
    waiting = uow.activities.signups(activity_id, [SignupStatus.WAITING])
    return next((i for i, s in enumerate(waiting, start=1) if s.id == signup.id), len(waiting))


def _reset_reminders(uow: UnitOfWork, activity: Activity) -> None:
    for signup in uow.activities.signups(_id(activity.id), [SignupStatus.CONFIRMED]):
        signup.reminded_at = None


def _post(
    uow: UnitOfWork,
    group: Group,
    text: str,
    key: str,
    now: datetime,
    *,
    mentions: Sequence[int] = (),
    bulk: bool = True,
) -> None:
    full_key = f"{group.account}:{key}"
    if uow.outbox.has_key(full_key):
        return
    uow.outbox.add(
        OutboxItem(
            account=group.account,
            text=text,
            created_at=now,
            key=full_key,
            group_id=group.id,
            mention_ids=list(mentions),
            priority=BULK if bulk else 0,
        )
    )


def _post_private(
    uow: UnitOfWork,
    account: str,
    person_id: int,
    text: str,
    key: str,
    now: datetime,
    *,
    bulk: bool = True,
) -> None:
    full_key = f"{account}:{key}"
    if uow.outbox.has_key(full_key):
        return
    uow.outbox.add(
        OutboxItem(
            account=account,
            text=text,
            created_at=now,
            key=full_key,
            person_id=person_id,
            priority=BULK if bulk else 0,
        )
    )


def _venue(uow: UnitOfWork, text: str) -> Venue:
    return pick_venue(text, list(uow.activities.venues()))


def _audience(uow: UnitOfWork, targets: str, scope_estate_id: int | None) -> list[str]:
    try:
        tokens = parse_targets(targets or "全部", places(uow), scope_estate_id)
    except TargetError as exc:
        raise ActivityError(f"对象：{exc}") from None
    return tokens


def _waitlist(capacity: int | None, waitlist: int | None) -> int:
    if capacity is None:
        return 0
    return DEFAULT_WAITLIST if waitlist is None else max(0, waitlist)


def _get(uow: UnitOfWork, activity_id: int) -> Activity:
    activity = uow.activities.get(activity_id)
    if activity is None:
        raise ActivityError(f"没有找到活动【{activity_id}】，请核对编号。")
    return activity


def _planned(uow: UnitOfWork, activity_id: int, now: datetime) -> Activity:
    activity = _get(uow, activity_id)
    if activity.cancelled:
        raise ActivityError(f"活动【{activity_id}】已经取消了。")
    if activity.ends_at <= now:
        raise ActivityError(f"活动【{activity_id}】已经结束了。")
    return activity


def _audit(
    uow: UnitOfWork, actor: str, action: str, activity: Activity, now: datetime, detail: str
) -> None:
    uow.staff.audit(
        AuditEntry(at=now, actor=actor, action=action, target=f"活动{activity.id}", detail=detail)
    )


def _id(value: int | None) -> int:
    assert value is not None, "stored rows always have ids"
    return value


def make_jobs(
    uow_factory: UnitOfWorkFactory, account: str, schedule: Schedule
) -> list[Callable[[datetime], int]]:
    """The periodic jobs for runtime.jobs: the monthly preview and the day-before reminders."""

    def previews(now: datetime) -> int:
        with uow_factory() as uow:
            posted = post_previews(uow, account, now, schedule)
            uow.commit()
            return posted

    def reminders(now: datetime) -> int:
        with uow_factory() as uow:
            reminded = send_reminders(uow, account, now, schedule)
            uow.commit()
            return reminded

    return [previews, reminders]
