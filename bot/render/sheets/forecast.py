"""The forecast sheet (issue 11 §3): per unit and member in scope and task with a quota, the rates,
the projections at the checkpoint and at the end, and when the checkpoint's target is reached at the
last 5 working days' pace (bot/domain/forecast.py). Too early, or never reached: a note says so."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from openpyxl import Workbook

from bot.domain.forecast import Forecast, TaskForecast
from bot.render.sheets.table import DATE, PERCENT, WHOLE_PERCENT, Column, Table
from bot.texts import t

RATE = "0.00"


@dataclass(frozen=True, slots=True)
class ForecastRow:
    code: str
    name: str
    task: str  # the task's name
    forecast: Forecast

    @property
    def known(self) -> TaskForecast | None:
        return self.forecast if isinstance(self.forecast, TaskForecast) else None


def _rate(value: Fraction) -> float:
    return round(float(value), 2)


def _note(lang: str, row: ForecastRow) -> str | None:
    f = row.known
    if f is None:
        return t(lang, "export.fc_too_early")
    if f.met:
        return t(lang, "export.fc_met")
    return t(lang, "export.fc_never") if f.reach is None and f.target is not None else None


def forecast_sheet(wb: Workbook, lang: str, rows: Sequence[ForecastRow]) -> None:
    def of(pick: str) -> Column[ForecastRow]:  # a forecast's field, blank when too early
        return Column(t(lang, f"export.fc_{pick}"), lambda r: getattr(r.known, pick, None) if r.known else None, 12)

    def shown(
        title: str, value: Callable[[ForecastRow], object], number_format: str | None = None
    ) -> Column[ForecastRow]:
        return Column(t(lang, title), value, 14, number_format)

    def percent(r: ForecastRow) -> float | None:
        return r.known.percent / 100 if r.known and r.known.percent is not None else None

    def due(r: ForecastRow) -> date | None:
        return r.known.due if r.known else None

    columns: list[Column[ForecastRow]] = [
        Column(t(lang, "export.code"), lambda r: r.code),
        Column(t(lang, "export.name"), lambda r: r.name, 16),
        Column(t(lang, "export.task"), lambda r: r.task, 14),
        of("done"),
        of("quota"),
        shown("export.fc_run_rate", lambda r: _rate(r.known.run_rate) if r.known else None, RATE),
        shown("export.fc_recent_rate", lambda r: _rate(r.known.recent_rate) if r.known else None, RATE),
        shown("export.fc_percent", percent, WHOLE_PERCENT),
        shown("export.fc_due", due, DATE),
        of("at_due"),
        shown("export.fc_share_at_due", lambda r: r.known.share_at_due if r.known else None, PERCENT),
        shown("export.fc_reach", lambda r: r.known.reach if r.known else None, DATE),
        shown("export.fc_late", lambda r: r.known.late if r.known and r.known.reach else None),
        of("at_end"),
        shown("export.fc_share_at_end", lambda r: r.known.share_at_end if r.known else None, PERCENT),
        Column(t(lang, "export.fc_note"), lambda r: _note(lang, r), 28),
    ]
    table = Table(wb, t(lang, "export.sheet_forecast"), columns, lang)
    for row in rows:
        table.add(row)
    table.finish()
