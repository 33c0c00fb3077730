"""The shape of a periodic job (runtime.jobs): a function of the time, run by every tick."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, tzinfo
from typing import TypeVar

from bot.ports import UnitOfWork, UnitOfWorkFactory

T = TypeVar("T")


def in_transaction(
    uow_factory: UnitOfWorkFactory, work: Callable[[UnitOfWork, datetime], T]
) -> Callable[[datetime], T]:
    """A job running `work(uow, now)` in its own transaction, committed when it returns."""

    def job(now: datetime) -> T:
        with uow_factory() as uow:
            result = work(uow, now)
            uow.commit()
            return result

    return job


class DailyGate:
    """Lets a daily job through once per local date, from `at` on.

    Keyed by every date it let through, not only the last one: a clock set back across
    midnight (NTP, an operator) lands on a date that already ran, which must not run again.
    Kept in memory: after a restart a job may run once more for today, which is why each
    daily job's work is itself idempotent (a second purge finds nothing left)."""

    KEEP = 400  # dates remembered; a clock set back further than a year is not NTP

    def __init__(self, tz: tzinfo, at: time) -> None:
        self._tz, self._at = tz, at
        self._ran: set[date] = set()

    def due(self, now: datetime) -> bool:
        """True once for `now`'s local date (and records it); False before `at` or again."""
        local = now.astimezone(self._tz)
        if local.time() < self._at or local.date() in self._ran:
            return False
        self._ran.add(local.date())
        if len(self._ran) > self.KEEP:
            self._ran.discard(min(self._ran))
        return True
