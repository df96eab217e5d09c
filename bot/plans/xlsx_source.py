"""Workbook → the neutral raw structure (the YAML's shape) plus a map from YAML paths to cells.

The reader only reshapes; it judges nothing a YAML file could also get wrong. What only a
workbook can get wrong — not a workbook, a missing sheet, a missing or unknown column — is
reported here, and the validator is told to stay quiet about the consequences (`silenced`).
"""

from __future__ import annotations

import io
import logging
import zipfile
from typing import Literal

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from bot.plans.layout import (
    CAMPAIGN_FIELDS,
    COLUMNS,
    NESTED_CAMPAIGN_FIELDS,
    NOTE_NAMES,
    REQUIRED_COLUMNS,
    REQUIRED_SHEETS,
    SCALAR_CAMPAIGN_FIELDS,
    SHEETS,
    TOP_LEVEL_CAMPAIGN_FIELDS,
    match_name,
)
from bot.plans.schema import Head
from bot.plans.table_source import TableSource
from bot.plans.value_basics import blank, is_off
from bot.plans.xlsx_calendar import fill_calendar

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls (and .doc)
log = logging.getLogger(__name__)


def _shown(cell: Cell) -> object:
    """The cell's value as the leader sees it: a number formatted as a percentage (0.75 shown as
    75%) becomes the text "75%", which a percent field reads and any other field refuses as written."""
    value = cell.value
    if "%" in (cell.number_format or "") and isinstance(value, int | float) and not isinstance(value, bool):
        percent = round(float(value) * 100, 6)  # 0.6 * 100 is 60.00000000000001
        return f"{int(percent) if percent.is_integer() else percent}%"
    return value.strip() if isinstance(value, str) else value


def _read_table(ws: Worksheet, sheet: str, out: TableSource) -> list[tuple[int, dict[str, tuple[str, object]]]]:
    """Rows of a sheet as {canonical column: (cell ref, value)}; headers are row 1."""
    header = next(ws.iter_rows(max_row=1), ())
    if not header:
        return []  # an empty required sheet is then reported like an empty YAML list
    columns: dict[int, str] = {}
    known = COLUMNS[sheet]
    for cell in header:
        if blank(cell.value) or match_name(cell.value, {"notes": NOTE_NAMES}):
            continue
        name = match_name(cell.value, known)
        if sheet == "quotas" and name is None:
            name = str(cell.value).strip()  # one column per task; the validator knows the tasks
        if name is None:
            out.refuse(f"{ws.title}!{cell.coordinate}", "plan.unknown_column", column=str(cell.value).strip())
            continue
        columns[cell.column] = name
    for required in REQUIRED_COLUMNS[sheet]:
        if required not in columns.values():
            out.refuse(f"sheet '{ws.title}'", "plan.missing_column", column=required)
            out.silenced_paths.add(f"{sheet}[*].{required}")
    table = []
    # Only the headed columns: openpyxl builds a cell for every position it is asked for, and a
    # stray value far to the right would otherwise cost a cell in every row.
    for row in ws.iter_rows(min_row=2, max_col=max(columns, default=1)):
        values = {columns[c.column]: (c.coordinate, _shown(c)) for c in row if c.column in columns}
        if all(blank(v) for _, v in values.values()):
            continue
        table.append((row[0].row, values))
    return table


def _fill_list(ws: Worksheet, sheet: str, out: TableSource) -> None:
    entries: list[object] = []
    for index, (row_number, values) in enumerate(_read_table(ws, sheet, out)):
        base = f"{sheet}[{index}]"
        out.places[base] = f"sheet '{ws.title}' row {row_number}"
        if sheet == "rules":  # YAML: - {min_each: {level, task, count, by}}
            out.places[base + ".min_each"] = out.places[base]
            base += ".min_each"
        entry: dict[str, object] = {}
        for name, (ref, value) in values.items():
            out.places[f"{base}.{name}"] = f"{ws.title}!{ref}"
            # Quota cells stay even when empty so an unknown task column is still noticed.
            if not blank(value) or sheet == "quotas":
                entry[name] = None if blank(value) else value
        entries.append({"min_each": entry} if sheet == "rules" else entry)
    out.doc[sheet] = entries


