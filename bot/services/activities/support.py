"""What the activity use cases share: finding an activity, telling residents about it
privately (each message once per key, at bulk priority unless it is personal news; groups are
posted to with outbox.group_once), moving people up from the waiting list, and the audit line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.activities import Activity, ActivityError, Signup, SignupStatus, when_text
from bot.domain.broadcasts import resolve_groups
from bot.domain.community import Group
from bot.domain.records import BULK
from bot.domain.staff import AuditEntry
from bot.ports import UnitOfWork
from bot.services import outbox
from bot.services.broadcasts import places


def in_scope(uow: UnitOfWork, activity: Activity, scope_estate_id: int | None) -> bool:
    """A 支部书记 (scope: her 小区) runs only the activities her 小区 organises; staff (no
    scope) run every one. The console and the chat commands both ask this.

    Being invited is not organising: an activity at 兰亭's 党群服务站 announced to 全部 reaches
    锦绣's groups, but 锦绣's secretary may not edit, cancel or sign people in to it, nor read
    its sign-up list (its names are 兰亭's business; the simpler rule of the two, see README).
    """
    return scope_estate_id is None or organiser(uow, activity) == scope_estate_id


def organiser(uow: UnitOfWork, activity: Activity) -> int | None:
    """The 小区 an activity belongs to: its 党群阵地's 小区; for a venue serving the whole
    社区, the one 小区 its audience reaches. None (staff only) when that is not one 小区."""
    venue = uow.activities.venue(activity.venue_id)
    if venue is not None and venue.estate_id is not None:
        return venue.estate_id
    estates = {
        g.estate_id
        for g in resolve_groups(activity.audience, places(uow))
        if g.estate_id is not None
    }
    return estates.pop() if len(estates) == 1 else None


def find_activity(
    uow: UnitOfWork, activity_id: int, scope_estate_id: int | None = None
) -> Activity:
    """The activity; one outside the asker's 小区 is "not found" too, so another 小区's
    secretary learns nothing of it (and cannot edit, cancel or sign people in to it)."""
    activity = uow.activities.get(activity_id)
    if activity is None or not in_scope(uow, activity, scope_estate_id):
        raise ActivityError(f"没有找到活动【{activity_id}】，请核对编号。")
    return activity


def planned_activity(
    uow: UnitOfWork, activity_id: int, now: datetime, scope_estate_id: int | None = None
) -> Activity:
    activity = find_activity(uow, activity_id, scope_estate_id)
    if activity.cancelled:
        raise ActivityError(f"活动【{activity_id}】已经取消了。")
    if activity.ends_at <= now:
        raise ActivityError(f"活动【{activity_id}】已经结束了。")
    return activity


def notified_groups(uow: UnitOfWork, activity: Activity) -> list[Group]:
    """The groups that were told about this activity: a correction goes exactly there."""
    groups = [uow.groups.get(gid) for gid in uow.activities.notice_groups(require_id(activity.id))]
    return [g for g in groups if g is not None and g.left_at is None]


def tell_private_signups(
    uow: UnitOfWork,
    activity: Activity,
    text: str,
    tag: str,
    now: datetime,
    told_groups: Sequence[Group] = (),
) -> None:
    """Everyone who signed up (or waits) hears of a change or a cancellation (convo4 F12):
    those who signed up privately, or in a group that did not get the correction (it never
    had the preview: they signed up from a list asked for there), directly."""
    seen = {g.id for g in told_groups}
    for signup in uow.activities.signups(
        require_id(activity.id), [SignupStatus.CONFIRMED, SignupStatus.WAITING]
    ):
        if signup.group_id not in seen and signup.account:
            key = f"act:{activity.id}:{tag}:p{signup.person_id}"
            post_private(uow, signup.account, signup.person_id, text, key, now)


def promote_waiting(
    uow: UnitOfWork, activity: Activity, now: datetime, tz: ZoneInfo
) -> list[Signup]:
    """Move people up from the waiting list while seats are free, and tell each of them."""
    promoted: list[Signup] = []
    activity_id = require_id(activity.id)
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
            outbox.group_once(uow, group, text, key, now, mentions=[signup.person_id], bulk=False)
        elif signup.account:
            post_private(uow, signup.account, signup.person_id, text, key, now, bulk=False)
    return promoted


def post_private(
    uow: UnitOfWork,
    account: str,
    person_id: int,
    text: str,
    key: str,
    now: datetime,
    *,
    bulk: bool = True,
) -> None:
    priority = BULK if bulk else 0
    outbox.private_once(uow, account, person_id, text, f"{account}:{key}", now, priority=priority)


def audit(
    uow: UnitOfWork, actor: str, action: str, activity: Activity, now: datetime, detail: str
) -> None:
    uow.staff.audit(
        AuditEntry(at=now, actor=actor, action=action, target=f"活动{activity.id}", detail=detail)
    )


def require_id(value: int | None) -> int:
    assert value is not None, "stored rows always have ids"
    return value
