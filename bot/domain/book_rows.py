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
    quota; the recent counted sum; when the counted sum reached what it is, and when the assignee last
    sent a report (a unit: its latest member's of each, as its sum last moved with theirs)."""

    done: dict[str, int]
    reported: dict[str, int]
    verified: dict[str, int]
    quota: dict[str, int]
    recent: int = 0
    reached: datetime | None = None
    sent: datetime | None = None

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
        reached: datetime | None,
        sent: datetime | None,
    ) -> None:
        for t in tasks:
            self.done[t] += done.get(t, 0)
            self.reported[t] += reported.get(t, 0)
            self.verified[t] += verified.get(t, 0)
        self.recent += recent
        if reached is not None and (self.reached is None or reached > self.reached):
            self.reached = reached
        if sent is not None and (self.sent is None or sent > self.sent):
            self.sent = sent
