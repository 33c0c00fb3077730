"""一月一示: each group's monthly 公示, the job that posts it once, and the preview.

Totals use the 楼栋 recorded on each ledger row, so a month's 公示 reads the same however
often it is computed, even after people move.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.community import Group, GroupKind
from bot.domain.points import month_bounds, month_of, previous_month
from bot.domain.publicity import (
    NO_BUILDING,
    BuildingTotal,
    Contributor,
    Notice,
    public_name,
    render,
)
from bot.domain.records import OutboxItem
from bot.ports import UnitOfWork
from bot.services.points_policy import PointsPolicy

CATCH_UP_DAYS = 3


def estate_notice(
    uow: UnitOfWork,
    policy: PointsPolicy,
    estate_id: int,
    month: str,
    tz: ZoneInfo,
    building_id: int | None = None,
) -> Notice:
    """The 公示 of one 小区 (or one 楼栋 in it) for one month."""
    estate = uow.estates.get(estate_id)
    assert estate is not None
    start, end = month_bounds(month, tz)
    labels = {b.id: b.name for b in uow.estates.buildings(estate_id)}
    person_points: dict[int, int] = defaultdict(int)
    person_building: dict[int, int | None] = {}
    for person_id, _estate, building, pts in uow.points.contributions(start, end, estate_id):
        person_points[person_id] += pts
        if building is not None or person_id not in person_building:
            person_building[person_id] = building
    wishes = uow.wishes.fulfilled_between(start, end, estate_id)
    wishes_by_building: dict[int | None, int] = defaultdict(int)
    for wish in wishes:
        wishes_by_building[wish.building_id] += 1

    totals: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    for pid, pts in person_points.items():
        totals[person_building[pid]][0] += pts
        totals[person_building[pid]][1] += 1
    buildings = [
        BuildingTotal(
            labels.get(bid, NO_BUILDING) if bid is not None else NO_BUILDING,
            totals[bid][0],
            totals[bid][1],
            wishes_by_building.get(bid, 0),
        )
        # Every 楼栋 of the 小区, even a quiet one; "未登记楼栋" only when it has anything.
        for bid in [*labels, None]
        if bid is not None or bid in totals or wishes_by_building.get(None)
    ]
    in_scope = [
        pid for pid in person_points if building_id is None or person_building[pid] == building_id
    ]
    ranked = sorted(
        (pid for pid in in_scope if person_points[pid] > 0),
        key=lambda pid: (-person_points[pid], pid),
    )[: policy.publicity_top]
    people = uow.people.many(ranked)
    top = [
        Contributor(
            public_name(people[pid], policy.public_name),
            labels.get(person_building[pid], "") if person_building[pid] else "",
            person_points[pid],
        )
        for pid in ranked
        if pid in people
    ]
    scope = labels.get(building_id, estate.name) if building_id is not None else estate.name
    return Notice(
        month=month,
        estate=estate.name,
        branch=estate.branch,
        scope=scope,
        top=top,
        buildings=buildings if building_id is None else [],
        wishes_fulfilled=(
            len(wishes) if building_id is None else wishes_by_building.get(building_id, 0)
        ),
        total=sum(person_points[pid] for pid in in_scope),
        branch_total=sum(person_points.values()),
    )


def group_notice(
    uow: UnitOfWork, policy: PointsPolicy, group: Group, month: str, tz: ZoneInfo
) -> Notice | None:
    """A 楼栋群 sees its 楼栋; a 业主群 or 党员群 sees the whole 小区."""
    if group.estate_id is None:
        return None
    building = group.building_id if group.kind is GroupKind.BUILDING else None
    return estate_notice(uow, policy, group.estate_id, month, tz, building)


def due_month(now: datetime, policy: PointsPolicy, tz: ZoneInfo) -> str | None:
    """The month whose 公示 is due at `now`: last month, from the 公示 day and hour on.

    A bot that was down on the day catches up for a few days; after that, a late 公示 of a
    month long gone would only confuse the groups (staff can still post it from the CLI).
    """
    local = now.astimezone(tz)
    if (local.day, local.time()) < (policy.publicity_day, policy.publicity_time):
        return None
    if local.day >= policy.publicity_day + CATCH_UP_DAYS:
        return None
    return previous_month(month_of(now, tz))


def post_monthly(
    uow: UnitOfWork,
    policy: PointsPolicy,
    account: str,
    now: datetime,
    tz: ZoneInfo,
    month: str | None = None,
) -> int:
    """Queue a month's 公示 (default: the one due now) in every bound group not yet given it.

    The publications table remembers each (group, month): a restart, a second tick or a
    second process finds the row and posts nothing (the unique key settles a race). A
    小区 with nothing to show (no points, no wishes) is stamped too, but stays quiet.
    """
    month = due_month(now, policy, tz) if month is None else month
    if month is None:
        return 0
    done = uow.points.published_groups(month)
    posted = 0
    for group in uow.groups.all(account):
        if group.id is None or group.id in done or not group.bound or group.left_at is not None:
            continue
        notice = group_notice(uow, policy, group, month, tz)
        if notice is None:
            continue
        uow.points.add_publication(group.id, month, now)
        if not notice.branch_total and not notice.top and not _any_wishes(notice):
            continue
        uow.outbox.add(
            OutboxItem(
                account=account,
                text=render(notice),
                created_at=now,
                key=f"{account}:publicity:{month}:{group.id}",
                group_id=group.id,
            )
        )
        posted += 1
    return posted


def _any_wishes(notice: Notice) -> bool:
    return notice.wishes_fulfilled > 0 or any(b.wishes for b in notice.buildings)
