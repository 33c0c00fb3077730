"""Repository for the 吹哨 webhook deliveries to departments, retried until they land."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.domain.webhooks import CallbackReceipt, DeliveryStatus, WebhookDelivery
from bot.ports import Conflict
from storage import tables
from storage.repository import Repository


class WebhookRepository(Repository):
    def add(self, delivery: WebhookDelivery) -> WebhookDelivery:
        self.session.add(delivery)
        self.session.flush()
        return delivery

    def get(self, delivery_id: int) -> WebhookDelivery | None:
        return self.session.get(WebhookDelivery, delivery_id)

    def due(self, now: datetime, limit: int) -> Sequence[WebhookDelivery]:
        c = tables.webhook_deliveries.c
        query = (
            select(WebhookDelivery)
            .where(c.status == str(DeliveryStatus.PENDING), c.next_attempt_at <= now)
            .order_by(c.next_attempt_at, c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return self.session.scalars(query).all()

    def for_case(self, case_id: int) -> Sequence[WebhookDelivery]:
        c = tables.webhook_deliveries.c
        query = select(WebhookDelivery).where(c.case_id == case_id).order_by(c.id)
        return self.session.scalars(query).all()


class CallbackReceiptRepository(Repository):
    def get(self, department: str, key: str) -> CallbackReceipt | None:
        c = tables.callback_receipts.c
        query = select(CallbackReceipt).where(c.department == department, c.key == key)
        return self.session.scalars(query).first()

    def claim(self, receipt: CallbackReceipt) -> None:
        """Insert now, so a second copy of the key fails here (or waits for the first's
        transaction, then fails) before it has done anything else."""
        self.session.add(receipt)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise Conflict(str(exc.orig)) from exc
