"""党群阵地@你: staff plan activities — create, change, cancel — and the groups that heard of
one get the announcement or the correction. Each function runs inside the caller's transaction.

The console and the chat's 新活动/修改活动/取消活动 call the same functions with the same
arguments. Residents' side: signups; attendance and points: attendance; the monthly preview and
reminders: jobs (all in this package).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.config import CommunityConfig
from bot.domain.activities import (
    DEFAULT_WAITLIST,
    Activity,
    ActivityError,
    ActivityStatus,
    Schedule,
    SignupStatus,
    Venue,
    check_kind,
    check_title,
    pick_venue,
    render_added,
    render_cancel,
    render_change,
    when_text,
)
from bot.domain.broadcasts import TargetError, parse_targets, resolve_groups
from bot.domain.community import Group
from bot.ports import UnitOfWork
from bot.services import outbox
from bot.services.activities.support import (
    audit,
    notified_groups,
    planned_activity,
    promote_waiting,
    require_id,
    tell_private_signups,
)
from bot.services.broadcasts import places


def schedule_from_config(config: CommunityConfig) -> Schedule:
    a = config.activities
    return Schedule(
        tz=ZoneInfo(config.community.timezone),
        preview_day=a.preview_day,
        preview_time=time.fromisoformat(a.preview_time),
        reminder_time=time.fromisoformat(a.reminder_time),
    )


def sync_venues(uow: UnitOfWork, config: CommunityConfig) -> None:
    """Make the venues table agree with the config's [[venues]] (idempotent, at start)."""
    for vc in config.venues:
        estate = uow.estates.by_key(vc.estate) if vc.estate else None
        venue = uow.activities.venue_by_key(vc.key) or uow.activities.add_venue(
            Venue(key=vc.key, name=vc.name)
        )
        venue.name, venue.address, venue.hours = vc.name, vc.address, vc.hours
        venue.estate_id = estate.id if estate else None


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
    venue = _venue(uow, data.venue, scope_estate_id)
    audience = _audience(uow, data.audience or venue_estate(uow, venue), scope_estate_id)
    activity = uow.activities.add(
        Activity(
            title=check_title(data.title),
            kind=check_kind(data.kind),
            venue_id=require_id(venue.id),
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
    audit(uow, actor, "activity.create", activity, now, activity.title)
    if now >= schedule.preview_moment(activity.starts_at):
        text = render_added(activity, venue, schedule.tz)
        for group in audience_groups(uow, activity):
            outbox.group_once(uow, group, text, f"act:{activity.id}:added:g{group.id}", now)
            uow.activities.add_notice(require_id(activity.id), require_id(group.id), now)
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
    activity = planned_activity(uow, activity_id, now, scope_estate_id)
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
        venue = _venue(uow, str(changes["venue"]), scope_estate_id)
        if venue.id != activity.venue_id:
            activity.venue_id = require_id(venue.id)
            said.append(f"地点改到{venue.label}")
    if "when" in changes:
        start, end = _span(changes["when"])
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
        assert waitlist is None or isinstance(waitlist, int)
        activity.waitlist = _waitlist(activity.capacity, waitlist)
    if "audience" in changes:
        activity.audience = _audience(uow, str(changes["audience"]), scope_estate_id)
    if "points" in changes:
        points = changes["points"]
        assert isinstance(points, int)
        activity.points = max(0, points)
    if "description" in changes:
        activity.description = str(changes["description"]).strip()[:200]
    activity.updated_at = now
    promote_waiting(uow, activity, now, tz)
    if said:
        activity.version += 1
        held_at = uow.activities.venue(activity.venue_id)
        text = render_change(activity, held_at, said, tz)
        groups = notified_groups(uow, activity)
        for group in groups:
            outbox.group_once(
                uow, group, text, f"act:{activity.id}:v{activity.version}:g{group.id}", now
            )
        tell_private_signups(uow, activity, text, f"v{activity.version}", now, groups)
    audit(uow, actor, "activity.edit", activity, now, "；".join(said) or "细节")
    return activity, said


def cancel(
    uow: UnitOfWork,
    activity_id: int,
    *,
    actor: str,
    reason: str,
    schedule: Schedule,
    now: datetime,
    scope_estate_id: int | None = None,
) -> Activity:
    """Cancel; every group that heard of it, and private sign-ups, hear it is off."""
    activity = planned_activity(uow, activity_id, now, scope_estate_id)
    uow.activities.lock(activity_id)
    activity.status = ActivityStatus.CANCELLED
    activity.cancelled_at = activity.updated_at = now
    activity.cancel_reason = reason.strip()[:100] or None
    activity.version += 1
    text = render_cancel(activity, schedule.tz)
    groups = notified_groups(uow, activity)
    for group in groups:
        outbox.group_once(uow, group, text, f"act:{activity.id}:cancel:g{group.id}", now)
    tell_private_signups(uow, activity, text, "cancel", now, groups)
    audit(uow, actor, "activity.cancel", activity, now, activity.cancel_reason or "")
    return activity


def audience_groups(uow: UnitOfWork, activity: Activity) -> list[Group]:
    return resolve_groups(activity.audience, places(uow))


def _reset_reminders(uow: UnitOfWork, activity: Activity) -> None:
    for signup in uow.activities.signups(require_id(activity.id), [SignupStatus.CONFIRMED]):
        signup.reminded_at = None


def _venue(uow: UnitOfWork, text: str, scope_estate_id: int | None = None) -> Venue:
    """The 党群阵地 named; a secretary holds activities only at her own 小区's (or a 社区-wide
    one): the venue's 小区 is who runs the activity (support.organiser)."""
    venue = pick_venue(text, list(uow.activities.venues()))
    if scope_estate_id is not None and venue.estate_id not in (None, scope_estate_id):
        raise ActivityError(f"「{venue.name}」不是本小区的党群阵地，请选本小区的活动地点。")
    return venue


def venue_estate(uow: UnitOfWork, venue: Venue) -> str:
    """The 小区 a 党群阵地 belongs to, as an audience ("" when it serves the whole 社区).

    An activity at 兰亭's 党群服务站 is for 兰亭's residents unless the form says otherwise
    (对象：全部): 锦绣 has its own 邻里中心, and its groups would only read noise.
    """
    if venue.estate_id is None:
        return ""
    estate = uow.estates.get(venue.estate_id)
    return estate.name if estate is not None else ""


def _audience(uow: UnitOfWork, targets: str, scope_estate_id: int | None) -> list[str]:
    try:
        tokens = parse_targets(targets or "全部", places(uow), scope_estate_id)
    except TargetError as exc:
        raise ActivityError(f"对象：{exc}") from None
    return tokens


def _span(value: object) -> tuple[datetime, datetime]:
    """The (start, end) a caller parsed from 时间：…; anything else is a caller's bug."""
    if isinstance(value, tuple) and len(value) == 2:
        start, end = value
        if isinstance(start, datetime) and isinstance(end, datetime):
            return start, end
    raise TypeError(f"when must be (start, end) datetimes, got {value!r}")


def _waitlist(capacity: int | None, waitlist: int | None) -> int:
    if capacity is None:
        return 0
    return DEFAULT_WAITLIST if waitlist is None else max(0, waitlist)
