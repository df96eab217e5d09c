"""PlanDoc → workbook in the layout the plan reader accepts (bot/plans/layout.py, shared with it so
the two cannot drift apart); `/template` sends the example plan this way.

The workbook is what a leader edits in Excel or WPS, so it carries bilingual headers, real
date-time cells in the campaign's local time, and a 说明/README sheet (texts from the catalogue,
Chinese first, English below).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.model import Assignee, Role
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.plans.layout import (
    CALENDAR_KINDS,
    CAMPAIGN_FIELDS,
    COLUMNS,
    NESTED_CAMPAIGN_FIELDS,
    NOTE_NAMES,
    README_SHEET,
    header,
)
from bot.plans.limits import MAX_MEMBERS, MAX_UNITS
from bot.plans.loader import load_plan
from bot.plans.types import PlanDoc
from bot.plans.values import WEEKDAY_NAMES
from bot.render.sheets.table import FORMULA_START
from bot.texts import t

_README_PARTS = ("intro", "campaign", "tasks", "milestones", "units", "members", "quotas", "rules", "calendar",
                 "dates", "warnings", "anomalies")  # fmt: skip
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_LIST_ROWS = 1000  # rows of a drop-down list where the sheet's own limit is not larger


def _hhmm(value: time | None) -> str:
    return "off" if value is None else value.strftime("%H:%M")


def _number(value: float) -> float:
    return int(value) if float(value).is_integer() else value  # 3, not 3.0, in the leader's cell


def _local(value: datetime, tz: ZoneInfo) -> datetime:
    # Excel has no time zones: write the wall-clock time; the reader applies the campaign's zone.
    return value.astimezone(tz).replace(tzinfo=None)


def _sheet(wb: Workbook, name: str, rows: Sequence[Sequence[object]], headers: list[str] | None = None) -> Worksheet:
    ws = wb.create_sheet(name)
    ws.append(headers or [header(c, a) for c, a in COLUMNS[name].items()])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for column in ws.columns:
        width = max(len(str(c.value or "")) for c in column)
        ws.column_dimensions[column[0].column_letter].width = min(max(12, width * 1.6), 50)
        for c in column:
            if isinstance(c.value, datetime):
                c.number_format = _DATETIME_FORMAT
            elif isinstance(c.value, str) and c.value.startswith(FORMULA_START):
                # Names are data: openpyxl takes any "=…" string for a formula, which Excel would compute
                # and the reader refuse; a quote-prefixed text cell stays text, even once edited.
                c.data_type, c.quotePrefix = "s", True
    ws.freeze_panes = "A2"
    return ws


def _readme(wb: Workbook) -> None:
    ws = wb.active
    assert ws is not None
    ws.title = README_SHEET
    ws.column_dimensions["A"].width = 110
    for lang in ("zh", "en"):
        ws.append([t(lang, "plan.readme.title")])
        ws.cell(ws.max_row, 1).font = Font(bold=True, size=13)
        for part in _README_PARTS:
            ws.append([t(lang, f"plan.readme.{part}")])
            ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.append([])


def _campaign_rows(plan: PlanDoc, tz: ZoneInfo) -> list[list[object]]:
    c = plan.campaign
    values: dict[str, object] = {
        "key": c.key, "name": c.name, "start": _local(c.start, tz), "end": _local(c.end, tz), "timezone": c.timezone,
        "verification": c.verification.value, "bulletin": _hhmm(c.bulletin.daily_at),
        "public_warning_gap": c.public_warning_gap,
        # `off`, not an empty cell: an empty row keeps the default days (3、1、0)
        "reminders_days_before": "、".join(str(d) for d in c.reminders.days_before) or "off",
        "reminders_at": _hhmm(c.reminders.at), "reminders_nudge_at": _hhmm(c.reminders.nudge_at),
        "name_cadres_in_bulletin": c.name_cadres_in_bulletin,
        "verification_overdue_days": c.verification_overdue_days,
        "warnings_yellow_after": c.warnings.yellow_after if c.warnings else None,
        "warnings_red_after": c.warnings.red_after if c.warnings else None,
        "warnings_public_after": c.warnings.public_after if c.warnings else None,
        "leave_resplit_after_days": c.leave_resplit_after,
        "reminders_rest_days": c.reminders.rest_days.value, "bulletin_rest_days": c.bulletin.rest_days.value,
    }  # fmt: skip
    # Every threshold has its row, the defaults too, so a leader finds them and a round trip keeps them.
    for name, (parent, child) in NESTED_CAMPAIGN_FIELDS.items():
        if parent == "anomalies":
            value = getattr(c.anomalies, child)
            values[name] = _hhmm(value) if isinstance(value, time) else _number(value)
    values["reconcile_tolerance"] = c.reconcile_tolerance
    values["reconcile_tolerance_percent"] = _number(c.reconcile_tolerance_percent)
    if not c.calendar.enabled:
        values["calendar"] = "off"  # every day a working day; the calendar sheet is then left empty
    return [[header(name, CAMPAIGN_FIELDS[name]), value] for name, value in values.items()]


def _calendar_rows(plan: PlanDoc) -> list[list[object]]:
    """The plan's own calendar dates, one a row, and its weekend when it states one; the first row
    carries a note on what the sheet is for (chinese_calendar covers the announced years)."""
    spec = plan.campaign.calendar
    if not spec.enabled:
        return []
    kinds = {kind: " ".join(names[:2]) for kind, names in CALENDAR_KINDS.items()}
    rows: list[list[object]] = [[d, kinds["holidays"]] for d in sorted(spec.holidays)]
    rows += [[d, kinds["workdays"]] for d in sorted(spec.workdays)]
    if spec.weekend_given:
        rows.append(["、".join(WEEKDAY_NAMES[d] for d in spec.weekend) or "none", kinds["weekend"]])
    if rows:
        rows[0].append(t("zh", "plan.calendar_sheet_note"))
    return rows


def _quota_rows(plan: PlanDoc) -> list[list[object]]:
    tasks = [task.key for task in plan.campaign.tasks]
    order = [Assignee.unit(u.code) for u in plan.units] + [Assignee.member(m.key) for m in plan.members]
    rows: list[list[object]] = []
    for assignee in order:
        row: list[object] = [plan.quotas.get((assignee, task)) for task in tasks]
        if any(v is not None for v in row):
            rows.append([assignee.key, *row])  # a unit code or member key, as the reader resolves
    return rows


def _offer(ws: Worksheet, column: str, choices: str, *, strict: bool, rows: int = _LIST_ROWS) -> None:
    """A drop-down list on a column below its header. `strict`: anything else is refused as it is
    typed (roles, languages, task keys); otherwise the list is a hint and a new value may be typed (a
    level is free text). Excel's and WPS's own check only: the importer judges every value anyway."""
    offer = DataValidation(type="list", formula1=choices, allow_blank=True, showErrorMessage=strict)
    offer.add(f"{column}2:{column}{rows + 1}")
    ws.add_data_validation(offer)


def _inline(values: Sequence[str]) -> str | None:
    """An inline list formula, when the values can be written in one (Excel caps it at 255 characters
    and splits on commas)."""
    formula = '"' + ",".join(values) + '"'
    return formula if values and len(formula) <= 255 and not any("," in v or '"' in v for v in values) else None


def _drop_downs(wb: Workbook, plan: PlanDoc) -> None:
    members, units, rules = wb["members"], wb["units"], wb["rules"]
    if roles := _inline([r.value for r in Role]):
        _offer(members, _column("members", "role"), roles, strict=True, rows=MAX_MEMBERS)
    _offer(members, _column("members", "language"), '"zh,en"', strict=True, rows=MAX_MEMBERS)
    if levels := _inline(list(dict.fromkeys(u.level for u in plan.units))):
        _offer(units, _column("units", "level"), levels, strict=False, rows=MAX_UNITS)
        _offer(rules, _column("rules", "level"), levels, strict=False)
    # The key column of the tasks sheet itself: a task added there is offered too.
    keys = _column("tasks", "key")
    _offer(rules, _column("rules", "task"), f"tasks!${keys}$2:${keys}${_LIST_ROWS + 1}", strict=True)


def _column(sheet: str, name: str) -> str:
    return str(get_column_letter(list(COLUMNS[sheet]).index(name) + 1))


def plan_to_xlsx(plan: PlanDoc) -> bytes:
    """The plan as an editable workbook; load_plan() on the result gives the same PlanDoc back."""
    c = plan.campaign
    tz = ZoneInfo(c.timezone)
    wb = Workbook()
    _readme(wb)
    _sheet(wb, "campaign", _campaign_rows(plan, tz))
    _sheet(wb, "tasks", [[k.key, k.name, k.unit, "、".join(k.aliases), k.max_per_report] for k in c.tasks])
    _sheet(wb, "milestones", [[m.percent, _local(m.due, tz)] for m in c.milestones])
    _sheet(wb, "units", [[u.code, u.name, u.level, u.parent_code] for u in plan.units])
    members = [
        [m.name, m.unit_code, m.role.value, None if m.key == m.name else m.key, m.language,
         int(m.weight) if m.weight.is_integer() else m.weight]
        for m in plan.members
    ]  # fmt: skip
    _sheet(wb, "members", members)
    quota_headers = [header("assignee", COLUMNS["quotas"]["assignee"])]
    quota_headers += [f"{task.key} {task.name}" for task in c.tasks]
    _sheet(wb, "quotas", _quota_rows(plan), quota_headers)
    _sheet(wb, "rules", [[r.level, r.task, r.count, r.by_percent] for r in c.rules])
    calendar_headers = [header(c, a) for c, a in COLUMNS["calendar"].items()] + [f"notes {NOTE_NAMES[2]}"]
    for cell in _sheet(wb, "calendar", _calendar_rows(plan), calendar_headers)["A"][1:]:
        cell.number_format = "yyyy-mm-dd"
    _drop_downs(wb, plan)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_template() -> bytes:
    """The example plan as a filled-in, documented workbook (the `/template` reference)."""
    return plan_to_xlsx(load_plan(EXAMPLE_PLAN_YAML.encode("utf-8"), "example.yaml"))
