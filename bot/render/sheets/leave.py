"""The export's leave sheet (请假, issue 11 §2): one row per leave of a member in scope — dates only,
never a reason — and how many campaign days it covers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook

from bot.render.sheets.table import DATE, Column, Table
from bot.texts import t


@dataclass(frozen=True, slots=True)
class LeaveRow:
    name: str
    unit: str
    first: date
    last: date
    days: int  # the campaign days it covers


def leave_sheet(wb: Workbook, lang: str, rows: Sequence[LeaveRow]) -> None:
    columns: list[Column[LeaveRow]] = [
        Column(t(lang, "export.member_name"), lambda r: r.name, 14),
        Column(t(lang, "export.unit"), lambda r: r.unit, 14),
        Column(t(lang, "export.leave_first"), lambda r: r.first, 12, DATE),
        Column(t(lang, "export.leave_last"), lambda r: r.last, 12, DATE),
        Column(t(lang, "export.leave_days"), lambda r: r.days, 8),
    ]
    table = Table(wb, t(lang, "export.sheet_leave"), columns, lang)
    for row in rows:
        table.add(row)
    table.finish()
