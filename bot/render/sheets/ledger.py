"""The ledger sheet (every report, streamed row by row) and the daily sheet drawn from it: per day,
unit and task, what was reported and what was verified."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from bot.render.sheets.table import DATE, DATETIME, Column, Table
from bot.texts import t


@dataclass(frozen=True, slots=True)
class LedgerRow:
    id: int
    at: datetime
    day: date  # the day the work counts for, in the campaign's time zone (services/export.row_day)
    member: str  # names, as a leader knows them
    unit: str
    task: str
    delta: int
    source: str  # ReportSource value, worded by the sheet
    status: str  # ReportStatus value, worded by the sheet
    verified_by: str
    corrects_id: int | None
    unit_code: str = ""  # what the daily sheet groups by: two units may share a name
    task_key: str = ""
    entered_by: str = ""  # the leader who reported it for the member (/report_for); empty: the member
    flags: tuple[str, ...] = ()  # anomaly reason codes (bot/domain/anomalies.Reason values), worded by the sheet


@dataclass(frozen=True, slots=True)
class DailyRow:
    day: date
    unit: str
    task: str
    reported: int  # not rejected
    verified: int


class DailyTally:
    """Sums the ledger per (day, unit, task) while it streams past: a few numbers per day and unit,
    whatever the ledger's length."""

    def __init__(self, unit_order: Sequence[str], task_order: Sequence[str]) -> None:
        self.unit_order = {code: i for i, code in enumerate(unit_order)}
        self.task_order = {key: i for i, key in enumerate(task_order)}
        self.sums: dict[tuple[date, str, str], list[int]] = {}
        self.names: dict[tuple[str, str], tuple[str, str]] = {}

    def count(self, row: LedgerRow) -> None:
        if row.status == "rejected":
            return
        sums = self.sums.setdefault((row.day, row.unit_code, row.task_key), [0, 0])
        sums[0] += row.delta
        if row.status == "verified":
            sums[1] += row.delta
        self.names[(row.unit_code, row.task_key)] = (row.unit, row.task)

    def rows(self) -> list[DailyRow]:
        def order(key: tuple[date, str, str]) -> tuple[object, ...]:
            day, unit, task = key
            last = len(self.unit_order)  # units no longer in the plan come after, by name
            return day, self.unit_order.get(unit, last), self.names[(unit, task)][0], self.task_order.get(task, 0)

        out = []
        for key in sorted(self.sums, key=order):
            unit, task = self.names[(key[1], key[2])]
            out.append(DailyRow(key[0], unit, task, *self.sums[key]))
        return out


def _local(value: datetime, tz: ZoneInfo) -> datetime:
    return value.astimezone(tz).replace(tzinfo=None)


def _flags(lang: str, codes: Sequence[str]) -> str:
    return t(lang, "views.list_sep").join(t(lang, f"flags.code.{code}") for code in codes)


def ledger_sheets(
    wb: Workbook, lang: str, timezone: str, ledger: Iterable[LedgerRow], tally: DailyTally, *, verifying: bool
) -> None:
    """The daily sheet, then the ledger; the daily rows are written once the whole ledger is read."""
    tz = ZoneInfo(timezone)
    daily_columns: list[Column[DailyRow]] = [
        Column(t(lang, "export.day"), lambda r: r.day, 12, DATE),
        Column(t(lang, "export.unit"), lambda r: r.unit, 16),
        Column(t(lang, "export.task"), lambda r: r.task, 14),
        Column(t(lang, "export.reported"), lambda r: r.reported),
    ]
    if verifying:
        daily_columns.append(Column(t(lang, "export.verified"), lambda r: r.verified))
    daily = Table(wb, t(lang, "export.sheet_daily"), daily_columns, lang)
    ledger_columns: list[Column[LedgerRow]] = [
        Column("id", lambda r: r.id, 8),
        Column(t(lang, "export.at", tz=timezone), lambda r: _local(r.at, tz), 18, DATETIME),
        Column(t(lang, "export.member"), lambda r: r.member, 14),
        Column(t(lang, "export.unit"), lambda r: r.unit, 14),
        Column(t(lang, "export.task"), lambda r: r.task, 14),
        Column(t(lang, "export.delta"), lambda r: r.delta, 8),
        Column(t(lang, "export.source"), lambda r: t(lang, f"export.source_{r.source}"), 10),
        Column(t(lang, "export.status"), lambda r: t(lang, f"export.status_{r.status}"), 10),
        Column(t(lang, "export.verified_by"), lambda r: r.verified_by, 14),
        Column(t(lang, "export.corrects"), lambda r: r.corrects_id, 10),
        Column(t(lang, "export.work_date"), lambda r: r.day, 12, DATE),
        Column(t(lang, "export.entered_by"), lambda r: r.entered_by, 14),
        Column(t(lang, "export.flags"), lambda r: _flags(lang, r.flags), 18),
    ]
    table = Table(wb, t(lang, "export.sheet_ledger"), ledger_columns, lang)
    for row in ledger:
        table.add(row)
        tally.count(row)
    table.finish()
    for day in tally.rows():
        daily.add(day)
    daily.finish()
