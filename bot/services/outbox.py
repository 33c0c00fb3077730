"""Draining the outbox: pick what is due, hand it to a transport, record what happened.

This is also where personal details are masked for the audience (bot.domain.privacy): the
row keeps what was written, the transport gets what that conversation may read.

Every message leaves through here, one row at a time. A row is marked in flight (SENDING)
in its own committed transaction just before the transport is called, and marked SENT in
another just after, so after a crash at most one row per account is in doubt; `recover`
settles it at the next start, asking the transport when it can tell.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.community import Group, GroupKind, Person
from bot.domain.messages import Outbound, Picture
from bot.domain.pacing import Candidate
from bot.domain.privacy import Audience, mask_for
from bot.domain.records import BULK, DeliveredVia, OutboxItem, OutboxStatus
from bot.ports import BlobStore, UnitOfWork
from bot.services.accounts import private_account

MAX_ATTEMPTS = 8
UNCERTAIN = "发送时程序中断，无法确认是否已送达；为避免重复，没有自动重发。"
# A photo row whose file is gone (the case's retention deleted it, or the person asked to
# erase it) or that no sender with the media folder claimed: never sent, said why.
PICTURE_GONE = "照片文件已不存在（可能已按保存期限删除），没有发送"
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}


def candidates(uow: UnitOfWork, account: str, now: datetime, limit: int) -> list[Candidate]:
    """Due messages, most urgent and oldest first, as the pacer chooses among them."""
    return uow.outbox.candidates(account, now, limit)


def claim(
    uow: UnitOfWork, item_id: int, now: datetime, media: BlobStore | None = None
) -> Outbound | None:
    """Mark one due message in flight and return it ready for a transport (None if gone).

    A photo row reads its file from `media` here, on the core's thread: the transport gets
    the bytes and never the database. A file no longer there settles the row as failed."""
    item = uow.outbox.claim(item_id, now)
    if item is None:
        return None
    people = uow.people.many(
        [pid for pid in [item.person_id, *item.mention_ids] if pid is not None]
    )
    if _to_no_one(item, people):
        return None
    message = outbound(uow, item, people)
    if item.evidence_id is None:
        return message
    picture = load_picture(uow, media, item.evidence_id, item.text)
    if picture is None:
        item.status, item.error = OutboxStatus.FAILED, PICTURE_GONE
        item.claimed_at = None
        return None
    return dataclasses.replace(message, picture=picture)


def load_picture(
    uow: UnitOfWork, media: BlobStore | None, evidence_id: int, label: str
) -> Picture | None:
    """The stored photo of an evidence row, named as its label says; None when it is gone."""
    evidence = uow.evidence.get(evidence_id)
    if evidence is None or media is None:
        return None
    data = media.get(evidence.sha256)
    if data is None:
        return None
    name = label.removeprefix(PICTURE_LABEL).strip() or f"photo-{evidence_id}"
    return Picture(name=name, mime=evidence.mime, data=data)


PICTURE_LABEL = "[图片]"


def picture_label(code: str, n: int, mime: str) -> str:
    """The text of a photo row: what the simulator shows, and the file's name on WeChat."""
    return f"{PICTURE_LABEL} {code}-{n}.{_EXTENSIONS.get(mime, 'jpg')}"


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
        if _to_no_one(item, people):
            continue
        item.status = OutboxStatus.SENDING
        item.claimed_at = now
        item.attempts += 1
        ready.append(outbound(uow, item, people))
    return ready


def outbound(uow: UnitOfWork, item: OutboxItem, people: dict[int, Person]) -> Outbound:
    assert item.id is not None
    mentioned = [people[m] for m in item.mention_ids if m in people and people[m].reachable]
    if item.group_id is not None:
        group = uow.groups.get(item.group_id)
        assert group is not None
        return Outbound(
            outbox_id=item.id,
            text=mask_for(audience(group), item.text),
            room_id=group.room_id,
            room_topic=group.topic,
            mention_ids=tuple(p.wechat_id for p in mentioned),
            mention_names=tuple(p.name for p in mentioned),
            idempotency_key=item.key,
        )
    person = people[item.person_id] if item.person_id is not None else None
    return Outbound(
        outbox_id=item.id,
        text=mask_for(Audience.PRIVATE, item.text),
        to_id=person.wechat_id if person else None,
        to_name=person.name if person else None,
        idempotency_key=item.key,
    )


def _to_no_one(item: OutboxItem, people: dict[int, Person]) -> bool:
    """A private message to someone erased (or the anonymous reporter) has no one to go to:
    withdrawn, not handed to a transport that would fail on the stand-in id for ever."""
    person = people.get(item.person_id) if item.person_id is not None else None
    if person is None or person.reachable:
        return False
    item.status, item.error = OutboxStatus.WITHDRAWN, "收信人已要求删除个人信息"
    return True


def audience(group: Group) -> Audience:
    """Who reads a group: only a bound 党员群 is party members; anything else may hold residents."""
    return Audience.PARTY if group.kind is GroupKind.PARTY else Audience.RESIDENTS


def mark_sent(
    uow: UnitOfWork, item_id: int, now: datetime, via: DeliveredVia = DeliveredVia.TRANSPORT
) -> None:
    item = uow.outbox.get(item_id)
    if item is not None:
        item.status, item.sent_at, item.error = OutboxStatus.SENT, now, None
        item.delivered_via, item.confirm_by = via, None


