"""Ranking for bulletins and views (SPEC §3.3)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.domain.model import Assignee, AssigneeKind
from bot.domain.progress import ProgressBook
from bot.domain.standing import Standing, Status

_NEVER = datetime.max.replace(tzinfo=UTC)
PRAISEWORTHY = (Status.AHEAD, Status.ON_TRACK)


@dataclass(frozen=True, slots=True)
class RankedRow:
    rank: int
    standing: Standing


def praise(ranked: Sequence[RankedRow], missed: Collection[Assignee] = ()) -> list[Standing]:
    """Whom a bulletin praises, best first: those keeping pace (the best of a field that is behind is still
    behind) and, at a checkpoint, not among those who missed it — one ahead overall but short of a task's
    target is marked ❌ in the same message, and is not the one to applaud."""
    return [
        r.standing
        for r in ranked
        if r.standing.completion and r.standing.status in PRAISEWORTHY and r.standing.assignee not in missed
    ]


def rank(standings: Sequence[Standing]) -> list[RankedRow]:
    """By completion, highest first; ties go to whoever reached that level earlier — the moment its capped
    completion has held its level (bot/domain/reaching.py), worked out here for those ranked — then by key so
    the order is stable. Assignees without any quota rank last."""

    def order(s: Standing) -> tuple[float, datetime, str]:
        completion = s.completion if s.completion is not None else -1.0
        return (-completion, s.reached_at or _NEVER, s.assignee.key)

    return [RankedRow(i, s) for i, s in enumerate(sorted(standings, key=order), start=1)]


@dataclass(frozen=True, slots=True)
class Position:
    rank: int
    of: int  # how many are ranked


def rank_in_unit(book: ProgressBook, member_key: str, unit_code: str) -> Position | None:
    """A member's place among the members of their unit who have a quota (a leader without one is
    not a competitor, as in /progress); None when the member has no quota and so is not ranked."""
    peers = [s for s in book.children(unit_code) if s.assignee.kind is AssigneeKind.MEMBER and s.completion is not None]
    ranked = rank(peers)
    me = Assignee.member(member_key)
    return next((Position(r.rank, len(ranked)) for r in ranked if r.standing.assignee == me), None)


def ranked_children(book: ProgressBook, unit_code: str) -> tuple[list[RankedRow], list[Standing]]:
    """A unit's children as /progress lists them: those with a quota ranked, then those without one
    (nothing to rank by: listed with what they reported). Leaders sit in their unit as members; one
    with neither quota nor reports would be noise in the ranking and is left out."""
    children = [
        s for s in book.children(unit_code) if s.assignee.kind is AssigneeKind.UNIT or s.raw_quota or s.raw_done
    ]
    return rank([s for s in children if s.completion is not None]), [s for s in children if s.completion is None]


def most_improved(previous: Mapping[str, float], current: Sequence[Standing]) -> Standing | None:
    """The largest completion gain since the previous bulletin (by assignee key); None if nobody gained."""
    best: Standing | None = None
    best_gain = 0.0
    for s in current:
        if s.completion is None or s.assignee.key not in previous:
            continue
        gain = s.completion - previous[s.assignee.key]
        if gain > best_gain:
            best, best_gain = s, gain
    return best


def warnings(standings: Sequence[Standing], gap_points: int) -> list[Standing]:
    """Behind pace by MORE than gap_points: only these are warned in the group; worst first."""
    behind = [s for s in standings if s.completion is not None and -s.pace > gap_points]
    return sorted(behind, key=lambda s: s.pace)
