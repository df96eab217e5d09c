"""The export's 核查 sheet (issue 11 §4): per unit or member and task, the latest checked count beside
what was reported and verified up to its as-of date, the difference, and where the count came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook

from bot.render.sheets.table import DATE, Column, Table
from bot.texts import t


@dataclass(frozen=True, slots=True)
class CheckRow:
    name: str
    task: str
    reported: int
    verified: int
    checked: int
    source: str
    as_of: date

    @property
    def difference(self) -> int:
        return self.reported - self.checked


def check_sheet(wb: Workbook, lang: str, rows: Sequence[CheckRow]) -> None:
    columns: list[Column[CheckRow]] = [
        Column(t(lang, "export.assignee"), lambda r: r.name, 18),
        Column(t(lang, "export.task"), lambda r: r.task, 14),
        Column(t(lang, "export.reported"), lambda r: r.reported),
        Column(t(lang, "export.verified"), lambda r: r.verified),
        Column(t(lang, "export.checked"), lambda r: r.checked),
        Column(t(lang, "export.difference"), lambda r: r.difference, 18),
        Column(t(lang, "export.check_source"), lambda r: r.source, 18),
        Column(t(lang, "export.as_of"), lambda r: r.as_of, 12, DATE),
    ]
    table = Table(wb, t(lang, "export.sheet_checks"), columns, lang)
    for row in rows:
        table.add(row)
    table.finish()
