"""Domain vocabulary of campaign-bot (SPEC §2).

Pure data: no telegram, aiosqlite or I/O imports. Every datetime here is timezone-aware;
the code that builds these objects (plan loader, storage) is responsible for that.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time


class Role(enum.StrEnum):
    LEADER = "leader"
    CADRE = "cadre"


class VerificationMode(enum.StrEnum):
    OFF = "off"  # bulletins count every non-rejected report
    OPTIONAL = "optional"  # leaders may verify; bulletins still count unverified reports
    REQUIRED = "required"  # bulletins count only verified reports


class ReportStatus(enum.StrEnum):
    REPORTED = "reported"
    VERIFIED = "verified"
    REJECTED = "rejected"


class ReportSource(enum.StrEnum):
    BUTTON = "button"
    TEXT = "text"
    CORRECTION = "correction"


class AssigneeKind(enum.StrEnum):
    UNIT = "unit"
    MEMBER = "member"


@dataclass(frozen=True, slots=True)
class Assignee:
    """Who a quota belongs to: a unit (by code) or a member (by member key)."""

    kind: AssigneeKind
    key: str

    @classmethod
    def unit(cls, code: str) -> Assignee:
        return cls(AssigneeKind.UNIT, code)

    @classmethod
    def member(cls, key: str) -> Assignee:
        return cls(AssigneeKind.MEMBER, key)


@dataclass(frozen=True, slots=True)
class Unit:
    code: str  # unique, ASCII, used in commands
    name: str
    level: str  # free text: county, town, village, ...
    parent_code: str | None = None


@dataclass(frozen=True, slots=True)
class Member:
    """A roster entry. `key` is the plan's member code, or its display name when no code is given."""

    key: str
    name: str
    unit_code: str
    role: Role
    language: str = "zh"
    weight: float = 1.0  # weight column used by `/split <task> weights`
    telegram_user_id: int | None = None


@dataclass(frozen=True, slots=True)
class TaskType:
    key: str  # ASCII
    name: str  # display name, e.g. 入户走访
    unit: str  # counting unit, e.g. 户
    aliases: tuple[str, ...] = ()
    max_per_report: int = 50

    @property
    def names(self) -> tuple[str, ...]:
        """Every word that names this task in free text: display name, aliases and key."""
        return (self.name, *self.aliases, self.key)


@dataclass(frozen=True, slots=True)
class Milestone:
    percent: int  # 1..100
    due: datetime  # aware

    def target(self, quota: int) -> int:
        """ceil(percent × quota / 100) in exact integer arithmetic (no float rounding surprises)."""
        return -(-self.percent * quota // 100)


@dataclass(frozen=True, slots=True)
class MinEachRule:
    """Every unit of `level` must reach at least `count` of `task` by the `by_percent` milestone."""

    level: str
    task: str
    count: int
    by_percent: int


class RestDays(enum.StrEnum):
    """What a scheduled message due on a rest day does (issue 11 §1)."""

    PREVIOUS = "previous"  # moves to the previous working day, same time
    SKIP = "skip"
    SEND = "send"  # sent on the rest day as planned


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    """The campaign's working calendar: `chinese_calendar` (holidays and 调休 make-up days), overridden
    by the plan's own dates. `enabled=False` (`calendar: off`) makes every day a working day.
    `weekend_given`: the plan stated its weekend rule itself, so it covers every date (no warning
    for dates beyond chinese_calendar's data). Weekdays are 0 = Monday … 6 = Sunday."""

    enabled: bool = True
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    weekend: tuple[int, ...] = (5, 6)
    weekend_given: bool = False


@dataclass(frozen=True, slots=True)
class WarningLadder:
    """Graduated warnings (issue 11 §5): counted in missed checkpoints."""

    yellow_after: int = 1
    red_after: int = 2
    public_after: int = 3


@dataclass(frozen=True, slots=True)
class AnomalyThresholds:
    """Integrity signals (issue 11 §4): each anomaly rule's threshold."""

    spike_factor: float = 3.0  # a day above this × the member's own median daily total …
    spike_peer_percentile: int = 95  # … and above this percentile of the peers' daily totals
    last_day_share: int = 40  # percent of a member's total reported in the 24 h before a checkpoint
    over_quota_percent: int = 150  # a total above this percent of the quota
    night_start: time = time(23, 0)  # reports sent between these local times
    night_end: time = time(5, 0)
    round_repeat_days: int = 3  # the same round number (a multiple of 10) on this many days


@dataclass(frozen=True, slots=True)
class BulletinSchedule:
    daily_at: time | None = time(18, 0)  # None = daily bulletin off
    rest_days: RestDays = RestDays.SEND  # send | skip


@dataclass(frozen=True, slots=True)
class ReminderSchedule:
    days_before: tuple[int, ...] = (3, 1, 0)
    at: time = time(9, 0)
    nudge_at: time | None = None  # one gentle evening nudge to cadres behind who sent nothing that day; None: off
    rest_days: RestDays = RestDays.PREVIOUS


@dataclass(frozen=True, slots=True)
class Campaign:
    key: str
    name: str
    start: datetime  # aware
    end: datetime  # aware; the final deadline
    timezone: str = "Asia/Shanghai"
    tasks: tuple[TaskType, ...] = ()
    milestones: tuple[Milestone, ...] = ()  # sorted by due; the last one is due at `end`
    rules: tuple[MinEachRule, ...] = ()
    verification: VerificationMode = VerificationMode.OPTIONAL
    bulletin: BulletinSchedule = field(default_factory=BulletinSchedule)
    reminders: ReminderSchedule = field(default_factory=ReminderSchedule)
    public_warning_gap: int = 10  # points behind pace before a unit is warned in the group
    name_cadres_in_bulletin: bool = False
    cancelled: bool = False
    verification_overdue_days: int = 3  # a report waiting longer for review is listed to the leader above
    # Built in code, a campaign counts every day; a plan without `calendar:` gets chinese_calendar
    # (plans/validate.py), and so does a campaign stored before calendars existed.
    calendar: CalendarSpec = field(default_factory=lambda: CalendarSpec(enabled=False))
    warnings: WarningLadder | None = None  # None: no graduated warnings
    anomalies: AnomalyThresholds = field(default_factory=AnomalyThresholds)
    leave_resplit_after: int = 3  # a leave of more working days offers the leader a re-split
    reconcile_tolerance: int = 0  # a 核查 difference within max(count, percent of checked) is no discrepancy
    reconcile_tolerance_percent: float = 5.0

    def task(self, key: str) -> TaskType | None:
        return next((t for t in self.tasks if t.key == key), None)

    def task_name(self, key: str) -> str:
        task = self.task(key)
        return task.name if task else key

    def next_milestone(self, at: datetime) -> Milestone | None:
        return next((m for m in self.milestones if m.due >= at), None)
