"""The workbook's 日历 (calendar) sheet → the YAML's `calendar:` mapping (issue 11 §1).

One row a date: `date 日期` and `kind 类型` (holiday/休息/节假日 or workday/上班/调休上班); a row of kind
周末 (weekend) carries the weekend's days in its date cell. Every date is checked here, in its cell,
because the YAML's list of dates would only be located as a whole; the rest is the validator's."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

from pydantic import BeforeValidator, TypeAdapter, ValidationError

from bot.plans.layout import CALENDAR_KINDS, match_name
from bot.plans.problems import catalogued
from bot.plans.value_basics import blank, shown
from bot.plans.values import Weekdays, calendar_day

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from bot.plans.table_source import TableSource

Rows = list[tuple[int, dict[str, tuple[str, object]]]]
_CELLS: dict[str, TypeAdapter[object]] = {
    "weekend": TypeAdapter(Weekdays),
    "day": TypeAdapter(Annotated[date, BeforeValidator(calendar_day)]),
}


def fill_calendar(ws: Worksheet, rows: Rows, out: TableSource) -> None:
    calendar: dict[str, object] = {}
    lists: dict[str, list[object]] = {"holidays": [], "workdays": []}
    for row_number, values in rows:
        kind_ref, kind = values.get("kind", (f"B{row_number}", None))
        date_ref, day = values.get("date", (f"A{row_number}", None))
        if blank(kind):
            out.refuse(f"{ws.title}!{kind_ref}", "plan.missing", field="kind")
            continue
        if (which := match_name(kind, CALENDAR_KINDS)) is None:
            out.refuse(f"{ws.title}!{kind_ref}", "plan.calendar_kind", value=shown(kind))
            continue
        if blank(day):
            out.refuse(f"{ws.title}!{date_ref}", "plan.missing", field="date")
            continue
        if which == "weekend" and "weekend" in calendar:
            out.refuse(f"{ws.title}!{kind_ref}", "plan.duplicate_key", key="weekend")
            continue
        try:  # the validator's own reading of the cell, here to point at it
            _CELLS["weekend" if which == "weekend" else "day"].validate_python(day)
        except ValidationError as error:
            _, key, params = catalogued(error.errors(include_url=False)[0], "")
            out.refuse(f"{ws.title}!{date_ref}", key, **params)
            continue
        if which == "weekend":
            calendar["weekend"] = day
            out.places["calendar.weekend"] = f"{ws.title}!{date_ref}"
        else:
            lists[which].append(day)
    calendar |= {name: dates for name, dates in lists.items() if dates}
    if "calendar" not in out.doc:
        out.doc["calendar"] = calendar
    elif rows:  # `calendar: off` on the campaign sheet, and dates here too (an empty sheet says nothing)
        out.refuse(f"sheet '{ws.title}'", "plan.calendar_twice")
