"""The periodic case jobs the runtime ticks: the SLA sweep, then the 吹哨 deliveries."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from bot.config import CommunityConfig
from bot.ports import UnitOfWorkFactory, WebhookSender
from bot.services import sla, webhooks

log = logging.getLogger(__name__)


def case_jobs(
    uow_factory: UnitOfWorkFactory,
    config: CommunityConfig,
    account: str,
    sender: WebhookSender,
) -> list[Callable[[datetime], object]]:
    settings = sla.sweep_settings(config, account)
    retry = webhooks.RetryPolicy(
        timeout=config.webhooks.timeout_seconds,
        max_attempts=config.webhooks.max_attempts,
        base=timedelta(seconds=config.webhooks.backoff_seconds),
    )

    warned: set[date] = set()

    def sla_sweep(now: datetime) -> sla.SweepReport:
        today = now.astimezone(settings.policy.tz).date()
        if today not in warned:
            warned.add(today)
            gap = sla.calendar_gap(settings.policy, today)
            if gap is not None:
                log.warning(sla.calendar_warning(gap))
        return sla.sweep(uow_factory, settings, now)

    def webhook_deliveries(now: datetime) -> int:
        return webhooks.deliver_due(
            uow_factory, sender, settings.departments, retry, settings.policy, account, now
        )

    return [sla_sweep, webhook_deliveries]
