"""吹哨: cases sent on to departments' endpoints, and their callbacks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain.webhooks import CallbackReceipt, WebhookDelivery


class WebhookRepository(Protocol):
    def add(self, delivery: WebhookDelivery) -> WebhookDelivery: ...
    def get(self, delivery_id: int) -> WebhookDelivery | None: ...
    def due(self, now: datetime, limit: int) -> Sequence[WebhookDelivery]: ...
    def for_case(self, case_id: int) -> Sequence[WebhookDelivery]: ...


class CallbackReceiptRepository(Protocol):
    def get(self, department: str, key: str) -> CallbackReceipt | None: ...
    def claim(self, receipt: CallbackReceipt) -> None: ...


@dataclass(frozen=True)
class WebhookResponse:
    """What came back from a department's endpoint: a status (None when nothing came back)."""

    status: int | None
    error: str = ""


class WebhookSender(Protocol):
    """Posts one signed JSON body (吹哨). Never raises for network trouble: it reports it."""

    def post(
        self, url: str, body: bytes, headers: Mapping[str, str], timeout: float
    ) -> WebhookResponse: ...
