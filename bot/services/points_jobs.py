"""The periodic jobs of 微心愿 and 积分, for runtime.jobs (each a function of the time).

Every job is idempotent: the state it acts on is stamped in the same transaction as the
messages it queues, so a second tick, a restart or a second process does nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.services import points, publicity, wishes
from bot.services.jobs import in_transaction
from bot.services.points_policy import PointsPolicy

ATTENDANCE_RULE = "参加活动"


def book_attendance(uow: UnitOfWork, policy: PointsPolicy, tz: ZoneInfo, now: datetime) -> int:
    """签到 rows the activities feature recorded but no ledger booked: book them now."""
    if policy.rules.get(ATTENDANCE_RULE) is None:
        return 0
    awarder = points.LedgerAwarder(policy, tz, ATTENDANCE_RULE)
    booked = 0
    for signup in uow.point_sources.unbooked_attendance():
        activity = uow.activities.get(signup.activity_id)
        if activity is None:
            continue
        if awarder(
            uow, person_id=signup.person_id, points=signup.points, activity=activity, now=now
        ):
            signup.points_awarded_at = now
            booked += 1
    return booked


def make_jobs(
    uow_factory: UnitOfWorkFactory, policy: PointsPolicy, account: str, tz: ZoneInfo
) -> list[Callable[[datetime], int]]:
    def monthly_publicity(now: datetime) -> int:
        if publicity.due_month(now, policy, tz) is None:
            return 0  # checked first: most ticks then open no transaction at all
        # Its own transactions, one per batch of groups (see publicity.post_monthly).
        return publicity.post_monthly(uow_factory, policy, account, now, tz)

    return [
        in_transaction(uow_factory, lambda uow, now: wishes.sweep(uow, policy, account, now)),
        in_transaction(
            uow_factory, lambda uow, now: points.award_hazard_reports(uow, policy, now, tz)
        ),
        in_transaction(uow_factory, lambda uow, now: book_attendance(uow, policy, tz, now)),
        monthly_publicity,
    ]