def _fill_campaign(ws: Worksheet, out: TableSource) -> None:
    campaign: dict[str, object] = {}
    seen: set[str] = set()
    for row_number, values in _read_table(ws, "campaign", out):
        if "field" not in values:
            continue
        field_ref, raw_name = values["field"]
        value_ref, value = values.get("value", (f"B{row_number}", None))
        cell = f"{ws.title}!{value_ref}"
        if blank(raw_name):  # a value with no field name next to it
            out.refuse(f"{ws.title}!{field_ref}", "plan.missing", field="field")
            continue
        name = match_name(raw_name, CAMPAIGN_FIELDS) or str(raw_name).strip()
        if name in TOP_LEVEL_CAMPAIGN_FIELDS:  # `calendar: off`, on the campaign sheet
            out.doc[name] = value
            out.places[name] = out.places[f"campaign.{name}"] = cell
            continue
        # A row of a mapping (`reminders_at`), or a mapping's own scalar row (`bulletin` is its time).
        parent, child = NESTED_CAMPAIGN_FIELDS.get(name) or (name, SCALAR_CAMPAIGN_FIELDS.get(name))
        if name in seen or (parent in campaign and (child is None or not isinstance(campaign[parent], dict))):
            out.refuse(f"{ws.title}!{field_ref}", "plan.duplicate_key", key=name if name in seen else parent)
            continue
        seen.add(name)
        if child is None:  # an unknown field is reported by the validator, at column A
            campaign[name] = value
            out.places[f"campaign.{name}"] = cell if name in CAMPAIGN_FIELDS else f"{ws.title}!{field_ref}"
        else:
            nested = campaign.setdefault(parent, {})
            assert isinstance(nested, dict)
            nested[child] = value
            out.places[f"campaign.{parent}.{child}"] = cell
            out.places.setdefault(f"campaign.{parent}", cell)
    for parent, child in SCALAR_CAMPAIGN_FIELDS.items():
        _combine_scalar(campaign, parent, child)
    out.doc["campaign"] = campaign


def _combine_scalar(campaign: dict[str, object], parent: str, child: str) -> None:
    """A mapping built from several campaign rows, `bulletin` from its time and its rest-day rule: its
    scalar row left out is the plan's default (18:00); `off` switches the whole mapping off (no daily
    bulletin has no rest days either)."""
    nested = campaign.get(parent)
    if not isinstance(nested, dict):
        return
    if child not in nested:
        nested[child] = getattr(Head.model_fields[parent].default, child)
    elif is_off(nested[child]) or len(nested) == 1:  # `bulletin: off`, or its time alone as written
        campaign[parent] = nested[child]


def workbook_kind(data: bytes, suffix: str) -> Literal["xls", "xlsx"] | None:
    """What a plan or 核查 file is by its name or its first bytes: a legacy "xls" workbook (openpyxl
    cannot read it), an "xlsx" workbook (any zip: the guard and openpyxl judge it), or neither."""
    if suffix == ".xls" or data.startswith(_OLE_MAGIC):
        return "xls"
    if suffix in {".xlsx", ".xlsm"} or data.startswith(_ZIP_MAGIC):
        return "xlsx"
    return None


def open_workbook(data: bytes) -> Workbook | None:
    """The workbook, or None when the bytes are not one."""
    try:
        # data_only: a formula cell is read as the value Excel/WPS last computed for it.
        return load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        return None
    except Exception:  # a damaged file can fail anywhere inside openpyxl's XML parsing
        log.info("unreadable workbook", exc_info=True)
        return None


def read_workbook(workbook: Workbook, filename: str) -> TableSource:
    out = TableSource()
    # The first sheet of each kind counts: reversed, so that it is the one written last.
    found = {match_name(ws.title, SHEETS): ws for ws in reversed(workbook.worksheets)}
    for sheet in SHEETS:
        if sheet not in found:
            if sheet in REQUIRED_SHEETS:
                out.refuse(filename, "plan.missing_sheet", sheet=sheet)
                out.silenced_paths.add(sheet)
            continue
        ws = found[sheet]
        out.places[sheet] = f"sheet '{ws.title}'"
        if sheet == "campaign":
            _fill_campaign(ws, out)
        elif sheet == "calendar":
            fill_calendar(ws, _read_table(ws, sheet, out), out)
        else:
            _fill_list(ws, sheet, out)
    return out
