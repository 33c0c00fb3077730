"""What the bot keeps of each message it heard and each message it will send."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(eq=False)
class StoredMessage:
    """Every inbound message, stored before the bot answers, so nothing a resident said is lost."""

    account: str
    message_id: str
    sender_id: int
    type: str
    text: str
    received_at: datetime
    group_id: int | None = None
    intent_kind: str | None = None
    intent_category: str | None = None
    confidence: float | None = None
    case_id: int | None = None
    id: int | None = None


BULK = 1  # OutboxItem.priority of posts that may wait behind replies


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a sender; see OutboxItem.claimed_at
    SENT = "sent"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"  # a cancelled broadcast's rows that had not left yet


class DeliveredVia(enum.StrEnum):
    """How the outbox learned that a SENT row reached WeChat."""

    TRANSPORT = "transport"  # the transport's send returned
    ECHO = "echo"  # the send's outcome was unknown; the puppet's echo of it confirmed it
    RECORD = "record"  # after a crash, the transport's own delivery record vouched for it


@dataclass(eq=False)
class OutboxItem:
    """One message to one conversation. A row exists before anything is sent."""

    account: str
    text: str
    created_at: datetime
    key: str  # idempotency key: unique per message and recipient
    group_id: int | None = None
    person_id: int | None = None
    mention_ids: list[int] = field(default_factory=list)  # Person ids
    status: OutboxStatus = OutboxStatus.PENDING
    attempts: int = 0
    not_before: datetime | None = None
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    error: str | None = None
    priority: int = 0  # 0 replies and alerts; BULK for broadcasts, previews, reminders
    broadcast_id: int | None = None
    # Issue 15 §6: an in-flight row whose send may or may not have gone out waits until
    # then for the puppet's echo of it before it is resent (None: not in doubt).
    confirm_by: datetime | None = None
    delivered_via: DeliveredVia | None = None
    # media15: a photo row sends this stored evidence file (its `text` is only a label for
    # the simulator and logs); None for a text message.
    evidence_id: int | None = None
    id: int | None = None
