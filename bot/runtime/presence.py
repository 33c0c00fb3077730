"""This process's row on the accounts page: its WeChat state as the transport reports it, a
heartbeat from the runtime's loop, and the one notice to staff when the account logs out.

Kept apart from ConnectionState (this process's banner): this is what the *other* processes
and the console read from the database.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.accounts import FAILOVER_AFTER, LinkState
from bot.ports import Clock, Conflict, UnitOfWorkFactory
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
        failover_after: timedelta = FAILOVER_AFTER,
    ) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.account = account
        self.tz = tz
        self.limits = limits
        self.failover_after = failover_after
        self._first_beat: datetime | None = None  # this process has watched since then

    def report(self, state: LinkState, detail: str) -> int:
        """Record the state; on a new logout, queue the staff notice through another account.
        Returns how many notices were queued."""
        now = self.clock.now()
        with self.uow_factory() as uow:
            accounts.report_state(uow, self.account, state, detail, now)
            told = accounts.notice_logout(uow, self.account, now)
            uow.commit()
        if told:
            log.warning("account %s logged out: %d staff notices queued", self.account, told)
        return told

    def beat(self) -> int:
        """Returns how many logout notices this beat queued (another account came online).
        Then takes over the groups of an account down longer than the failover time."""
        now = self.clock.now()
        if self._first_beat is None:
            self._first_beat = now
        with self.uow_factory() as uow:
            accounts.heartbeat(uow, self.account, now, self.tz, self.limits)
            told = accounts.notice_logout(uow, self.account, now)
            uow.commit()
        try:
            with self.uow_factory() as uow:
                moved = accounts.take_over(
                    uow, self.account, now, self.failover_after, self._first_beat
                )
                uow.commit()
        except Conflict:
            # Another process moved or locked the same rows (a deadlock is a Conflict too);
            # nothing was kept, and the next beat looks again.
            log.info("account %s: failover lost a race; next beat", self.account)
            moved = 0
        if moved:
            log.warning(
                "account %s took over %d groups of an account that is down", self.account, moved
            )
        return told
