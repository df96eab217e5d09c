"""How laggard lists are ordered for reading, and who has gone quiet (SPEC §5).

Who lags is decided once, by progress.is_laggard (ProgressBook.laggards); here the list is grouped by
the plan's levels — towns before villages, people last — and members in scope are measured by the
days they have sent nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from bot.domain.model import AssigneeKind, Member, Role
from bot.domain.progress import SILENCE
from bot.domain.standing import Standing
from bot.domain.tree import OrgTree

SILENT_DAYS = SILENCE.days  # "no report for 3 days in a row": the silence that also makes a laggard at risk


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


@dataclass(frozen=True, slots=True)
class Silent:
    """A member in scope who sent nothing for `days` whole days in a row, today included."""

    member: str  # member key
    unit: str  # their unit's code
    days: int
    ever_reported: bool
    joined: bool  # bound to a Telegram account: one who never joined cannot report at all


def expected_to_report(member: Member, has_own_quota: bool) -> bool:
    """Cadres report (a quota on their unit reaches them, SPEC §5), and so does anyone with a quota of
    their own; a leader without one is not missed for sending nothing."""
    return member.role is Role.CADRE or has_own_quota


def silent_members(
    tree: OrgTree, keys: Iterable[str], last_report: Mapping[str, date], start: date, today: date, at_least: int
) -> list[Silent]:
    """Of `keys` (members of `tree`, in its order), those silent for at least `at_least` days; grouped
    by unit in the order given, the longest silent first within a unit."""
    out = []
    for key in keys:
        member, last = tree.member(key), last_report.get(key)
        days = silent_days(last, start, today)
        if days >= max(1, at_least):
            out.append(Silent(key, member.unit_code, days, last is not None, member.telegram_user_id is not None))
    units = {code: i for i, code in enumerate(dict.fromkeys(s.unit for s in out))}
    return sorted(out, key=lambda s: (units[s.unit], -s.days))
