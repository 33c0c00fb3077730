"""Outbox rows in doubt: held for the puppet's echo, confirmed by it, or resent after a grace.

A send whose outcome is unknown (SendFailed.maybe_delivered: the connection dropped or the
call timed out after the request left) is not resent at once, as a plain transient failure
is: the row stays in flight with a deadline (`confirm_by`). An echo of it (bot.domain.echo)
marks it sent, `delivered_via` "echo"; at the deadline it goes back to the queue and is sent
again, as before this existed. Rows left in flight by a crash are not touched here: the
next start settles them (services.outbox.recover).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain.echo import Awaiting, Echo, pair
from bot.domain.records import DeliveredVia, OutboxItem, OutboxStatus
from bot.ports import UnitOfWork
from bot.services import outbox

RESENT_NOTE = "（未见微信回显，已重发）"


@dataclass(frozen=True)
class Settled:
    confirmed: list[int] = field(default_factory=list)  # outbox ids confirmed by an echo
    echoes: list[str] = field(default_factory=list)  # the echoes (message ids) that did it
    released: int = 0  # past their deadline: back in the queue, to be sent again
    next_deadline: datetime | None = None  # of the rows still waiting (None: none wait)


def hold(uow: UnitOfWork, item_id: int, reason: str, deadline: datetime) -> bool:
    """Keep a row whose send may have gone out in flight until `deadline` (False if gone)."""
    item = uow.outbox.get(item_id)
    if item is None or item.status is not OutboxStatus.SENDING:
        return False
    item.error = reason[:500]
    item.confirm_by = deadline
    return True


def extend(uow: UnitOfWork, account: str, deadline: datetime) -> int:
    """The connection is back: every held row waits at least until `deadline`, since an
    echo can only arrive while connected (puppet-service keeps no events for a client
    that is away)."""
    count = 0
    for item in _held(uow, account):
        assert item.confirm_by is not None
        if item.confirm_by < deadline:
            item.confirm_by = deadline
            count += 1
    return count


def postpone(uow: UnitOfWork, account: str, outage: timedelta) -> int:
    """The connection is back after `outage`: every held row's deadline moves on by it, so a
    row waits `grace` seconds of connection in all, however often the connection flapped
    (restarting the grace at each reconnection held it for ever while up-spells were short)."""
    count = 0
    for item in _held(uow, account):
        assert item.confirm_by is not None
        item.confirm_by = item.confirm_by + outage
        count += 1
    return count


def settle(
    uow: UnitOfWork,
    account: str,
    echoes: Sequence[Echo],
    now: datetime,
    window: timedelta,
    *,
    expire: bool = True,
) -> Settled:
    """Confirm held rows that these echoes match; with `expire`, requeue those past their
    deadline (the sender passes expire=False while the connection is down)."""
    held = _held(uow, account)
    if not held:
        return Settled()
    by_id = {item.id: item for item in held}
    awaiting = [_awaiting(uow, item) for item in held]
    confirmed: list[int] = []
    used: list[str] = []
    for row, echo in pair(awaiting, echoes, window):
        outbox.mark_sent(uow, row.item_id, now, DeliveredVia.ECHO)
        confirmed.append(row.item_id)
        used.append(echo.message_id)
        by_id.pop(row.item_id)
    released = 0
    deadlines: list[datetime] = []
    for item in by_id.values():
        assert item.confirm_by is not None
        if expire and item.confirm_by <= now:
            item.status, item.not_before = OutboxStatus.PENDING, now
            item.claimed_at = item.confirm_by = None
            item.error = f"{item.error or ''}{RESENT_NOTE}"[:500]
            released += 1
        else:
            deadlines.append(item.confirm_by)
    return Settled(confirmed, used, released, min(deadlines, default=None))


def _held(uow: UnitOfWork, account: str) -> list[OutboxItem]:
    return [item for item in uow.outbox.in_flight(account) if item.confirm_by is not None]


def _awaiting(uow: UnitOfWork, item: OutboxItem) -> Awaiting:
    assert item.id is not None and item.claimed_at is not None
    people = uow.people.many(
        [pid for pid in [item.person_id, *item.mention_ids] if pid is not None]
    )
    # The text as the transport got it: masked for the audience, like the send was.
    message = outbox.outbound(uow, item, people)
    return Awaiting(
        item_id=item.id,
        text=message.text,
        claimed_at=item.claimed_at,
        room_id=message.room_id,
        to_id=message.to_id,
        mentions=bool(message.mention_ids),
    )
