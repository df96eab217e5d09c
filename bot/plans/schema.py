"""The plan's schema as pydantic models: the fields, types, ranges, choices and defaults of every
entry (the campaign, a task, a unit …); the value types are in values.py.

Every entry is validated on its own, so a bad task does not hide a bad member; rules across entries
(the tree, references, quotas within parents) are checked where the whole plan is seen
(validate.py, validate_org.py).
"""

from __future__ import annotations

from datetime import time
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationInfo, field_validator
from pydantic import model_validator as _model_validator

from bot.domain.model import RestDays, Role, VerificationMode
from bot.plans.number_values import Int, Number, Percent, PercentNumber, Quota
from bot.plans.value_basics import blank, fail, is_off
from bot.plans.values import (
    WORD,
    Bool,
    Code,
    Dates,
    Days,
    Key,
    Moment,
    Text,
    Texts,
    Time,
    Weekdays,
    Zone,
    hhmm,
)


class Entry(BaseModel):
    """One entry of a plan: unknown fields are refused, an empty cell or `key:` alone is absent."""

    model_config = ConfigDict(extra="forbid")
    spaces_matter: ClassVar[frozenset[str]] = frozenset()  # fields where only None is absent

    @_model_validator(mode="before")
    @classmethod
    def _given(cls, raw: Any) -> Any:
        return given(cls, raw) if isinstance(raw, dict) else raw


def given(model: type[BaseModel], raw: dict[Any, Any]) -> dict[str, Any]:
    keep: frozenset[str] = getattr(model, "spaces_matter", frozenset())
    return {str(k): v for k, v in raw.items()
            if str(k) not in model.model_fields or not (v is None or (blank(v) and str(k) not in keep))}  # fmt: skip


class Bulletin(Entry):
    daily_at: Time | None  # None: no daily bulletin
    rest_days: Annotated[Literal[RestDays.SEND, RestDays.SKIP], WORD] = RestDays.SEND


class Reminders(Entry):
    days_before: Days = (3, 1, 0)
    at: Time | None = None  # None: the REMINDER_TIME setting
    nudge_at: Annotated[Time | None, BeforeValidator(lambda v: None if is_off(v) else v)] = None  # None: no nudge
    rest_days: Annotated[RestDays, WORD] = RestDays.PREVIOUS

    @field_validator("nudge_at")
    @classmethod
    def _not_at_night(cls, nudge: time | None, info: ValidationInfo) -> time | None:
        """A nudge is for the evening, never at night: one inside the quiet hours (QUIET_HOURS) would be
        deferred to the next morning, about a day that is over, so the plan is refused instead."""
        if nudge is not None and (quiet := (info.context or {}).get("quiet_hours")) is not None:
            start, end = quiet
            if start <= nudge < end if start <= end else (nudge >= start or nudge < end):
                fail("nudge_in_quiet_hours", value=f"{nudge:%H:%M}", start=f"{start:%H:%M}", end=f"{end:%H:%M}")
        return nudge


def _bulletin(value: object) -> object:
    if is_off(value):
        return Bulletin.model_construct(daily_at=None)
    return value if isinstance(value, dict) else Bulletin.model_construct(daily_at=hhmm(value))  # `bulletin: 18:00`


def _reminders(value: object) -> object:
    return Reminders.model_construct(days_before=()) if is_off(value) else value


class Warnings(Entry):
    """Graduated warnings, counted in missed checkpoints; `warnings: off` (the default) sends none."""

    yellow_after: Annotated[Int, Field(ge=1)] = 1
    red_after: Annotated[Int, Field(ge=1)] = 2
    public_after: Annotated[Int, Field(ge=1)] = 3

    @_model_validator(mode="after")
    def _in_order(self) -> Warnings:
        """Yellow, then red, then public: a later step reached first would skip the private ones (steps
        may coincide: red at once, say), so a ladder going backwards is refused rather than guessed at."""
        if not self.yellow_after <= self.red_after <= self.public_after:
            fail("warnings_out_of_order", yellow=self.yellow_after, red=self.red_after, public=self.public_after)
        return self


