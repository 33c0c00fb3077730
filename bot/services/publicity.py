"""一月一示: each group's monthly 公示, the job that posts it once, and the preview.

Totals use the 楼栋 recorded on each ledger row, so a month's 公示 reads the same however
often it is computed, even after people move.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.community import Estate, Group, GroupKind, Person
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
from bot.domain.wishes import Wish
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
    draft = _Draft(
        estate,
        labels,
        uow.points.contributions(start, end, estate_id),
        uow.wishes.fulfilled_between(start, end, estate_id),
        policy,
        building_id,
    )
    return draft.notice(month, uow.people.many(draft.ranked), policy)


def estate_notices(
    uow: UnitOfWork, policy: PointsPolicy, month: str, tz: ZoneInfo, estate_id: int | None = None
) -> list[Notice]:
    """The 公示 of every 小区 (or the one given) for one month, as estate_notice() makes each,
    from one read of the month's contributions, wishes and 楼栋 and one of the names shown."""
    start, end = month_bounds(month, tz)
    rows: dict[int | None, list[tuple[int, int | None, int | None, int]]] = defaultdict(list)
    for row in uow.points.contributions(start, end, estate_id):
        rows[row[1]].append(row)
    wishes: dict[int | None, list[Wish]] = defaultdict(list)
    for wish in uow.wishes.fulfilled_between(start, end, estate_id):
        wishes[wish.estate_id].append(wish)
    labels: dict[int, dict[int | None, str]] = defaultdict(dict)
    for b in uow.estates.buildings(estate_id):
        labels[b.estate_id][b.id] = b.name
    drafts = [
        _Draft(e, labels[e.id], rows[e.id], wishes[e.id], policy, None)
        for e in uow.estates.all()
        if e.id is not None and estate_id in (None, e.id)
    ]
    people = uow.people.many(sorted({pid for d in drafts for pid in d.ranked}))
    return [d.notice(month, people, policy) for d in drafts]


class _Draft:
    """A 公示 counted but for the names of those ranked (looked up together for many)."""

    def __init__(
        self,
        estate: Estate,
        labels: dict[int | None, str],
        contributions: Iterable[tuple[int, int | None, int | None, int]],
        wishes: Sequence[Wish],
        policy: PointsPolicy,
        building_id: int | None,
    ) -> None:
        self.estate, self.labels, self.building_id = estate, labels, building_id
        person_points: dict[int, int] = defaultdict(int)
        person_building: dict[int, int | None] = {}
        for person_id, _estate, building, pts in contributions:
            person_points[person_id] += pts
            if building is not None or person_id not in person_building:
                person_building[person_id] = building
        self.wishes = wishes
        wishes_by_building: dict[int | None, int] = defaultdict(int)
        for wish in wishes:
            wishes_by_building[wish.building_id] += 1
        totals: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
        for pid, pts in person_points.items():
            totals[person_building[pid]][0] += pts
            totals[person_building[pid]][1] += 1
        self.buildings = [
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
        self.wishes_by_building = wishes_by_building
        self.in_scope = [
            pid
            for pid in person_points
            if building_id is None or person_building[pid] == building_id
        ]
        self.ranked = sorted(
            (pid for pid in self.in_scope if person_points[pid] > 0),
            key=lambda pid: (-person_points[pid], pid),
        )[: policy.publicity_top]
        self.person_points, self.person_building = person_points, person_building

    def notice(self, month: str, people: Mapping[int, Person], policy: PointsPolicy) -> Notice:
        labels, building_id, estate = self.labels, self.building_id, self.estate
        top = [
            Contributor(
                public_name(people[pid], policy.public_name),
                labels.get(self.person_building[pid], "") if self.person_building[pid] else "",
                self.person_points[pid],
            )
            for pid in self.ranked
            if pid in people
        ]
        scope = labels.get(building_id, estate.name) if building_id is not None else estate.name
        return Notice(
            month=month,
            estate=estate.name,
            branch=estate.branch,
            scope=scope,
            top=top,
            buildings=self.buildings if building_id is None else [],
            wishes_fulfilled=(
                len(self.wishes)
                if building_id is None
                else self.wishes_by_building.get(building_id, 0)
            ),
            total=sum(self.person_points[pid] for pid in self.in_scope),
            branch_total=sum(self.person_points.values()),
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
