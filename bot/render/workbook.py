"""The `/export` workbook: summary, units, members, milestones, ledger (SPEC §3.1, §6).

A pure writer from plain rows (the export service fills them from storage). The ledger sheet is
streamed in openpyxl's write-only mode, so a million rows never sit in memory as cells.
Excel has no time zones: datetimes are written as naive local times and the header says which zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

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
DATETIME = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True, slots=True)
class ProgressRow:
    code: str
    name: str
    extra: tuple[object, ...]  # units: level, parent; members: unit code, role, joined
    done: Mapping[str, int]
    quota: Mapping[str, int]
    completion: float | None
    expected: float
    status: str
    rank: int | None = None


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    percent: int
    due: datetime
    met: int
    total: int
    state: str


@dataclass(frozen=True, slots=True)
class LedgerRow:
    id: int
    at: datetime
    member: str
    unit: str
    task: str
    delta: int
    source: str
    status: str
    verified_by: str
    corrects_id: int | None
    entered_by: str = ""  # the leader who reported it for the member (/report_for); empty: the member


@dataclass(frozen=True, slots=True)
class ExportData:
    campaign_name: str
    campaign_key: str
    generated_at: datetime
    timezone: str
    lang: str
    summary: Sequence[tuple[str, object]]
    tasks: Sequence[tuple[str, str, str]]  # key, name, counting unit
    units: Sequence[ProgressRow]
    members: Sequence[ProgressRow]
    milestones: Sequence[MilestoneRow]
    ledger: Iterable[LedgerRow]


def _cell(ws: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    """A cell holding `value`; names are data, so text that looks like a formula is stored as a
    string (never evaluated) with Excel's quote prefix (still text after someone edits it), and a
    control character the file format cannot hold becomes U+FFFD instead of failing the export."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


class _Sheet:
    """Write-only sheet helper: bold header, frozen first row, widths, auto-filter."""

    def __init__(self, ws: WriteOnlyWorksheet, header: Sequence[str], widths: Sequence[int]) -> None:
        self.ws = ws
        self.rows = 0
        self.columns = len(header)
        ws.freeze_panes = "A2"
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        bold = []
        for title in header:
            cell = _cell(ws, title)
            cell.font = Font(bold=True)
            bold.append(cell)
        ws.append(bold)

    def add(self, values: Sequence[object], formats: Mapping[int, str] | None = None) -> None:
        cells = []
        for i, value in enumerate(values):
            cell = _cell(self.ws, value)
            if formats and i in formats and value is not None:
                cell.number_format = formats[i]
            cells.append(cell)
        self.ws.append(cells)
        self.rows += 1

    def finish(self) -> None:
        self.ws.auto_filter.ref = f"A1:{get_column_letter(self.columns)}{self.rows + 1}"


def _local(value: datetime, tz: ZoneInfo) -> datetime:
    return value.astimezone(tz).replace(tzinfo=None)


def build_workbook(data: ExportData) -> bytes:
    lang, tz = data.lang, ZoneInfo(data.timezone)
    wb = Workbook(write_only=True)
    tasks = [k for k, _, _ in data.tasks]
    task_names = [n for _, n, _ in data.tasks]

    summary = _Sheet(
        wb.create_sheet(t(lang, "export.sheet_summary")), [t(lang, "export.field"), t(lang, "export.value")], [28, 48]
    )
    summary.add([t(lang, "export.campaign"), f"{data.campaign_name} ({data.campaign_key})"])
    summary.add([t(lang, "export.generated_at", tz=data.timezone), _local(data.generated_at, tz)], {1: DATETIME})
    for label, value in data.summary:
        summary.add([label, value], {1: PERCENT} if isinstance(value, float) else None)
    summary.finish()

    def progress_sheet(title: str, extra_headers: list[str], rows: Sequence[ProgressRow], ranked: bool) -> None:
        header = [t(lang, "export.code"), t(lang, "export.name"), *extra_headers]
        header += [t(lang, "export.done", task=n) for n in task_names]
        header += [t(lang, "export.quota", task=n) for n in task_names]
        header += [t(lang, "export.completion"), t(lang, "export.expected"), t(lang, "export.status")]
        header += [t(lang, "export.rank")] if ranked else []
        sheet = _Sheet(wb.create_sheet(title), header, [12, 16, *[12] * (len(header) - 2)])
        first_pct = 2 + len(extra_headers) + 2 * len(tasks)
        for r in rows:
            values: list[object] = [r.code, r.name, *r.extra]
            values += [r.done.get(k, 0) for k in tasks] + [r.quota.get(k, 0) for k in tasks]
            values += [r.completion, r.expected, r.status] + ([r.rank] if ranked else [])
            sheet.add(values, {first_pct: PERCENT, first_pct + 1: PERCENT})
        sheet.finish()

    progress_sheet(t(lang, "export.sheet_units"), [t(lang, "export.level"), t(lang, "export.parent")], data.units, True)
    progress_sheet(
        t(lang, "export.sheet_members"),
        [t(lang, "export.unit"), t(lang, "export.role"), t(lang, "export.joined")],
        data.members,
        False,
    )

    ms = _Sheet(
        wb.create_sheet(t(lang, "export.sheet_milestones")),
        [
            t(lang, "export.percent"),
            t(lang, "export.due", tz=data.timezone),
            t(lang, "export.met_units"),
            t(lang, "export.total_units"),
            t(lang, "export.state"),
        ],
        [10, 20, 14, 14, 12],
    )
    for m in data.milestones:
        ms.add([m.percent / 100, _local(m.due, tz), m.met, m.total, m.state], {0: "0%", 1: DATETIME})
    ms.finish()

    ledger = _Sheet(
        wb.create_sheet(t(lang, "export.sheet_ledger")),
        [
            "id",
            t(lang, "export.at", tz=data.timezone),
            t(lang, "export.member"),
            t(lang, "export.unit"),
            t(lang, "export.task"),
            t(lang, "export.delta"),
            t(lang, "export.source"),
            t(lang, "export.status"),
            t(lang, "export.verified_by"),
            t(lang, "export.corrects"),
            t(lang, "export.entered_by"),
        ],
        [8, 18, 14, 10, 12, 8, 10, 10, 14, 10, 14],
    )
    for row in data.ledger:
        ledger.add(
            [
                row.id,
                _local(row.at, tz),
                row.member,
                row.unit,
                row.task,
                row.delta,
                row.source,
                row.status,
                row.verified_by,
                row.corrects_id,
                row.entered_by,
            ],
            {1: DATETIME},
        )
    ledger.finish()

    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
