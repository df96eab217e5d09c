"""The 核查 templates /template sends beside the plan workbook: the columns a reconciliation file
needs (bilingual headers, as the reader matches them) and two example rows from the example plan."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from bot.plans.layout import header
from bot.plans.reconcile_source import COLUMNS

SHEET = "核查 reconcile"
EXAMPLE_ROWS = (
    ("七岭村", "入户走访", 17, "县卫健局抽查", "2026-12-01"),
    ("张三", "健康体检", 4, "县卫健局抽查", "2026-12-01"),
)


def _headers() -> list[str]:
    return [header(column, aliases) for column, aliases in COLUMNS.items()]


def write_reconcile_template() -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = SHEET
    ws.append(_headers())
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
    writer.writerow(_headers())
    writer.writerows(EXAMPLE_ROWS)
    return out.getvalue().encode("utf-8-sig")
