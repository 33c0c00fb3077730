"""积分台账 exports of finished months, made once and kept (issue 15 §4).

A district's month is tens of thousands of ledger rows: about 13 s of openpyxl work, far
past what a click should cost. A finished month's ledger only grows by corrections dated
now, so its workbook is made once (by the nightly job after the month ends, or by the first
request) and kept in the database with the fingerprint of the rows it was made from; a
request serves the kept file while the fingerprint still matches. The current month is
still being written and is always made fresh.

Kept files name residents, so they go when a resident is erased (storage's erasure) and
after `KEEP` days (made again when asked for).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.exports import StoredExport
from bot.domain.points import month_bounds, month_of, previous_month
from bot.ports import Conflict, UnitOfWork, UnitOfWorkFactory
from bot.services import export
from bot.services.jobs import DailyGate
from bot.services.points_policy import PointsPolicy
from bot.services.workbook import to_bytes

KIND = "ledger"
KEEP = timedelta(days=35)  # a month's file outlives the next month's 公示, not much more
WARM_AT = time(4, 30)  # local: after the 03:30 retention purge, before staff arrive


def scope_of(estate_id: int | None) -> str:
    return "all" if estate_id is None else f"estate:{estate_id}"


def finished(month: str, now: datetime, tz: ZoneInfo) -> bool:
    return month < month_of(now, tz)


def ledger_file(
    uow_factory: UnitOfWorkFactory,
    policy: PointsPolicy,
    tz: ZoneInfo,
    now: datetime,
    *,
    month: str | None,
    estate_id: int | None,
) -> bytes:
    """The 积分台账 workbook's bytes (all rows, or one month's, for one 小区 or all); a
    finished month's from the kept file while its ledger is unchanged."""
    with uow_factory() as uow:
        if month is None or not finished(month, now, tz):
            return _make(uow, policy, tz, month, estate_id)
        made = _kept_or_made(uow, policy, tz, now, month, estate_id)
    if isinstance(made, bytes):
        return made
    try:  # kept in a transaction of its own, so a lost race costs nothing but the keeping
        with uow_factory() as uow:
            uow.exports.put(KIND, scope_of(estate_id), month, made)
            uow.commit()
    except Conflict:
        pass  # another request kept the same month first: its file is as good
    return made.body


def warm(
    uow_factory: UnitOfWorkFactory, policy: PointsPolicy, tz: ZoneInfo, now: datetime, month: str
) -> int:
    """Make the month's files that are missing or out of date, the district's and each
    小区's, one transaction each; a file another process is making is left to it."""
    with uow_factory() as uow:
        estate_ids: list[int | None] = [None, *(e.id for e in uow.estates.all())]
    made = 0
    for estate_id in estate_ids:
        with uow_factory() as uow:
            if not uow.exports.claim(KIND, scope_of(estate_id), month):
                continue
            fresh = _kept_or_made(uow, policy, tz, now, month, estate_id)
            if isinstance(fresh, StoredExport):
                uow.exports.put(KIND, scope_of(estate_id), month, fresh)
                uow.commit()
                made += 1
    return made


def make_jobs(
    uow_factory: UnitOfWorkFactory, policy: PointsPolicy, tz: ZoneInfo
) -> list[Callable[[datetime], int]]:
    """Once a day after `WARM_AT`: drop files older than `KEEP`, then make last month's, so
    the first click after a month ends is as quick as the others."""
    gate = DailyGate(tz, WARM_AT)

    def keep_finished_month(now: datetime) -> int:
        if not gate.due(now):
            return 0
        with uow_factory() as uow:
            uow.exports.forget_made_before(now - KEEP)
            uow.commit()
        return warm(uow_factory, policy, tz, now, previous_month(month_of(now, tz)))

    return [keep_finished_month]


def _kept_or_made(
    uow: UnitOfWork,
    policy: PointsPolicy,
    tz: ZoneInfo,
    now: datetime,
    month: str,
    estate_id: int | None,
) -> bytes | StoredExport:
    """The kept file's bytes when it matches the month's ledger; else a newly made one."""
    start, end = month_bounds(month, tz)
    fingerprint = uow.points_reports.fingerprint(estate_id=estate_id, start=start, end=end)
    kept = uow.exports.get(KIND, scope_of(estate_id), month)
    if kept is not None and kept.fingerprint == fingerprint:
        return kept.body
    return StoredExport(fingerprint, now, _make(uow, policy, tz, month, estate_id))


def _make(
    uow: UnitOfWork, policy: PointsPolicy, tz: ZoneInfo, month: str | None, estate_id: int | None
) -> bytes:
    book = export.ledger_workbook(uow, policy, tz, month=month, estate_id=estate_id)
    return to_bytes(book)
