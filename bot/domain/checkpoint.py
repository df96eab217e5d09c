"""A checkpoint's own evaluation (SPEC §5): what was done against what the milestone asked, at the
moment the checkpoint ran. It is stored then, so a closed milestone is later reported as it was
judged (the export), not re-computed with today's totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.domain.leave import checkpoint_day, expected_on
from bot.domain.model import Assignee, AssigneeKind, Milestone
from bot.domain.progress import ProgressBook
from bot.domain.standing import RuleViolation, Standing


@dataclass(frozen=True, slots=True)
class TaskResult:
    """One assignee's one task at a checkpoint."""

    assignee: Assignee
    task: str
    done: int
    target: int

    @property
    def met(self) -> bool:
        return self.done >= self.target


def evaluate(book: ProgressBook, milestone: Milestone) -> list[TaskResult]:
    """Every unit and member of the book, every task they have a quota for: done and the target. A member
    on leave on the checkpoint's day is not judged by it (no result: neither met nor missed)."""
    tree = book.tree
    day = checkpoint_day(milestone.due, book.campaign.timezone)
    assignees = [Assignee.unit(c) for root in tree.roots() for c in tree.subtree_unit_codes(root.code)]
    assignees += [Assignee.member(m.key) for m in tree.members() if expected_on(book.away, m.key, day)]
    return [
        TaskResult(a, ts.task, ts.done, ts.target)
        for a in assignees
        for ts in book.standing(a, milestone).tasks
        if ts.quota > 0
    ]


def units_met(results: Iterable[TaskResult], codes: Sequence[str]) -> tuple[int, int]:
    """Of the units in `codes` that had a quota at the checkpoint: how many met every target, of how many."""
    wanted, met = set(codes), dict[str, bool]()
    for r in results:
        if r.assignee.kind is AssigneeKind.UNIT and r.assignee.key in wanted:
            met[r.assignee.key] = met.get(r.assignee.key, True) and r.met
    return sum(met.values()), len(met)


def missed_units(book: ProgressBook, unit_code: str, milestone: Milestone) -> list[Standing]:
    """The leader's unit and the units below it that had a quota and missed a target, level by level
    (their own first, then its children's level, …), least complete first within a level."""
    tree = book.tree
    standings = [book.standing(Assignee.unit(c), milestone) for c in tree.subtree_unit_codes(unit_code)]
    missed = [s for s in standings if s.raw_quota and not s.milestone_met]
    return sorted(missed, key=lambda s: (tree.depth(s.assignee.key), s.completion or 0.0))


def violations_in(book: ProgressBook, unit_code: str, milestone: Milestone) -> list[RuleViolation]:
    """The `min_each` rules due at `milestone` that a unit in the leader's subtree does not meet."""
    scope = set(book.tree.subtree_unit_codes(unit_code))
    return [v for v in book.rule_violations(milestone) if v.unit in scope]
