"""What a standing is (SPEC §2): an assignee's numbers against a milestone, its status, the one laggard
rule, and a broken `min_each` rule — the values ProgressBook (progress.py) computes and every view reads."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.domain.counting import Counted
from bot.domain.model import Assignee, Milestone
from bot.domain.workdays import DaysLeft


class Status(enum.StrEnum):
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    AT_RISK = "at_risk"


@dataclass(frozen=True, slots=True)
class TaskStanding:
    task: str
    done: int  # the counting number (counting_rule): what targets, status and ranking use
    quota: int
    target: int  # what the milestone in view asks for (the quota when no milestone is left)
    remaining: int  # target − done, never negative
    per_day: int  # remaining spread over the days left before that milestone, rounded up
    reported: int = 0  # both totals, for views that show them side by side
    verified: int = 0
    days_left: int = 1  # the working days left for that milestone (see ProgressBook.days_left), ≥ 1
    left: DaysLeft = DaysLeft.DAYS  # what is true of them: a count, only today, or none at all


class Reach:
    """When an assignee reached its level (bot/domain/reaching.py), worked out the first time it is asked:
    only a ranking asks, and a county's digest computes every standing but ranks none (a unit's moment
    is a search over its whole subtree's steps). Equal to another Reach, or a datetime, by that moment."""

    __slots__ = ("_at", "_find")

    def __init__(self, find: Callable[[], datetime | None]) -> None:
        self._find: Callable[[], datetime | None] | None = find
        self._at: datetime | None = None

    def at(self) -> datetime | None:
        if self._find is not None:
            self._at, self._find = self._find(), None
        return self._at

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Reach):
            return self.at() == other.at()
        return (other is None or isinstance(other, datetime)) and self.at() == other

    def __hash__(self) -> int:
        return hash(self.at())

    def __repr__(self) -> str:
        return f"Reach({self.at()!r})"


@dataclass(frozen=True, slots=True)
class Standing:
    assignee: Assignee
    tasks: tuple[TaskStanding, ...]
    completion: float | None  # Σ min(done, quota) / Σ quota; None when there is no quota at all
    raw_done: int
    raw_quota: int
    expected: float
    pace: float  # points: (completion − expected) × 100
    status: Status
    next_milestone: Milestone | None
    milestone_met: bool
    # When it reached its level: the ranking's tie-break (bot/domain/reaching.py); `reached_at` reads it.
    reach: datetime | Reach | None
    raw_reported: int = 0  # Σ reported and Σ verified over the tasks (raw_done is the counting one)
    raw_verified: int = 0

    @property
    def reached_at(self) -> datetime | None:
        return self.reach.at() if isinstance(self.reach, Reach) else self.reach

    def completion_of(self, counts: Counted) -> float | None:
        """The completion by either number, the way `completion` is by the counting one (the chart
        draws the other one as a lighter bar)."""
        if not self.raw_quota:
            return None
        done = (ts.verified if counts is Counted.VERIFIED else ts.reported for ts in self.tasks)
        return sum(min(n, ts.quota) for n, ts in zip(done, self.tasks, strict=True)) / self.raw_quota


LAGGING = (Status.BEHIND, Status.AT_RISK)


def is_laggard(standing: Standing, at: datetime) -> bool:
    """The one laggard rule (/laggards, digests, missed lists): with a quota, short of a target of the
    milestone in view, and not on pace to reach it — status behind or at risk while it is open (so no
    one labelled ahead or on track is ever listed as behind); once it is due, short is missed."""
    view = standing.next_milestone
    if not standing.raw_quota or standing.milestone_met:
        return False
    return view is None or at >= view.due or standing.status in LAGGING


@dataclass(frozen=True, slots=True)
class RuleViolation:
    unit: str
    task: str
    required: int
    done: int
