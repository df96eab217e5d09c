"""Graduated, private-first warnings (issue 11 §5): 黄牌 → 红牌 → public.

What is counted: the checkpoints a member *with a quota of their own* missed **in a row** — a
checkpoint is missed when any of the member's task targets was not reached when it was evaluated
(the stored evaluation, bot/domain/checkpoint.py). A met checkpoint resets the count; a checkpoint
at which the member had no quota neither counts nor resets. Units are not counted: a unit that
falls behind is already warned in the group bulletin (`public_warning_gap`), and members without a
quota of their own are reached through their unit's.

A *step* is taken at the checkpoint whose miss first reaches a level; a further miss at the top
level takes no new step, and after a reset a new run of misses climbs the ladder again.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from bot.domain.checkpoint import TaskResult
from bot.domain.model import AssigneeKind, Milestone, WarningLadder


class WarningLevel(enum.IntEnum):
    NONE = 0
    YELLOW = 1  # a private note to the member and their unit's leaders
    RED = 2  # … and to the leaders one level up
    PUBLIC = 3  # … and named in the group bulletin, when the campaign names cadres there

    @property
    def word(self) -> str:
        return self.name.lower()


def missed_in_a_row(history: Sequence[bool]) -> int:
    """`history`: met (True) or missed per checkpoint, oldest first → the misses since the last met one."""
    count = 0
    for met in reversed(history):
        if met:
            break
        count += 1
    return count


def level(ladder: WarningLadder, history: Sequence[bool]) -> WarningLevel:
    """The highest level whose threshold the misses in a row reach (NONE below the first)."""
    count = missed_in_a_row(history)
    thresholds = (
        (WarningLevel.PUBLIC, ladder.public_after),
        (WarningLevel.RED, ladder.red_after),
        (WarningLevel.YELLOW, ladder.yellow_after),
    )
    return next((lvl for lvl, after in thresholds if count >= after), WarningLevel.NONE)


def step(ladder: WarningLadder, history: Sequence[bool]) -> WarningLevel:
    """The level the latest checkpoint raised the member to; NONE when it raised nothing."""
    if not history:
        return WarningLevel.NONE
    now = level(ladder, history)
    return now if now > level(ladder, history[:-1]) else WarningLevel.NONE


def counting_from(
    ladder: WarningLadder | None, before: WarningLadder | None, since: datetime | None, now: datetime
) -> datetime | None:
    """The moment from which `ladder`, imported at `now` over a campaign stored with `before` (counted
    from `since`), counts: unchanged, it keeps counting from where it did (a re-import of the same plan
    restarts nothing); new or with other thresholds, from `now`. None: every checkpoint counts."""
    if ladder is None:
        return None
    return since if ladder == before else now


def not_counted(
    ladder: WarningLadder | None, before: WarningLadder | None, milestones: Iterable[Milestone], now: datetime
) -> tuple[int, ...]:
    """The checkpoints (percents) already due that a re-import at `now` starting or changing `ladder`
    leaves uncounted (counting_from is `now`), for the leader to read before confirming; none when the
    ladder is off or unchanged (what it left out was said when it was set)."""
    if ladder is None or ladder == before:
        return ()
    return tuple(m.percent for m in sorted(milestones, key=lambda m: m.due) if m.due <= now)


def histories(
    judged: Mapping[int, tuple[datetime, Iterable[TaskResult]]],
    until: datetime | None = None,
    since: datetime | None = None,
) -> dict[str, list[bool]]:
    """Per member key, met or missed at each judged checkpoint (percent → (due, results)) in due
    order, up to `until` (a due) when given, and only those due after `since` (the moment the ladder
    took effect) when given; only checkpoints at which the member had a quota."""
    out: dict[str, list[bool]] = {}
    for _, (due, results) in sorted(judged.items(), key=lambda item: item[1][0]):
        if (until is not None and due > until) or (since is not None and due <= since):
            continue
        met: dict[str, bool] = {}
        for r in results:
            if r.assignee.kind is AssigneeKind.MEMBER:
                met[r.assignee.key] = met.get(r.assignee.key, True) and r.met
        for key, ok in met.items():
            out.setdefault(key, []).append(ok)
    return out
