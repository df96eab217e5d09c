"""Plan workbooks the plan test modules share: GOOD, the sheets of a valid XLSX plan, and `workbook`
to save such sheets; the example plan and helpers to save an edited template and find its rows."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import datetime, time

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.plans import PlanDoc, load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML


def workbook(sheets: Mapping[str, Sequence[Sequence[object]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD: dict[str, list[list[object]]] = {
    "campaign": [
        ["field", "value"],
        ["key", "spring"],
        ["name", "春季活动"],
        ["start", datetime(2027, 3, 1, 8, 0)],  # a real Excel date-time cell
        ["end", "2027-04-30 18:00"],  # ISO text
        ["bulletin", time(17, 30)],  # Excel turns a typed 17:30 into a time cell
        ["reminders_days_before", "2、0"],
        ["reminders_at", "08:00"],
    ],
    "tasks": [
        ["key", "name", "unit", "aliases", "max_per_report"],
        ["visit", "入户走访", "户", "走访、家访, visit", 30],
    ],
    "milestones": [["percent", "due"], [50, "2027-04-01T18:00"]],
    "units": [
        ["code", "name", "level", "parent"],
        ["town", "一镇", "town", None],
        [101, "一村", "village", "town"],  # a numeric code cell
    ],
    "members": [
        ["name", "unit", "role", "code", "language", "weight"],
        ["张三", "101", "cadre", None, None, 2.5],
        ["李四", "一镇", "leader", "A7", "en", None],
    ],
    "quotas": [["assignee", "visit"], ["town", 30.0], ["101", "20"], ["张三", 5]],
    "rules": [["level", "task", "count", "by"], ["village", "visit", 2, 50]],
}


def example() -> PlanDoc:
    return load_plan(EXAMPLE_PLAN_YAML.encode("utf-8"), "plan.yaml")


def saved(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row_where(ws: Worksheet, column: int, value: object) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, column).value == value)
