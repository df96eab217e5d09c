"""How long an "are you sure?" question may be answered (SPEC §3.2, §9: never act on stale state; pure).

A report confirmed with ✅ counts from when it was sent (the one day rule), so a late answer dates work in
the past. Left open for days, a question would let work land behind a checkpoint that was already judged,
or behind a 核查 cut-off. So an answer is accepted only within ANSWER_WINDOW of the question, and never
once a checkpoint of its campaign fell due after it was asked: the cadre sends the report again, and it
counts from then."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.domain.model import Milestone

# Long enough to finish a round of visits (or reach a signal) before answering; short enough that an answer
# cannot carry work far into the past — it stays within the evening it was sent, and a checkpoint falling due
# in between expires the question sooner.
ANSWER_WINDOW = timedelta(hours=2)


def expired(asked_at: datetime, now: datetime, milestones: Iterable[Milestone]) -> bool:
    """Whether an answer at `now` to a question asked at `asked_at` comes too late to act on."""
    if now - asked_at > ANSWER_WINDOW:
        return True
    return any(asked_at < m.due <= now for m in milestones)
