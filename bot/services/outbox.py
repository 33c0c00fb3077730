"""Draining the outbox: claim what is due, hand it to a transport, record what happened."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.community import Person
from bot.domain.messages import Outbound
from bot.domain.records import OutboxItem, OutboxStatus
from bot.ports import UnitOfWork

MAX_ATTEMPTS = 8


def claim_due(uow: UnitOfWork, account: str, now: datetime, limit: int) -> list[Outbound]:
    """Mark up to `limit` due messages as being sent and return them ready for a transport."""
    items = list(uow.outbox.due(account, now, limit))
    if not items:
        return []
    people = uow.people.many(
        [pid for item in items for pid in [item.person_id, *item.mention_ids] if pid is not None]
    )
    ready = []
    for item in items:
        item.status = OutboxStatus.SENDING
        item.claimed_at = now
        item.attempts += 1
        ready.append(_outbound(uow, item, people))
    return ready


def _outbound(uow: UnitOfWork, item: OutboxItem, people: dict[int, Person]) -> Outbound:
    assert item.id is not None
    mentioned = [people[m] for m in item.mention_ids if m in people]
    if item.group_id is not None:
        group = uow.groups.get(item.group_id)
        assert group is not None
        return Outbound(
            outbox_id=item.id,
            text=item.text,
            room_id=group.room_id,
            room_topic=group.topic,
            mention_ids=tuple(p.wechat_id for p in mentioned),
            mention_names=tuple(p.name for p in mentioned),
            idempotency_key=item.key,
        )
    person = people[item.person_id] if item.person_id is not None else None
    return Outbound(
        outbox_id=item.id,
        text=item.text,
        to_id=person.wechat_id if person else None,
        to_name=person.name if person else None,
        idempotency_key=item.key,
    )


def mark_sent(uow: UnitOfWork, item_id: int, now: datetime) -> None:
    item = uow.outbox.get(item_id)
    if item is not None:
        item.status, item.sent_at, item.error = OutboxStatus.SENT, now, None


def mark_failed(
    uow: UnitOfWork, item_id: int, now: datetime, reason: str, *, transient: bool
) -> None:
    """A transient failure is retried with backoff until MAX_ATTEMPTS; a permanent one stops."""
    item = uow.outbox.get(item_id)
    if item is None:
        return
    item.error = reason[:500]
    item.claimed_at = None
    if transient and item.attempts < MAX_ATTEMPTS:
        item.status = OutboxStatus.PENDING
        item.not_before = now + retry_delay(item.attempts)
    else:
        item.status = OutboxStatus.FAILED


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(5 * 2 ** max(0, attempts - 1), 600))


def release_claimed(uow: UnitOfWork, account: str, before: datetime) -> int:
    """At start: one process runs an account, so a claim from before it started is orphaned."""
    return uow.outbox.release_stale(account, before)
