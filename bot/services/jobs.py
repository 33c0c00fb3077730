"""The shape of a periodic job (runtime.jobs): a function of the time, run by every tick."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
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
