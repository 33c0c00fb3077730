"""待确认 as staff see it: the list (a secretary sees only their 小区) and the decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.domain.community import Person
from bot.domain.review import ReviewItem, ReviewStatus
from bot.domain.sla import SlaPolicy
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.services.review import decide


@dataclass(frozen=True)
class ReviewRow:
    item: ReviewItem
    estate: str
    group: str
    sender: str
    case_code: str | None


def rows(
    uow: UnitOfWork,
    user: StaffUser,
    status: ReviewStatus | None = ReviewStatus.PENDING,
    estate_id: int | None = None,
    limit: int = 300,
    building: str | None = None,
    before_id: int | None = None,
) -> list[ReviewRow]:
    """Newest first, `limit` at a time (`before_id`: the page after the item with that id);
    `building` ("3") keeps the messages of that 楼栋 (its group's or named)."""
    scope = user.scope_estate if user.scope_estate is not None else estate_id
    items = list(
        uow.review.recent(
            estate_id=scope, status=status, limit=limit, before_id=before_id, building=building
        )
    )
    estates = {e.id: e.name for e in uow.estates.all()}
    # Only the groups on this page: a district has thousands.
    groups = {
        gid: g.topic
        for gid, g in uow.groups.many([i.group_id for i in items if i.group_id]).items()
    }
    people = uow.people.many(sorted({i.sender_id for i in items}))
    cases = uow.cases.many([i.case_id for i in items if i.case_id])
    return [
        ReviewRow(
            item=i,
            estate=estates.get(i.estate_id, ""),
            group=groups.get(i.group_id, "私聊") if i.group_id else "私聊",
            sender=_name(people.get(i.sender_id)),
            case_code=c.code if i.case_id and (c := cases.get(i.case_id)) else None,
        )
        for i in items
    ]


def count_pending(uow: UnitOfWork, user: StaffUser) -> int:
    return uow.review.count_pending(user.scope_estate)


def visible_item(uow: UnitOfWork, user: StaffUser, item_id: int) -> ReviewItem | None:
    """None for a missing item and for one outside the user's 小区 alike (no existence leak)."""
    item = uow.review.get(item_id)
    if item is None or not user.may_see_estate(item.estate_id):
        return None
    return item


def actor(user: StaffUser) -> decide.Actor:
    return decide.Actor(name=user.name, audit_as=user.username, person_id=user.person_id)


def setting(community: str, policy: SlaPolicy, merge_window_minutes: int) -> decide.Setting:
    return decide.Setting(
        community=community, policy=policy, merge_window=timedelta(minutes=merge_window_minutes)
    )


def original_text(uow: UnitOfWork, case_id: int, fallback: str) -> str:
    """The words a case came from, for a correction: the held message if it was one."""
    item = uow.review.for_case(case_id)
    return item.text if item is not None else fallback


def _name(person: Person | None) -> str:
    return person.name if person else ""
