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
    id: int | None = None
