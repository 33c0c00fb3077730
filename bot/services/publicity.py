"""一月一示: each group's monthly 公示, the job that posts it once, and the preview.

Totals use the 楼栋 recorded on each ledger row, so a month's 公示 reads the same however
often it is computed, even after people move.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
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
from bot.domain.records import BULK, OutboxItem
from bot.domain.wishes import Wish
from bot.ports import Conflict, UnitOfWork, UnitOfWorkFactory
from bot.services.points_policy import PointsPolicy

CATCH_UP_DAYS = 3
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EstateFigures:
    """One 小区's month, read once: every group of the 小区 (a 楼栋群 or the whole 小区) is
    rendered from it without another query."""

    estate: Estate
    labels: dict[int, str]  # 楼栋 id → name, in the 小区's order
    person_points: dict[int, int]
    person_building: dict[int, int | None]
    wishes: int
    wishes_by_building: dict[int | None, int]
    people: Mapping[int, Person]  # everyone who makes some scope's top list


def estate_figures(
    uow: UnitOfWork, policy: PointsPolicy, estate_id: int, month: str, tz: ZoneInfo
) -> EstateFigures:
    """The month's figures of one 小区: four queries, whatever the number of its groups."""
    estate = uow.estates.get(estate_id)
    assert estate is not None
    start, end = month_bounds(month, tz)
    labels = {b.id: b.name for b in uow.estates.buildings(estate_id) if b.id is not None}
    figures = _count(
        estate,
        labels,
        uow.points_reports.contributions(start, end, estate_id),
        uow.wishes.fulfilled_between(start, end, estate_id),
    )
    return replace(figures, people=uow.people.many(sorted(_shown(figures, policy))))


def estate_notices(
    uow: UnitOfWork, policy: PointsPolicy, month: str, tz: ZoneInfo, estate_id: int | None = None
) -> list[Notice]:
    """The 公示 of every 小区 (or the one given) for one month, as estate_notice() makes each,
    from one read of the month's contributions, wishes and 楼栋 and one of the names shown (a
    district's export, not 120 小区 × four queries)."""
    start, end = month_bounds(month, tz)
    rows: dict[int | None, list[tuple[int, int | None, int | None, int]]] = defaultdict(list)
    for row in uow.points_reports.contributions(start, end, estate_id):
        rows[row[1]].append(row)
    wishes: dict[int | None, list[Wish]] = defaultdict(list)
    for wish in uow.wishes.fulfilled_between(start, end, estate_id):
        wishes[wish.estate_id].append(wish)
    labels: dict[int, dict[int, str]] = defaultdict(dict)
    for b in uow.estates.buildings(estate_id):
        if b.id is not None:
            labels[b.estate_id][b.id] = b.name
    counted = [
        _count(e, labels[e.id], rows[e.id], wishes[e.id])
        for e in uow.estates.all()
        if e.id is not None and estate_id in (None, e.id)
    ]
    people = uow.people.many(sorted({pid for f in counted for pid in _shown(f, policy)}))
    return [scoped_notice(replace(f, people=people), policy, month) for f in counted]


def _count(
    estate: Estate,
    labels: dict[int, str],
    contributions: Iterable[tuple[int, int | None, int | None, int]],
    wishes: Sequence[Wish],
) -> EstateFigures:
    """A 小区's figures from rows already read (the names of those shown still to look up)."""
    person_points: dict[int, int] = defaultdict(int)
    person_building: dict[int, int | None] = {}
    for person_id, _estate, building, pts in contributions:
        person_points[person_id] += pts
        if building is not None or person_id not in person_building:
            person_building[person_id] = building
    wishes_by_building: dict[int | None, int] = defaultdict(int)
    for wish in wishes:
        wishes_by_building[wish.building_id] += 1
    return EstateFigures(
        estate=estate,
        labels=labels,
        person_points=dict(person_points),
        person_building=person_building,
        wishes=len(wishes),
        wishes_by_building=dict(wishes_by_building),
        people={},
    )


def _shown(figures: EstateFigures, policy: PointsPolicy) -> set[int]:
    """Everyone who makes the top list of the 小区 or of one of its 楼栋."""
    shown: set[int] = set()
    for scope in [None, *figures.labels]:
        shown.update(_ranked(figures.person_points, figures.person_building, policy, scope))
    return shown


def _in_scope(
    person_points: dict[int, int],
    person_building: dict[int, int | None],
    building_id: int | None,
) -> list[int]:
    return [
        pid for pid in person_points if building_id is None or person_building[pid] == building_id
    ]


def _ranked(
    person_points: dict[int, int],
    person_building: dict[int, int | None],
    policy: PointsPolicy,
    building_id: int | None,
) -> list[int]:
    in_scope = _in_scope(person_points, person_building, building_id)
    return sorted(
        (pid for pid in in_scope if person_points[pid] > 0),
        key=lambda pid: (-person_points[pid], pid),
    )[: policy.publicity_top]


