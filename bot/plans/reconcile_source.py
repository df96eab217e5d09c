"""A 核查 (reconciliation) file → its rows, or every problem with the cell it is in (issue 11 §4).

CSV or "Unicode text" (tab-separated; UTF-16 with a BOM, UTF-8, or GB18030 as Excel and WPS save
it in China) or XLSX, one row per unit or member and task: who, task, the checked count, the source
and the as-of date. Bounded like a plan file (size, rows, the workbook guard) and run in the
checker's child process (bot/plans/isolated.py). Names (and a date without a year) stay
text — resolving them needs the campaign, which the bot's process has (bot/domain/reconcile.py).
The templates the leader is sent are written from the same columns (bot/plans/layout.py), so that
they always read back (bot/render/reconcile_template.py).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import PurePath

from openpyxl.utils import get_column_letter

from bot.domain.days import written_day
from bot.domain.reconcile import Issue, SourceRow
from bot.plans.layout import NOTE_NAMES, RECONCILE_COLUMNS, RECONCILE_SHEETS, match_name
from bot.plans.limits import MAX_FILE_BYTES, MAX_NAME, MAX_RECONCILE_ROWS, MAX_SHEET_COLUMNS, megabytes
from bot.plans.numbers import whole_number
from bot.plans.value_basics import blank
from bot.plans.xlsx_guard import inspect_workbook
from bot.plans.xlsx_source import open_workbook, workbook_kind
from bot.plans.yaml_source import decode_text

MAX_COUNT = 1_000_000  # no ledger total can pass it either (the reports' trigger)

Cells = list[tuple[str, object]]  # (cell reference, value) per column of one row
Result = tuple[list[SourceRow], list[Issue]]


def read_reconcile(data: bytes, filename: str) -> Result:
    """The rows of a 核查 file, and every problem found (rows with a problem are left out)."""
    name = PurePath(filename).name or "file"
    suffix = PurePath(name).suffix.lower()
    if len(data) > MAX_FILE_BYTES:
        return [], [Issue(name, "reconcile.file_too_large", {"limit": megabytes(MAX_FILE_BYTES)})]
    if not data.strip():
        return [], [Issue(name, "reconcile.empty_file")]
    if (kind := workbook_kind(data, suffix)) == "xls":
        return [], [Issue(name, "reconcile.old_xls")]
    if kind == "xlsx":
        return _workbook(data, name)
    text = _decode(data)
    if text is None:
        return [], [Issue(name, "reconcile.not_text")]
    table: list[tuple[int, Cells]] = [
        (n, [(f"{get_column_letter(c + 1)}{n}", v) for c, v in enumerate(row)]) for n, row in _csv(text)
    ]
    return _rows(name, "", table)


def _decode(data: bytes) -> str | None:
    """Excel's and WPS's "Unicode text" is UTF-16 with a byte-order mark (it has NUL bytes: read first);
    else UTF-8 (BOM or not) or GB18030/GBK. A NUL byte in any of those is no text table but a binary
    file (an image, a renamed archive), whose cells would only be noise; the file is bounded above, so
    the whole of it is scanned. UTF-16 without a mark is not told apart from binary: it is refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-16")
        return None
    return None if b"\x00" in data else decode_text(data)


def _csv(text: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of the first MAX_RECONCILE_ROWS + 2 lines: a longer file is refused anyway.
    A tab in the header row makes it tab-separated ("Unicode text", a copy from a sheet), else commas."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = "\t" if "\t" in header else ","
    for number, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter), start=1):
        yield number, row[:MAX_SHEET_COLUMNS]
        if number > MAX_RECONCILE_ROWS + 1:
            return


_REFUSALS = {"plan.formula_not_computed": "reconcile.formula_not_computed"}  # the others: too big


def _workbook(data: bytes, name: str) -> Result:
    if refused := inspect_workbook(data, name):
        return [], [Issue(p.location, _REFUSALS.get(p.key, "reconcile.too_big"), dict(p.params)) for p in refused]
    book = open_workbook(data)
    if book is None:
        return [], [Issue(name, "reconcile.not_a_workbook")]
    sheets = [ws for ws in book.worksheets if match_name(ws.title, RECONCILE_SHEETS)] or book.worksheets[:1]
    ws = sheets[0]
    table = []
    for cells in ws.iter_rows(max_col=MAX_SHEET_COLUMNS, max_row=MAX_RECONCILE_ROWS + 2):
        table.append((cells[0].row, [(c.coordinate, c.value) for c in cells]))
    return _rows(name, f"{ws.title}!", table)


