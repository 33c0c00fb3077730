"""How 说事议事 reaches people: the groups of a topic's level (posted to with
outbox.group_once) and private notes, each queued once per key (a retried form or a second
tick cannot send twice), plus the audit line."""

from __future__ import annotations

from datetime import datetime

from bot.domain.community import Group, GroupKind, Person
from bot.domain.deliberation.topics import Level, Topic
from bot.domain.staff import AuditEntry
from bot.ports import UnitOfWork
from bot.services import outbox


def topic_groups(uow: UnitOfWork, topic: Topic) -> list[Group]:
    """The residents' groups of a topic's level: its 楼栋's groups for 邻里/楼栋 matters, every
    residents' group of the 小区 for 小区/社区 ones. Never the 党员群. Whichever account owns
    each: a post goes through its group's own account."""
    groups = [
        g
        for g in uow.groups.all()
        if g.estate_id == topic.estate_id and g.left_at is None and g.kind is not GroupKind.PARTY
    ]
    if topic.level.rank <= Level.BUILDING.rank and topic.building_id is not None:
        mine = [g for g in groups if g.building_id == topic.building_id]
        if mine:
            return mine
    return groups


def tell(
    uow: UnitOfWork, account: str, person: Person | None, text: str, key: str, now: datetime
) -> bool:
    """A private note; nobody to tell (a console stand-in, no roster entry) is a no-op."""
    if person is None or person.id is None or person.wechat_id.startswith("console:"):
        return False
    return outbox.private_once(uow, account, person.id, text, f"{account}:{key}", now)


def audit(
    uow: UnitOfWork, actor: str, action: str, target: str, now: datetime, detail: str
) -> None:
    uow.staff.audit(
        AuditEntry(at=now, actor=actor, action=action, target=target, detail=detail[:500])
    )


def label(person: Person) -> str:
    """Who did it, as timelines and the audit log name people."""
    return person.name