def scoped_notice(
    figures: EstateFigures, policy: PointsPolicy, month: str, building_id: int | None = None
) -> Notice:
    """The 公示 of the 小区 (or one 楼栋 in it), from figures already read: no query."""
    f = figures
    labels = f.labels
    totals: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    for pid, pts in f.person_points.items():
        totals[f.person_building[pid]][0] += pts
        totals[f.person_building[pid]][1] += 1
    buildings = [
        BuildingTotal(
            labels.get(bid, NO_BUILDING) if bid is not None else NO_BUILDING,
            totals[bid][0],
            totals[bid][1],
            f.wishes_by_building.get(bid, 0),
        )
        # Every 楼栋 of the 小区, even a quiet one; "未登记楼栋" only when it has anything.
        for bid in [*labels, None]
        if bid is not None or bid in totals or f.wishes_by_building.get(None)
    ]
    in_scope = _in_scope(f.person_points, f.person_building, building_id)
    ranked = _ranked(f.person_points, f.person_building, policy, building_id)
    top = [
        Contributor(
            public_name(f.people[pid], policy.public_name),
            labels.get(building, "") if (building := f.person_building[pid]) else "",
            f.person_points[pid],
        )
        for pid in ranked
        if pid in f.people
    ]
    estate = f.estate
    scope = labels.get(building_id, estate.name) if building_id is not None else estate.name
    return Notice(
        month=month,
        estate=estate.name,
        branch=estate.branch,
        scope=scope,
        top=top,
        buildings=buildings if building_id is None else [],
        wishes_fulfilled=(
            f.wishes if building_id is None else f.wishes_by_building.get(building_id, 0)
        ),
        total=sum(f.person_points[pid] for pid in in_scope),
        branch_total=sum(f.person_points.values()),
    )


def estate_notice(
    uow: UnitOfWork,
    policy: PointsPolicy,
    estate_id: int,
    month: str,
    tz: ZoneInfo,
    building_id: int | None = None,
) -> Notice:
    """The 公示 of one 小区 (or one 楼栋 in it) for one month."""
    return scoped_notice(
        estate_figures(uow, policy, estate_id, month, tz), policy, month, building_id
    )


def group_notice(
    uow: UnitOfWork, policy: PointsPolicy, group: Group, month: str, tz: ZoneInfo
) -> Notice | None:
    """A 楼栋群 sees its 楼栋; a 业主群 or 党员群 sees the whole 小区."""
    if group.estate_id is None:
        return None
    return estate_notice(uow, policy, group.estate_id, month, tz, _scope(group))


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


def _scope(group: Group) -> int | None:
    """A 楼栋群 sees its 楼栋; a 业主群 or 党员群 sees the whole 小区."""
    return group.building_id if group.kind is GroupKind.BUILDING else None


# Groups written per transaction, and per call of the job: at district size (an account in
# ~300 groups) one call posts a few batches and returns, so the core's thread is never held
# for long; the next tick carries on where this one stopped.
BATCH = 50
PER_CALL = 200
RETRIES = 2


def post_monthly(
    uow_factory: UnitOfWorkFactory,
    policy: PointsPolicy,
    account: str,
    now: datetime,
    tz: ZoneInfo,
    month: str | None = None,
    *,
    batch: int = BATCH,
    per_call: int = PER_CALL,
) -> int:
    """Queue a month's 公示 (default: the one due now) in the account's bound groups not yet
    given it; returns how many were queued.

    Each 小区's figures are read once (EstateFigures), then the groups are written in
    batches, one transaction each: a batch's publication rows and its outbox rows commit
    together, so a crash loses at most the batch under way, and the next call (a later tick,
    a restart) finds which groups still have no row and carries on. Two processes taking
    the same batch at once: the group rows are claimed FOR UPDATE SKIP LOCKED (PostgreSQL),
    and the (group, month) unique key settles any race left (the loser's batch keeps nothing
    and is read again). A 小区 with nothing to show is stamped too, but stays quiet.
    """
    month = due_month(now, policy, tz) if month is None else month
    if month is None:
        return 0
    with uow_factory() as uow:
        todo = list(uow.publications.unpublished_groups(account, month, per_call))
        if not todo:
            return 0
        figures = {
            estate_id: estate_figures(uow, policy, estate_id, month, tz)
            for estate_id in sorted({g.estate_id for g in todo if g.estate_id is not None})
        }
    posted = 0
    for first in range(0, len(todo), batch):
        chunk = todo[first : first + batch]
        for attempt in range(RETRIES + 1):
            try:
                posted += _post_batch(uow_factory, figures, policy, account, month, now, chunk)
                break
            except Conflict:
                # Another process posted some of these groups first: read the batch again
                # (what it did is committed and will be skipped), or leave it to next tick.
                if attempt == RETRIES:
                    log.info("公示 %s: a batch lost %d races; next tick", month, RETRIES + 1)
    return posted


def _post_batch(
    uow_factory: UnitOfWorkFactory,
    figures: dict[int, EstateFigures],
    policy: PointsPolicy,
    account: str,
    month: str,
    now: datetime,
    chunk: list[Group],
) -> int:
    with uow_factory() as uow:
        mine = uow.publications.claim_unpublished([g.id for g in chunk if g.id is not None], month)
        groups = [g for g in chunk if g.id in mine]
        if not groups:
            return 0
        uow.publications.add_publications([g.id for g in groups if g.id is not None], month, now)
        queued: list[OutboxItem] = []
        for group in groups:
            assert group.id is not None and group.estate_id is not None
            notice = scoped_notice(figures[group.estate_id], policy, month, _scope(group))
            if not notice.branch_total and not notice.top and not _any_wishes(notice):
                continue
            queued.append(
                OutboxItem(
                    account=account,
                    text=render(notice),
                    created_at=now,
                    key=f"{account}:publicity:{month}:{group.id}",
                    group_id=group.id,
                    priority=BULK,  # behind replies, and under the daily limit's hold
                )
            )
        uow.outbox.add_rows(queued)
        uow.commit()
        return len(queued)


def _any_wishes(notice: Notice) -> bool:
    return notice.wishes_fulfilled > 0 or any(b.wishes for b in notice.buildings)
