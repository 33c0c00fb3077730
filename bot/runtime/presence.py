"""This process's row on the accounts page: its WeChat state as the transport reports it, a
heartbeat from the runtime's loop, and the one notice to staff when the account logs out.

Kept apart from ConnectionState (this process's banner): this is what the *other* processes
and the console read from the database.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from bot.domain.accounts import LinkState
from bot.ports import Clock, UnitOfWorkFactory
from bot.services import accounts

log = logging.getLogger(__name__)


class AccountPresence:
    """Runs on the core's thread (each method is one short transaction)."""

    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        account: str,
        tz: ZoneInfo,
        limits: accounts.Limits,
    ) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.account = account
        self.tz = tz
        self.limits = limits

    def report(self, state: LinkState, detail: str) -> int:
        """Record the state; on a new logout, queue the staff notice through another account.
        Returns how many notices were queued."""
        now = self.clock.now()
        with self.uow_factory() as uow:
            tell = accounts.report_state(uow, self.account, state, detail, now)
            told = accounts.tell_staff_logged_out(uow, self.account, detail, now) if tell else 0
            uow.commit()
        if tell:
            log.warning("account %s logged out: %d staff notices queued", self.account, told)
        return told

    def beat(self) -> None:
        with self.uow_factory() as uow:
            accounts.heartbeat(uow, self.account, self.clock.now(), self.tz, self.limits)
            uow.commit()
