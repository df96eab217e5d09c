"""The `/export` workbook: summary, units, members, leave, milestones, daily, ledger (SPEC §3.1, §6).

A pure writer from plain rows (the export service fills them from storage), one module per kind of
sheet under bot/render/sheets/. It is meant to be read by a leader: names rather than codes, words
of the reader's language rather than stored values, a totals row. The ledger is streamed in
openpyxl's write-only mode, so a million rows never sit in memory as cells; the daily sheet is
summed while it streams. Excel has no time zones: datetimes are written as naive local times and
the header says which zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from bot.render.sheets.checks import CheckRow, check_sheet
from bot.render.sheets.forecast import ForecastRow, forecast_sheet
from bot.render.sheets.leave import LeaveRow, leave_sheet
from bot.render.sheets.ledger import DailyTally, LedgerRow, ledger_sheets
from bot.render.sheets.progress import ProgressRow, progress_sheet
from bot.render.sheets.table import DATETIME, PERCENT, WHOLE_PERCENT, Column, Table
from bot.texts import t

__all__ = ["CheckRow", "ExportData", "LeaveRow", "LedgerRow", "MilestoneRow", "ProgressRow", "build_workbook"]


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    percent: int
    due: datetime
    met: int
    total: int
    state: str


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
    verifying: bool = False  # verification is on: pending and verified columns
    counting: str | None = None  # with verification on: which number counts (a summary row)
    warnings: bool = False  # graduated warnings on: each member's level (a members column)
    checks: Sequence[CheckRow] = ()  # 核查: the latest checked counts; the sheet is there once there are any
    forecasts: Sequence[ForecastRow] = ()  # the forecast sheet's rows (issue 11 §3)
    leaves: Sequence[LeaveRow] = ()  # 请假: the sheet is there once anyone in scope took leave


def _local(value: datetime, tz: ZoneInfo) -> datetime:
    return value.astimezone(tz).replace(tzinfo=None)


def _summary(wb: Workbook, data: ExportData, tz: ZoneInfo) -> None:
    lang = data.lang
    columns: list[Column[tuple[str, object]]] = [
        Column(t(lang, "export.field"), lambda r: r[0], 28),
        Column(t(lang, "export.value"), lambda r: r[1], 48),
    ]
    table = Table(wb, t(lang, "export.sheet_summary"), columns, lang)
    table.add((t(lang, "export.campaign"), f"{data.campaign_name} ({data.campaign_key})"))
    rows = [(t(lang, "export.generated_at", tz=data.timezone), _local(data.generated_at, tz)), *data.summary]
    for label, value in rows:
        shown = DATETIME if isinstance(value, datetime) else PERCENT if isinstance(value, float) else None
        table.add((label, value), formats={1: shown} if shown else None)
    if data.counting is not None:
        table.add((t(lang, "export.counting"), data.counting))
    table.finish()


def _milestones(wb: Workbook, data: ExportData, tz: ZoneInfo) -> None:
    lang = data.lang
    columns: list[Column[MilestoneRow]] = [
        Column(t(lang, "export.percent"), lambda m: m.percent / 100, 10, WHOLE_PERCENT),
        Column(t(lang, "export.due", tz=data.timezone), lambda m: _local(m.due, tz), 20, DATETIME),
        Column(t(lang, "export.met_units"), lambda m: m.met, 14),
        Column(t(lang, "export.total_units"), lambda m: m.total, 14),
        Column(t(lang, "export.state"), lambda m: m.state),
    ]
    table = Table(wb, t(lang, "export.sheet_milestones"), columns, lang)
    for m in data.milestones:
        table.add(m)
    table.finish()


def build_workbook(data: ExportData) -> bytes:
    lang, tz = data.lang, ZoneInfo(data.timezone)
    wb = Workbook(write_only=True)
    _summary(wb, data, tz)
    unit_headers = [t(lang, "export.level"), t(lang, "export.parent")]
    progress_sheet(wb, t(lang, "export.sheet_units"), lang, unit_headers, data.tasks, data.units,
                   ranked=True, verifying=data.verifying)  # fmt: skip
    member_headers = [t(lang, "export.unit"), t(lang, "export.role"), t(lang, "export.joined")]
    if data.warnings:
        member_headers.append(t(lang, "export.warning"))
    progress_sheet(wb, t(lang, "export.sheet_members"), lang, member_headers, data.tasks, data.members,
                   ranked=False, verifying=data.verifying)  # fmt: skip
    if data.leaves:
        leave_sheet(wb, lang, data.leaves)
    _milestones(wb, data, tz)
    if data.checks:
        check_sheet(wb, lang, data.checks)
    forecast_sheet(wb, lang, data.forecasts)
    tally = DailyTally([r.code for r in data.units if r.code], [k for k, _, _ in data.tasks])
    ledger_sheets(wb, lang, data.timezone, data.ledger, tally, verifying=data.verifying)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
