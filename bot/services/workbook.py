"""Every Excel file Linli writes is built here, so residents' text always stays text.

A WeChat display name like `=HYPERLINK("http://…","x")` or a reason starting with `=` would
be a live formula in Excel (and `+ - @`, a tab or CR start one when the cell is edited or the
sheet is saved as CSV). Text that starts with one of those gets a leading apostrophe, and
every text cell is stored with the string type, so no cell we write is ever a formula.

Two more kinds of character never reach a cell: control characters that the xlsx format
cannot hold (openpyxl would raise on them, so one stray BEL in a nickname would break the
whole export) become U+FFFD, and the bidirectional overrides and isolates (U+202A–202E,
U+2066–2069, the LRM/RLM/ALM marks) are dropped, since they only make a cell display
something other than what it holds.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"

Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]  # title, header, rows


def text_safe(value: Any) -> Any:
    """The value as a cell may hold it: text that Excel would take for a formula is quoted,
    unstorable control characters are replaced and direction overrides dropped."""
    if not isinstance(value, str):
        return value
    value = BIDI_CONTROLS.sub("", UNSTORABLE.sub(REPLACEMENT, value))
    return "'" + value if value.startswith(FORMULA_START) else value


def append(sheet: Worksheet | WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    """Add one row; text cells are stored as text whatever they start with.

    The text cells are made here rather than found again after `sheet.append` (through
    `sheet[sheet.max_row]`, which scans every cell of the sheet: quadratic in the rows, about
    two minutes for a resident's 10,000 messages)."""
    sheet.append([_cell(sheet, text_safe(v)) for v in values])


def _cell(sheet: Worksheet | WriteOnlyWorksheet, value: Any) -> Any:
    # openpyxl types any other text as a string by itself (text_safe() has quoted a leading
    # "="); only an error code's spelling ("#N/A") would become an error cell. Making a Cell
    # for every text was a third of a district export's time.
    if not isinstance(value, str) or value not in ERROR_CODES:
        return value
    cell = Cell(sheet, row=1, column=1, value=value)  # append gives it its real place
    cell.data_type = "s"
    return cell


def new_workbook(first_title: str | None = None) -> tuple[Workbook, Worksheet]:
    """A workbook and its first sheet (named `first_title` when given)."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    if first_title:
        sheet.title = first_title[:31]
    return book, sheet


def streaming_workbook() -> Workbook:
    """A write-only workbook: each row goes to a temporary file as it is appended, so a
    district's month of ledger rows is never held as cell objects (openpyxl's write-only
    mode; sheets are added with `add_sheet`, and the book can be saved once)."""
    return Workbook(write_only=True)


def add_sheet(book: Workbook, title: str, header: Sequence[str]) -> WriteOnlyWorksheet:
    """A write-only sheet with its header row frozen."""
    sheet = book.create_sheet(title[:31])
    assert isinstance(sheet, WriteOnlyWorksheet)
    sheet.freeze_panes = "A2"
    append(sheet, header)
    return sheet


def table_workbook(sheets: Sequence[Sheet]) -> Workbook:
    """Header and rows per sheet, with the header row frozen: how every console table exports.
    Written in write-only mode (rows streamed out as they are appended)."""
    book = streaming_workbook()
    for title, header, rows in sheets:
        sheet = add_sheet(book, title, header)
        for row in rows:
            append(sheet, row)
    return book


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def save(book: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
