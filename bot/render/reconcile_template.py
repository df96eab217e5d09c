"""The 核查 (reconciliation) templates `/reconcile` sends: the columns a 核查 file needs, with the
bilingual headers the reader matches (bot/plans/layout.py, shared with bot/plans/reconcile_source.py
so that a template always reads back), and two example rows from the example plan."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from bot.plans.layout import RECONCILE_COLUMNS, header

TEMPLATE_SHEET = "核查 reconcile"
EXAMPLE_ROWS = (
    ("七岭村", "入户走访", 17, "县卫健局抽查", "2026-12-01"),
    ("张三", "健康体检", 4, "县卫健局抽查", "2026-12-01"),
)


def write_reconcile_template() -> bytes:
    """The template as a workbook (`/reconcile` sends it)."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = TEMPLATE_SHEET
    ws.append([header(column, aliases) for column, aliases in RECONCILE_COLUMNS.items()])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in EXAMPLE_ROWS:
        ws.append(list(row))
    for column in "ABCDE":
        ws.column_dimensions[column].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def reconcile_template_csv() -> bytes:
    """The same as CSV, UTF-8 with a byte-order mark so that Excel opens the Chinese right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header(column, aliases) for column, aliases in RECONCILE_COLUMNS.items()])
    writer.writerows(EXAMPLE_ROWS)
    return out.getvalue().encode("utf-8-sig")
