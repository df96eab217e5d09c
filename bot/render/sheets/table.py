"""A write-only sheet described by its columns: a sheet is a list of `Column`s over one kind of row,
so a column is added in one line where the sheet's list is, and the header, the width and the
number format travel with it.

Names are data: text that looks like a formula is stored as a string (never evaluated) with Excel's
quote prefix (still text after someone edits it), and a control character the file format cannot
hold becomes U+FFFD instead of failing the export. A yes/no value is written as a word of the
reader's language, never TRUE/FALSE.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.texts import t

# OWASP "CSV injection": text starting with one of these is a formula to Excel and WPS.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PERCENT = "0.0%"
WHOLE_PERCENT = "0%"
DATETIME = "yyyy-mm-dd hh:mm"
DATE = "yyyy-mm-dd"

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    title: str
    value: Callable[[R], object]
    width: int = 12
    number_format: str | None = None


def cell(ws: WriteOnlyWorksheet, value: object, lang: str) -> WriteOnlyCell:
    if isinstance(value, bool):
        value = t(lang, "export.yes" if value else "export.no")
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    written = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        written.data_type = "s"
        written.quotePrefix = True
    return written


class Table(Generic[R]):
    """Bold header, frozen first row, widths and an auto-filter over the rows written."""

    def __init__(self, wb: Workbook, title: str, columns: Sequence[Column[R]], lang: str) -> None:
        self.ws: WriteOnlyWorksheet = wb.create_sheet(title)
        self.columns = list(columns)
        self.lang = lang
        self.rows = 0
        self.ws.freeze_panes = "A2"
        for i, column in enumerate(self.columns, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = column.width
        header = []
        for column in self.columns:
            title_cell = cell(self.ws, column.title, lang)
            title_cell.font = Font(bold=True)
            header.append(title_cell)
        self.ws.append(header)

    def add(self, row: R, *, bold: bool = False, formats: Mapping[int, str] | None = None) -> None:
        """`formats`: number formats of this row only, by column index (a summary's mixed values)."""
        cells = []
        for i, column in enumerate(self.columns):
            value = column.value(row)
            written = cell(self.ws, value, self.lang)
            number_format = (formats or {}).get(i) or column.number_format
            if number_format and isinstance(value, int | float | datetime | date) and not isinstance(value, bool):
                written.number_format = number_format
            if bold:
                written.font = Font(bold=True)
            cells.append(written)
        self.ws.append(cells)
        self.rows += 1

    def finish(self) -> None:
        self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{self.rows + 1}"
