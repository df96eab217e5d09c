"""What a plan file becomes: a validated PlanDoc, or a list of Problems (SPEC §4).

A Problem carries a catalogue key and parameters, never a sentence, so the same validation
result can be shown in Chinese to a leader in chat and in English to an operator on the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import TYPE_CHECKING

from bot.domain.model import Assignee, Campaign, Member, Unit
from bot.texts import t

if TYPE_CHECKING:
    from bot.settings import Settings


@dataclass(frozen=True)
class Problem:
    """One mistake in a plan file, located precisely enough for a leader to find it."""

    location: str  # YAML path ("tasks[2].key") or workbook place ("tasks!B4", "sheet 'quotas' row 5")
    key: str  # catalogue key "plan.<reason>"
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return f"{self.location}: {t(lang, self.key, **self.params)}"


@dataclass(frozen=True)
class PlanDefaults:
    """What a plan gets when it names no time zone or reminder time (SPEC §7 TIMEZONE, REMINDER_TIME)."""

    timezone: str = "Asia/Shanghai"
    reminder_time: time = time(9, 0)
    quiet_hours: tuple[time, time] | None = (time(21, 0), time(8, 0))  # QUIET_HOURS: no nudge inside them

    @classmethod
    def of(cls, settings: Settings | None) -> PlanDefaults:
        if settings is None:
            return SPEC_DEFAULTS
        return cls(settings.timezone, settings.reminder_time, settings.quiet_hours)


SPEC_DEFAULTS = PlanDefaults()


@dataclass(frozen=True)
class PlanDoc:
    campaign: Campaign
    units: tuple[Unit, ...]  # flattened tree, parents before children
    members: tuple[Member, ...]
    quotas: dict[tuple[Assignee, str], int]
    # Worth a look, but the plan is good (dates no working calendar covers). Not part of the plan
    # itself: the same plan as YAML or as a workbook only differs in where the warning points.
    warnings: tuple[Problem, ...] = field(default=(), compare=False)


class PlanInvalid(Exception):
    """Raised by load_plan with every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s): " + "; ".join(p.render("en") for p in problems[:5]))
