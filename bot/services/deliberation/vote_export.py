"""The 备案 ballot record of a vote as an Excel workbook: unit, owner, option (or 不记名), time.

Every cell is written as text (a name starting with "=" stays a name, never a formula).
"""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.deliberation.votes import Vote
from bot.ports import UnitOfWork
from bot.services.deliberation.vote_jobs import verdict
from bot.services.workbook import append, new_workbook

SECRET = "不记名"
HEADER = ("房屋", "投票人", "选项", "投票时间")


def _text_row(sheet: Worksheet, values: tuple[object, ...]) -> None:
    append(sheet, [str(v) for v in values])


def ballot_record(uow: UnitOfWork, vote: Vote, tz: ZoneInfo | None = None) -> bytes:
    tz = tz or ZoneInfo("Asia/Shanghai")
    book, sheet = new_workbook("投票记录")
    _text_row(sheet, (f"{vote.code} {vote.title}",))
    _text_row(sheet, HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for record in uow.ballots.records(vote.id or 0):
        option = SECRET if vote.secret or record.option is None else record.option
        when = record.cast_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        _text_row(sheet, (record.label, record.voter, option, when))
    for column, width in zip("ABCD", (28, 12, 10, 18), strict=True):
        sheet.column_dimensions[column].width = width
    totals = book.create_sheet("计票结果")
    counted = verdict(uow, vote)
    _text_row(totals, ("选项", "户数/人数", "面积（平方米）"))
    for option in vote.options:
        share = counted.by_option.get(option)
        _text_row(totals, (option, share.count if share else 0, share.area if share else 0))
    _text_row(totals, ("结论", counted.reason))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