class Anomalies(Entry):
    spike_factor: Annotated[Number, Field(gt=1)] = 3.0
    spike_peer_percentile: Annotated[Percent, Field(ge=50, le=100)] = 95
    last_day_share: Annotated[Percent, Field(ge=1, le=100)] = 40
    over_quota_percent: Annotated[Percent, Field(ge=100)] = 150
    night_start: Time = time(23, 0)
    night_end: Time = time(5, 0)
    round_repeat_days: Annotated[Int, Field(ge=2)] = 3


class Leave(Entry):
    resplit_after_days: Annotated[Int, Field(ge=1)] = 3  # working days of leave before a re-split is offered


class Reconcile(Entry):
    tolerance: Annotated[Int, Field(ge=0)] = 0
    tolerance_percent: Annotated[PercentNumber, Field(ge=0, le=100)] = 5.0


class CalendarEntry(Entry):
    """`calendar:` — the plan's own dates over chinese_calendar; `calendar: off`: every day works."""

    holidays: Dates = ()
    workdays: Dates = ()
    weekend: Weekdays | None = None  # None: Saturday and Sunday, and chinese_calendar decides first


def _warnings(value: object) -> object:
    # A spreadsheet gives three rows: all empty (or `off` in one) is off; an empty one keeps its default.
    if isinstance(value, dict):
        if any(is_off(v) for v in value.values()):
            return None
        given = {k: v for k, v in value.items() if not blank(v)}
        return given if given or not value else None  # `warnings: {}` in YAML: the defaults
    return None if is_off(value) else value


class Head(Entry):
    spaces_matter = frozenset({"bulletin", "reminders"})  # an empty bulletin cell is no time, not 18:00
    key: Key
    name: Text
    timezone: Zone | None = None  # before the dates, which are local to it
    start: Moment
    end: Moment
    verification: Annotated[VerificationMode, WORD] = VerificationMode.OPTIONAL
    bulletin: Annotated[Bulletin, BeforeValidator(_bulletin)] = Bulletin(daily_at=time(18, 0))
    public_warning_gap: Annotated[Int, Field(ge=0)] = 10
    reminders: Annotated[Reminders, BeforeValidator(_reminders)] = Reminders()
    name_cadres_in_bulletin: Bool = False
    verification_overdue_days: Annotated[Int, Field(ge=1)] = 3
    warnings: Annotated[Warnings | None, BeforeValidator(_warnings)] = None
    anomalies: Anomalies = Anomalies()
    leave: Leave = Leave()
    reconcile: Reconcile = Reconcile()


class Task(Entry):
    key: Key
    name: Text
    unit: Text
    aliases: Texts = ()
    max_per_report: Annotated[Int, Field(ge=1)] = 50


class MilestoneEntry(Entry):
    percent: Annotated[Percent, Field(ge=1, le=100)]
    due: Moment


class UnitEntry(Entry):
    spaces_matter = frozenset({"children"})
    code: Key
    name: Text
    level: Text | None = None  # None: the unit's depth, "1" for a top unit (validate_org.py)
    parent: Text | None = None  # a code or a unit name; nesting in YAML says the same
    children: list[Any] | None = None  # validated one by one, like the top-level list


class MemberEntry(Entry):
    name: Text
    unit: Text
    role: Annotated[Role, WORD]
    code: Code | None = None  # the member's key; the name when there is none
    language: Annotated[Literal["zh", "en"], WORD] = "zh"
    weight: Annotated[Number, Field(ge=0)] = 1.0


class MinEach(Entry):
    level: Text
    task: Text
    count: Annotated[Int, Field(ge=1)]
    by: Percent = 100  # a milestone's percent; the final deadline when not given


class RuleEntry(Entry):
    min_each: Any = None  # validated as MinEach, so that a bad count does not hide a bad level


class QuotaRow(Entry):
    """One assignee's quotas: a column per task, checked against the tasks by the validator."""

    model_config = ConfigDict(extra="allow")
    assignee: Text


QUOTA = TypeAdapter(Quota)
