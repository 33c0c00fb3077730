"""Excel exports (openpyxl) of the 积分台账 and the monthly 公示, for the CLI and the console.

Staff read these: they carry names as the roster has them (never phone numbers, which the
bot does not keep). The 公示 sheet is the same Notice the groups were shown.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.domain.points import month_bounds, month_label
from bot.ports import UnitOfWork
from bot.services import publicity
from bot.services.points_policy import PointsPolicy
from bot.services.workbook import add_sheet, append, save, streaming_workbook

__all__ = ["LEDGER_HEADER", "ledger_workbook", "save"]

LEDGER_HEADER = (
    "编号",
    "时间",
    "小区",
    "楼栋",
    "居民",
    "项目",
    "类型",
    "数量",
    "积分",
    "事由",
    "记录人",
    "来源",
    "更正了",
)


def ledger_workbook(
    uow: UnitOfWork,
    policy: PointsPolicy,
    tz: ZoneInfo,
    *,
    month: str | None = None,
    estate_id: int | None = None,
) -> Workbook:
    """台账 (every row, or one month's), 公示 per 小区 and 楼栋 totals when a month is given.

    Written in openpyxl's write-only mode, rows streamed from the database a batch at a time:
    a district's month is tens of thousands of rows (bench/volume.py)."""
    book = streaming_workbook()
    _ledger(add_sheet(book, "积分台账", LEDGER_HEADER), uow, tz, month, estate_id)
    if month is not None:
        _publicity(
            add_sheet(book, "月度公示", ("月份", "小区", "名次", "公示名", "楼栋", "积分")),
            add_sheet(book, "楼栋汇总", ("月份", "小区", "楼栋", "人数", "积分", "实现微心愿")),
            uow,
            policy,
            tz,
            month,
            estate_id,
        )
    return book


def _ledger(
    sheet: WriteOnlyWorksheet,
    uow: UnitOfWork,
    tz: ZoneInfo,
    month: str | None,
    estate_id: int | None,
) -> None:
    start, end = month_bounds(month, tz) if month else (None, None)
    estates = {e.id: e.name for e in uow.estates.all()}
    buildings = {b.id: b.name for b in uow.estates.buildings()}
    for e, real_name, display_name, _wxid in uow.points_reports.named_entries(
        estate_id=estate_id, start=start, end=end
    ):
        source = (
            f"诉求E{e.case_id:04d}"
            if e.case_id
            else f"心愿W{e.wish_id:04d}"
            if e.wish_id
            else f"活动{e.activity_id}"
            if e.activity_id
            else ""
        )
        append(
            sheet,
            (
                e.id,
                e.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                estates.get(e.estate_id, "") if e.estate_id else "",
                buildings.get(e.building_id, "") if e.building_id else "",
                _full_name(real_name, display_name),
                e.rule,
                e.kind.label,
                e.units,
                e.points,
                e.reason,
                e.actor,
                source,
                f"#{e.reverses_id}" if e.reverses_id else "",
            ),
        )


def _publicity(
    notices: WriteOnlyWorksheet,
    totals: WriteOnlyWorksheet,
    uow: UnitOfWork,
    policy: PointsPolicy,
    tz: ZoneInfo,
    month: str,
    estate_id: int | None,
) -> None:
    label = month_label(month)
    # Every 小区's 公示 from one pass over the month (not a few statements per 小区).
    for notice in publicity.estate_notices(uow, policy, month, tz, estate_id):
        for rank, c in enumerate(notice.top, start=1):
            append(notices, (label, notice.estate, rank, c.name, c.place, c.points))
        for b in notice.buildings:
            append(totals, (label, notice.estate, b.label, b.people, b.points, b.wishes))
        append(
            totals,
            (
                label,
                notice.estate,
                f"{notice.branch}合计",
                "",
                notice.branch_total,
                notice.wishes_fulfilled,
            ),
        )


def _full_name(real: str | None, display: str) -> str:
    return f"{real}（{display}）" if real and real != display else display
