"""The one workbook helper: text that Excel would run as a formula is written as text."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from bot.services.workbook import table_workbook, to_bytes
from tests.conftest import ROOT

NASTY = ['=HYPERLINK("http://x","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_text_that_looks_like_a_formula_is_stored_as_text() -> None:
    rows = [[v, 3, -4, 1.5, None, "普通文字"] for v in NASTY]
    book = load_workbook(io.BytesIO(to_bytes(table_workbook([("表", ["a", "b"], rows)]))))
    cells = [c for row in book["表"].iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [[c.value for c in row] for row in book["表"].iter_rows(min_row=2)]
    assert [r[0] for r in values] == ["'" + v for v in NASTY]
    assert values[0][1:] == [3, -4, 1.5, None, "普通文字"]  # numbers and plain text untouched


def test_every_workbook_is_built_by_the_helper() -> None:
    """A new export that builds its own Workbook() would skip the formula guard."""
    makers = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "bot").rglob("*.py")
        if re.search(r"\bWorkbook\(", path.read_text(encoding="utf-8"))
    ]
    assert makers == ["bot/services/workbook.py"]


def test_control_and_direction_characters_never_reach_a_cell() -> None:
    """A BEL would make openpyxl refuse the whole file; a right-to-left override would make
    a cell show something else than it holds (and could hide a leading `=`)."""
    rows = [["响铃\x07", "\u202e=1+1", "a\u2066b\u2069c\u200f", "换行\n保留"]]
    book = load_workbook(io.BytesIO(to_bytes(table_workbook([("表", ["a"] * 4, rows)]))))
    assert [c.value for c in book["表"][2]] == ["响铃\ufffd", "'=1+1", "abc", "换行\n保留"]


def test_text_spelled_like_an_error_code_stays_text() -> None:
    """Plain text goes to openpyxl as is (fast); "#N/A" and its kind would become error
    cells that way, so those alone are written as typed string cells."""
    rows = [["#N/A", "#DIV/0!", "#REF!", "N/A", "#话题"]]
    book = load_workbook(io.BytesIO(to_bytes(table_workbook([("表", ["a"] * 5, rows)]))))
    [cells] = list(book["表"].iter_rows(min_row=2))
    assert [c.value for c in cells] == rows[0]
    assert {c.data_type for c in cells} == {"s"}
