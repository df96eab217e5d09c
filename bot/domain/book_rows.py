"""One assignee's numbers in a ProgressBook (bot/domain/progress.py), kept together: a county's laggard
list computes every standing, and one dict lookup per assignee (an Assignee's hash is Python code) is
what a standing costs beside its arithmetic."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True)
class BookRow:
    """One assignee's numbers in a book: per task the counted, reported and verified sums and the
    quota; the recent counted sum; when the current level was reached (a unit: its latest member's)."""

    done: dict[str, int]
    reported: dict[str, int]
    verified: dict[str, int]
    quota: dict[str, int]
    recent: int = 0
    last: datetime | None = None

    @classmethod
    def zero(cls, tasks: tuple[str, ...]) -> BookRow:
        return cls(dict.fromkeys(tasks, 0), dict.fromkeys(tasks, 0), dict.fromkeys(tasks, 0), dict.fromkeys(tasks, 0))

    def add(
        self,
        tasks: tuple[str, ...],
        done: Mapping[str, int],
        reported: Mapping[str, int],
        verified: Mapping[str, int],
        recent: int,
        last: datetime | None,
    ) -> None:
        for t in tasks:
            self.done[t] += done.get(t, 0)
            self.reported[t] += reported.get(t, 0)
            self.verified[t] += verified.get(t, 0)
        self.recent += recent
        if last is not None and (self.last is None or last > self.last):
            self.last = last