def _rows(name: str, prefix: str, table: list[tuple[int, Cells]]) -> Result:
    """Rows of (cell, value) below a header row: the file's SourceRows and its problems."""
    issues: list[Issue] = []
    if not table:
        return [], [Issue(name, "reconcile.empty_file")]
    columns = _columns(table[0][1], name, prefix, issues)
    body = [(n, cells) for n, cells in table[1:] if not all(blank(v) for _, v in cells)]
    if issues:
        return [], issues
    if not body:
        return [], [Issue(name, "reconcile.empty_file")]
    if len(body) > MAX_RECONCILE_ROWS:
        return [], [Issue(name, "reconcile.too_many_rows", {"limit": MAX_RECONCILE_ROWS})]
    rows, above = [], {"source": "", "as_of": ""}
    for number, cells in body:
        values = {column: cells[i] if i < len(cells) else (f"{get_column_letter(i + 1)}{number}", None)
                  for i, column in columns.items()}  # fmt: skip
        for column in ("source", "as_of"):  # a merged or blank cell repeats the one above
            ref, value = values[column]
            values[column] = (ref, above[column] if blank(value) else value)
            above[column] = values[column][1]  # type: ignore[assignment]
        row = _row(number, prefix, values, issues)
        if row is not None:
            rows.append(row)
    return rows, issues


def _columns(header: Cells, name: str, prefix: str, issues: list[Issue]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, (ref, value) in enumerate(header):
        if blank(value) or match_name(value, {"notes": NOTE_NAMES}):
            continue
        column = match_name(value, RECONCILE_COLUMNS)
        if column is None or column in columns.values():
            issues.append(Issue(prefix + ref, "reconcile.unknown_column", {"column": str(value).strip()[:MAX_NAME]}))
            continue
        columns[index] = column
    for column in RECONCILE_COLUMNS:
        if column not in columns.values():
            issues.append(Issue(name, "reconcile.missing_column", {"column": column}))
    return columns


def _row(number: int, prefix: str, values: dict[str, tuple[str, object]], issues: list[Issue]) -> SourceRow | None:
    found = len(issues)
    texts = {}
    for column in ("assignee", "task", "source"):
        ref, value = values[column]
        text = _text(value)
        if not text:
            issues.append(Issue(prefix + ref, "reconcile.missing", {"column": column}))
        elif len(text) > MAX_NAME:
            issues.append(Issue(prefix + ref, "reconcile.too_long", {"limit": MAX_NAME}))
        texts[column] = text
    ref, value = values["checked"]
    checked = _count(value)
    if checked is None:
        issues.append(Issue(prefix + ref, "reconcile.bad_count", {"value": _text(value)[:MAX_NAME]}))
    ref, value = values["as_of"]
    as_of = _date(value)
    if as_of is None:
        issues.append(Issue(prefix + ref, "reconcile.bad_date", {"value": _text(value)[:MAX_NAME]}))
    if len(issues) > found or checked is None or as_of is None:
        return None
    where = prefix + values["assignee"][0]
    when = prefix + values["as_of"][0]
    return SourceRow(number, where, texts["assignee"], texts["task"], checked, texts["source"], as_of, when)


def _text(value: object) -> str:
    """A cell as text: a name is data, whatever it looks like (`=SUM(A1)` is a name, never a formula)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _count(value: object) -> int | None:
    """A whole number by the plans' rule (1,200 and 12.0 are; 12.5 is not), at most MAX_COUNT."""
    count = whole_number(value)
    return count if count is not None and 0 <= count <= MAX_COUNT else None


def _date(value: object) -> date | str | None:
    """A date cell, or a day written with its year (bot/domain/days.py); one without (11月23日, 11-23)
    as written, for the campaign to place (bot/domain/reconcile.py); None: no date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    written = written_day(value) if isinstance(value, str) else None
    if written is None or written.year is None:
        return unicodedata.normalize("NFKC", value).strip() if written is not None and isinstance(value, str) else None
    return written.dated()
