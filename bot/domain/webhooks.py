"""吹哨: the signed JSON a department's system receives, and how a delivery is retried."""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.domain.cases import Case
from bot.domain.privacy import mask_personal

SIGNATURE_HEADER = "X-Linli-Signature"  # "sha256=<hex of HMAC-SHA256(secret, timestamp.body)>"
TIMESTAMP_HEADER = "X-Linli-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
EVENT_HEADER = "X-Linli-Event"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for its next attempt (also while one is under way: a lease)
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after max attempts; shown to staff


@dataclass(eq=False)
class WebhookDelivery:
    case_id: int
    department: str
    url: str
    key: str  # idempotency key, sent as a header; unique
    payload: str  # the exact JSON body, kept so every retry sends the same bytes
    created_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_status: int | None = None  # HTTP status of the last answer, None when none came
    last_error: str | None = None
    delivered_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class CallbackReceipt:
    """A department callback that was applied, kept under its Idempotency-Key.

    A repeat with the same key gets `response` back and changes nothing; (department, key) is
    unique in the database, so two copies racing each other cannot both be applied.
    """

    department: str
    key: str
    fingerprint: str  # what was asked (case and body), so a key reused for other news is refused
    case_id: int
    response: str  # the JSON answered the first time
    received_at: datetime
    id: int | None = None


def callback_fingerprint(case_code: str, body: bytes) -> str:
    return hashlib.sha256(case_code.encode() + b"\n" + body).hexdigest()


def fresh_timestamp(timestamp: str, now: datetime, window: timedelta) -> bool:
    """A signed request's timestamp is within `window` of now (either side: clocks drift)."""
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    return abs(now.timestamp() - sent) <= window.total_seconds()


def case_payload(case: Case, *, estate: str, department: str, reason: str, now: datetime) -> str:
    """The case as the department sees it: no names or phone numbers of residents."""
    body: dict[str, Any] = {
        "event": "case.whistle",
        "case": case.code,
        "estate": estate,
        "category": case.category,
        "category_label": case.category_label,
        "place": case.place,
        "urgent": case.urgent,
        "summary": mask_personal(case.summary),
        "opened_at": case.opened_at.isoformat(),
        "reporters": case.reporters,
        "reason": reason,
        "department": department,
        "sent_at": now.isoformat(),
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", so a captured request cannot be replayed later."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, sent: str) -> bool:
    """The signature is right. Headers may hold anything: a timestamp or signature that is
    not ASCII is wrong (compare_digest and encode() raised on it, a 500)."""
    if not (timestamp.isascii() and sent.isascii()):
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), sent)


def signed_headers(secret: str, key: str, body: bytes, now: datetime) -> dict[str, str]:
    timestamp = str(int(now.timestamp()))
    return {
        "Content-Type": "application/json; charset=utf-8",
        SIGNATURE_HEADER: signature(secret, timestamp, body),
        TIMESTAMP_HEADER: timestamp,
        IDEMPOTENCY_HEADER: key,
        EVENT_HEADER: "case.whistle",
    }


def backoff(attempts: int, base: timedelta, cap: timedelta = timedelta(hours=1)) -> timedelta:
    """base, 2·base, 4·base … after the 1st, 2nd, 3rd failed attempt, capped."""
    factor: int = 2 ** max(0, attempts - 1)  # a non-negative exponent: an int, not a float
    return min(base * factor, cap)


def transient(status: int | None) -> bool:
    """Worth retrying: no answer, a 5xx, 408 or 429. Other 4xx will not get better."""
    return status is None or status >= 500 or status in (408, 429)
