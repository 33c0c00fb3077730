"""Every Excel file Linli writes is built here, so residents' text always stays text.

A WeChat display name like `=HYPERLINK("http://…","x")` or a reason starting with `=` would
be a live formula in Excel (and `+ - @`, a tab or CR start one when the cell is edited or the
sheet is saved as CSV). Text that starts with one of those gets a leading apostrophe, and
every text cell is stored with the string type, so no cell we write is ever a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]  # title, header, rows


def text_safe(value: Any) -> Any:
    """The value as a cell may hold it: text that Excel would take for a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def append(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Add one row; text cells are stored as text whatever they start with.

    The cells are made here and handed to append(): reading the row back through
    `sheet[sheet.max_row]` costs a scan of every cell so far, which made a month of a
    district's points (tens of thousands of rows) quadratic (bench/volume.py).
    """
    cells = []
    for column, value in enumerate(values, start=1):
        # append() places the cell: it sets the row (and the column) itself.
        cell = Cell(sheet, row=1, column=column, value=text_safe(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"
        cells.append(cell)
    sheet.append(cells)


def new_workbook(first_title: str | None = None) -> tuple[Workbook, Worksheet]:
    """A workbook and its first sheet (named `first_title` when given)."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    if first_title:
        sheet.title = first_title[:31]
    return book, sheet


def table_workbook(sheets: Sequence[Sheet]) -> Workbook:
    """Header and rows per sheet, with the header row frozen: how every console table exports."""
    book = Workbook()
    blank = book.active
    assert isinstance(blank, Worksheet)
    book.remove(blank)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])
        append(sheet, header)
        for row in rows:
            append(sheet, row)
        sheet.freeze_panes = "A2"
    return book


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def save(book: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
