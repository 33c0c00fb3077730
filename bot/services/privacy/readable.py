"""A resident's export as an Excel file a resident can read (or a community worker can print
for them): a 说明 sheet first — whose data, when and by whom it was exported, what each sheet
holds, how long each kind is kept — then one sheet per kind of record stored about them."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from bot.services.privacy.retention import RetentionPolicy
from bot.services.privacy.rights import SECTIONS, ResidentExport
from bot.services.privacy.sheets import SHEETS, Context, SheetSpec, fallback, plain
from bot.services.workbook import append, new_workbook

GUIDE = "说明"
TITLE = "邻里机器人保存的与您有关的全部信息"
NARROW, WIDE = 8, 48  # column widths, in Excel's character units
WIDTH_SAMPLE = 200  # rows looked at to size a column


def resident_workbook(export: ResidentExport, policy: RetentionPolicy) -> Workbook:
    """The 说明 sheet, then a sheet per kind of record (only the kinds that hold rows)."""
    ctx = Context(policy.tz, export.person_id, export.names)
    book, guide = new_workbook(GUIDE)
    contents: list[tuple[str, str, int]] = []
    order = {table: n for n, table in enumerate(SHEETS)}  # 身份信息, 消息, 诉求 … 操作日志
    for table in sorted(export.records, key=lambda t: order.get(t, len(order))):
        rows = export.records[table]
        if not rows:
            continue
        section = SECTIONS.get(table, table)
        spec = SHEETS.get(table) or fallback(table, section, rows)
        title = _unique(spec.title, book)
        _records(book.create_sheet(title), spec, rows, ctx)
        contents.append((title, section, len(rows)))
    _guide(guide, export, policy, contents, ctx)
    return book


def _records(sheet: Worksheet, spec: SheetSpec, rows: list[dict[str, Any]], ctx: Context) -> None:
    append(sheet, [c.header for c in spec.columns])
    for row in rows:
        append(sheet, [c.show(row.get(c.key), ctx) for c in spec.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"  # every printed page repeats the header
    _printable(sheet)


def _guide(
    sheet: Worksheet,
    export: ResidentExport,
    policy: RetentionPolicy,
    contents: Sequence[tuple[str, str, int]],
    ctx: Context,
) -> None:
    people = export.records.get("people") or [{}]
    lines: list[Sequence[Any]] = [
        [TITLE],
        [],
        ["微信号", export.wechat_id],
        ["群昵称", people[0].get("display_name") or ""],
        ["导出时间", plain(export.at, ctx)],
        ["导出人", export.actor],
        [],
        ["工作表", "内容", "条数"],
        *([title, section, n] for title, section, n in contents),
    ]
    if not any(title != SHEETS["people"].title for title, _, _ in contents):
        lines.append(["", "除身份信息外，没有保存与您有关的其他记录。"])
    lines += [
        [],
        ["保存期限"],
        [
            "消息",
            f"群里和私聊里的消息，没有变成诉求、微心愿或待确认的，{policy.message_days} 天后删除。",
        ],
        [
            "诉求",
            f"一直保留；结案 {policy.case_years} 年后去掉报事人、房号和原话，"
            "只留诉求本身和统计数字。",
        ],
        ["身份信息", "微信号、群昵称、姓名、所在小区和楼栋：本人要求删除时删除。"],
        ["积分、报名、投票", "保留；本人要求删除时积分只留合计，报名和投票记录不再显示是谁。"],
        ["操作日志", f"控制台的操作记录保存 {policy.audit_years} 年。"],
        [],
        ["时间", f"表中的时间都是社区所在时区（{policy.tz.key}）的时间。"],
        ["疑问", "对这些信息有疑问，或要求更正、删除，请联系社区工作人员。"],
    ]
    for line in lines:
        append(sheet, line)
    sheet["A1"].font = Font(bold=True, size=14)
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value in ("工作表", "保存期限"):
            for cell in sheet[row[0].row]:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 64
    sheet.column_dimensions["C"].width = 8
    for row in sheet.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _printable(sheet: Worksheet) -> None:
    """Columns as wide as their content (within limits), long text wrapped, landscape pages
    one page wide: what a community worker prints for a resident."""
    for index, column in enumerate(sheet.iter_cols(max_row=WIDTH_SAMPLE), start=1):
        width = max((_width(c.value) for c in column), default=NARROW)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, NARROW), WIDE)
        if width > WIDE:
            for cell in sheet[get_column_letter(index)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _width(value: Any) -> int:
    """Display width: a Chinese character takes two columns."""
    text = "" if value is None else str(value)
    return 2 + sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _unique(title: str, book: Workbook) -> str:
    title, n = title[:31], 2
    base = title
    while title in book.sheetnames:
        title, n = f"{base[:28]}{n}", n + 1
    return title
