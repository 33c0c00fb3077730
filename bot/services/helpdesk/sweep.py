"""The ladder for requests nobody has taken, on each service's own time limit.

After one limit the 楼栋党小组长 is told and the request is offered to the whole 小区's team;
after two the 支部书记; after three the 社区. The rung is stamped in the same transaction as
the messages (keyed once per rung), so a second tick, a restart or a second process does
nothing twice; after a long outage only the rung now due is told.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.domain.helpdesk import Catalog, due_level, schedule
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.services.helpdesk.requests import offer, tell_rung, tell_still_looking
from bot.services.jobs import in_transaction

BATCH = 100


def sweep(uow: UnitOfWork, catalog: Catalog, account: str, now: datetime) -> int:
    """One pass over due requests; returns how many climbed a rung."""
    climbed = 0
    if (
        catalog.quiet is not None
        and catalog.tz is not None
        and catalog.quiet.is_quiet(now, catalog.tz)
    ):
        return 0  # timers set before a config change may fall at night: wait for the morning
    for request in uow.helpdesk.due(now, BATCH):
        service = catalog.service(request.service_key)
        if service is None:  # the service left the 清单: its requests are staff's to handle
            request.level = max(request.level, 3)
            schedule(request, None)
            continue
        level = due_level(request, now, service, catalog.quiet, catalog.tz)
        if level > request.level:
            if request.level == 0:
                offer(uow, catalog, request, account, now, wider=True)
                tell_still_looking(uow, catalog, request, account, now)
            tell_rung(uow, request, level, account, now)
            request.level = level
            request.updated_at = now
            climbed += 1
        schedule(request, service, catalog.quiet, catalog.tz)
    return climbed


def make_jobs(
    uow_factory: UnitOfWorkFactory, catalog: Catalog, account: str
) -> list[Callable[[datetime], object]]:
    if not catalog.services:
        return []

    def helpdesk_ladder(uow: UnitOfWork, now: datetime) -> int:
        return sweep(uow, catalog, account, now)

    return [in_transaction(uow_factory, helpdesk_ladder)]
