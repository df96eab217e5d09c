"""One assignee's numbers in a ProgressBook (bot/domain/progress.py), kept together: a county's laggard
list computes every standing, and one dict lookup per assignee (an Assignee's hash is Python code) is
what a standing costs beside its arithmetic."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.reaching import Steps


@dataclass(slots=True)
class BookRow:
    """One assignee's numbers in a book: per task the counted, reported and verified sums and the
    quota; the recent counted sum; when the assignee last sent a report (a unit: its latest member's);
    per task the counted steps of each member-task it sums (a unit: every one of its subtree's, what
    its tie-break is found on: bot/domain/reaching.py)."""

    done: dict[str, int]
    reported: dict[str, int]
    verified: dict[str, int]
    quota: dict[str, int]
    recent: int = 0
    sent: datetime | None = None
    steps: dict[str, list[Steps]] = field(default_factory=dict)

    @classmethod
    def zero(cls, tasks: tuple[str, ...]) -> BookRow:
        zero = dict.fromkeys(tasks, 0)
        return cls(dict(zero), dict(zero), dict(zero), dict(zero), steps={t: [] for t in tasks})

    def add(
        self,
        tasks: tuple[str, ...],
        done: Mapping[str, int],
        reported: Mapping[str, int],
        verified: Mapping[str, int],
        recent: int,
        sent: datetime | None,
        steps: Mapping[str, Sequence[Steps]],
    ) -> None:
        for t in tasks:
            self.done[t] += done.get(t, 0)
            self.reported[t] += reported.get(t, 0)
            self.verified[t] += verified.get(t, 0)
        self.recent += recent
        for t in tasks:
            if parts := steps.get(t):
                self.steps[t].extend(parts)
        if sent is not None and (self.sent is None or sent > self.sent):
            self.sent = sent
