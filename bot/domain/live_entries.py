"""The live ledger as the integrity rules read it (anomalies.py, spikes.py, peers.py, task_flags.py):
each live report, and each member's day total of a task. Live: neither rejected nor undone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Entry:
    """One live report: who, which task, how many, when sent (aware), the day it counts for."""

    id: int
    member_id: int
    task: str
    delta: int
    at: datetime
    day: date
    proxy: bool = False  # entered by a leader on the member's behalf


@dataclass(frozen=True, slots=True)
class DayTotal:
    member_id: int
    task: str
    day: date
    total: int