def mark_failed(
    uow: UnitOfWork, item_id: int, now: datetime, reason: str, *, transient: bool
) -> datetime | None:
    """A transient failure is retried with backoff until MAX_ATTEMPTS; a permanent one stops.

    Returns when the message will be tried again, or None when it will not.
    """
    item = uow.outbox.get(item_id)
    if item is None:
        return None
    item.error = reason[:500]
    item.claimed_at = item.confirm_by = None
    if transient and item.attempts < MAX_ATTEMPTS:
        item.status = OutboxStatus.PENDING
        item.not_before = now + retry_delay(item.attempts)
        return item.not_before
    item.status = OutboxStatus.FAILED
    return None


def retry_delay(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s … capped at 10 minutes."""
    return timedelta(seconds=min(5 * 2 ** max(0, attempts - 1), 600))


def retry_now(uow: UnitOfWork, account: str, now: datetime) -> int:
    """The connection came back: what waits out a transient failure may go at once."""
    return uow.outbox.retry_now(account, now)


def release_claimed(uow: UnitOfWork, account: str, before: datetime) -> int:
    """Re-queue every claim older than `before` (at-least-once; `recover` is the careful one)."""
    return uow.outbox.release_stale(account, before)


# ---- after a crash ----------------------------------------------------------------------


@dataclass(frozen=True)
class Recovery:
    confirmed: int = 0  # the transport had delivered them: marked sent
    requeued: int = 0  # the transport never got them: sent again
    uncertain: int = 0  # nobody can tell: marked failed, not resent (see UNCERTAIN)
    # Where the uncertain ones were going, for staff to look: group topics, and how many
    # were private messages (no names: the notice goes to every staff member).
    uncertain_groups: tuple[str, ...] = ()
    uncertain_private: int = 0


def in_flight_keys(uow: UnitOfWork, account: str) -> list[str]:
    return [item.key for item in uow.outbox.in_flight(account)]


def recover(
    uow: UnitOfWork,
    account: str,
    delivered: set[str] | None,
    now: datetime,
    *,
    resend_uncertain: bool = False,
) -> Recovery:
    """Settle the rows a crashed sender left in flight (one process runs an account).

    `delivered` is the transport's own record of which keys it sent, or None when it keeps
    none. Without a record a row is in doubt; by default it is marked failed with a note
    rather than resent, because a duplicate notice in forty groups is the worse mistake.
    """
    confirmed = requeued = uncertain = private = 0
    groups: list[str] = []
    for item in uow.outbox.in_flight(account):
        item.claimed_at = item.confirm_by = None
        if delivered is not None and item.key in delivered:
            item.status, item.sent_at, item.error = OutboxStatus.SENT, now, None
            item.delivered_via = DeliveredVia.RECORD
            confirmed += 1
        elif delivered is not None or resend_uncertain:
            item.status = OutboxStatus.PENDING
            requeued += 1
        else:
            item.status, item.error = OutboxStatus.FAILED, UNCERTAIN
            uncertain += 1
            group = uow.groups.get(item.group_id) if item.group_id is not None else None
            if group is not None:
                groups.append(group.topic)
            else:
                private += 1
    return Recovery(confirmed, requeued, uncertain, tuple(dict.fromkeys(groups)), private)


# ---- status -----------------------------------------------------------------------------


def add_once(uow: UnitOfWork, item: OutboxItem) -> bool:
    """Queue `item` unless its key was queued before (a rerun, a second tick, a retried form).

    A private message goes through the account the person last spoke to (issue 15).
    """
    if uow.outbox.has_key(item.key):
        return False
    if item.person_id is not None and item.group_id is None:
        person = uow.people.get(item.person_id)
        item.account = private_account(uow, person, item.account, item.created_at)
    uow.outbox.add(item)
    return True


def private_once(
    uow: UnitOfWork,
    account: str,
    person_id: int,
    text: str,
    key: str,
    now: datetime,
    *,
    priority: int = 0,
) -> bool:
    """One private message, queued once per `key` (the whole key: callers namespace it)."""
    item = OutboxItem(
        account=account,
        text=text,
        created_at=now,
        key=key,
        person_id=person_id,
        priority=priority,
    )
    return add_once(uow, item)


def group_once(
    uow: UnitOfWork,
    group: Group,
    text: str,
    key: str,
    now: datetime,
    *,
    mentions: Sequence[int] = (),
    bulk: bool = True,
) -> bool:
    """One post to a group through the account that owns it, queued once per `key` (namespaced
    here by that account). Bulk by default: notices, previews and reminders may wait behind
    replies; `bulk=False` for a post someone is waiting on."""
    item = OutboxItem(
        account=group.account,
        text=text,
        created_at=now,
        key=f"{group.account}:{key}",
        group_id=group.id,
        mention_ids=list(mentions),
        priority=BULK if bulk else 0,
    )
    return add_once(uow, item)


def enqueue(uow: UnitOfWork, items: Sequence[OutboxItem]) -> None:
    """Queue many rows at once (a broadcast), in the caller's transaction."""
    uow.outbox.add_many(items)


def status(uow: UnitOfWork) -> dict[str, dict[str, int]]:
    """Rows per account and status, for `linli outbox status`."""
    return uow.outbox.status_by_account()
