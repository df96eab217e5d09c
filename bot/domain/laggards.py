"""How laggard lists are ordered for reading, and who has gone quiet (SPEC §5).

Who lags is decided once, by progress.is_laggard (ProgressBook.laggards); here the list is grouped by
the plan's levels — towns before villages, people last — and members in scope are measured by the
days they have sent nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.domain.model import AssigneeKind
from bot.domain.progress import Standing
from bot.domain.tree import OrgTree


@dataclass(frozen=True, slots=True)
class LevelGroup:
    level: str | None  # the plan's level name of these units; None: people
    standings: tuple[Standing, ...]


def by_level(tree: OrgTree, standings: Iterable[Standing]) -> list[LevelGroup]:
    """Units grouped by level, the level nearest the root first (a level's depth is its shallowest
    unit's), then the people; each group keeps the order it was given in (least complete first)."""
    units: dict[str, list[Standing]] = {}
    depth: dict[str, int] = {}
    people: list[Standing] = []
    for s in standings:
        if s.assignee.kind is AssigneeKind.MEMBER:
            people.append(s)
            continue
        level = tree.unit(s.assignee.key).level
        units.setdefault(level, []).append(s)
        depth[level] = min(depth.get(level, tree.depth(s.assignee.key)), tree.depth(s.assignee.key))
    groups = [LevelGroup(level, tuple(units[level])) for level in sorted(units, key=lambda lv: depth[lv])]
    return groups + ([LevelGroup(None, tuple(people))] if people else [])


def silent_days(last_report: date | None, start: date, today: date) -> int:
    """Whole days in a row, today included, on which a member sent no report: since the day after
    their last report, or since the campaign's first day when they never reported. 0 when they
    reported today (or the campaign has not begun)."""
    first_silent = start if last_report is None else max(start, date.fromordinal(last_report.toordinal() + 1))
    return max(0, (today - first_silent).days + 1)
