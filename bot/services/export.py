"""Excel exports (openpyxl) of the 积分台账 and the monthly 公示, for the CLI and the console.

Staff read these: they carry names as the roster has them (never phone numbers, which the
bot does not keep). The 公示 sheet is the same Notice the groups were shown.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.points import month_bounds, month_label
from bot.ports import UnitOfWork
from bot.services import publicity
from bot.services.points_policy import PointsPolicy
from bot.services.workbook import append, new_workbook, save

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
    """台账 (every row, or one month's), 公示 per 小区 and 楼栋 totals when a month is given."""
    book, sheet = new_workbook("积分台账")
    _ledger(sheet, uow, tz, month, estate_id)
    if month is not None:
        _publicity(
            book.create_sheet("月度公示"),
            book.create_sheet("楼栋汇总"),
            uow,
            policy,
            tz,
            month,
            estate_id,
        )
    return book


def _ledger(
    sheet: Worksheet, uow: UnitOfWork, tz: ZoneInfo, month: str | None, estate_id: int | None
) -> None:
    start, end = month_bounds(month, tz) if month else (None, None)
    entries = uow.points.entries(estate_id=estate_id, start=start, end=end, limit=None)
    people = uow.people.many(sorted({e.person_id for e in entries}))
    estates = {e.id: e.name for e in uow.estates.all()}
    buildings = {b.id: b.name for b in uow.estates.buildings()}
    append(sheet, LEDGER_HEADER)
    for e in entries:
        person = people.get(e.person_id)
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
                _full_name(person.real_name, person.display_name) if person else "",
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
    sheet.freeze_panes = "A2"


def _publicity(
    notices: Worksheet,
    totals: Worksheet,
    uow: UnitOfWork,
    policy: PointsPolicy,
    tz: ZoneInfo,
    month: str,
    estate_id: int | None,
) -> None:
    append(notices, ("月份", "小区", "名次", "公示名", "楼栋", "积分"))
    append(totals, ("月份", "小区", "楼栋", "人数", "积分", "实现微心愿"))
    for estate in uow.estates.all():
        if estate.id is None or estate_id not in (None, estate.id):
            continue
        notice = publicity.estate_notice(uow, policy, estate.id, month, tz)
        label = month_label(month)
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
