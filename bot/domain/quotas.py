"""Quotas and the split invariant (SPEC §2).

A unit's quota may be split among its children (sub-units and its own members); the children's
sum may be below the parent's (the "unassigned remainder") but never above it. A unit without an
explicit quota for a task has the sum of its children's as its effective quota, so a plan may
give quotas only at the level where they are decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.domain.errors import InvalidInput, OverAllocation
from bot.domain.model import Assignee, AssigneeKind
from bot.domain.tree import OrgTree

Quotas = Mapping[tuple[Assignee, str], int]


@dataclass(frozen=True, slots=True)
class OverAllocationIssue:
    unit: str
    task: str
    quota: int
    children_sum: int


def effective_quota(tree: OrgTree, quotas: Quotas, assignee: Assignee, task: str) -> int:
    explicit = quotas.get((assignee, task))
    if explicit is not None:
        return explicit
    if assignee.kind is AssigneeKind.MEMBER:
        return 0
    return sum(effective_quota(tree, quotas, child, task) for child in tree.children(assignee.key))


def children_sum(tree: OrgTree, quotas: Quotas, unit_code: str, task: str) -> int:
    return sum(effective_quota(tree, quotas, child, task) for child in tree.children(unit_code))


def over_allocations(tree: OrgTree, quotas: Quotas) -> list[OverAllocationIssue]:
    """Every unit whose EXPLICIT quota is below what its children were given."""
    issues = []
    for (assignee, task), quota in quotas.items():
        if assignee.kind is not AssigneeKind.UNIT or not tree.has_unit(assignee.key):
            continue
        given = children_sum(tree, quotas, assignee.key, task)
        if given > quota:
            issues.append(OverAllocationIssue(assignee.key, task, quota, given))
    return sorted(issues, key=lambda i: (tree.depth(i.unit), i.unit, i.task))


def unassigned(tree: OrgTree, quotas: Quotas, unit_code: str, task: str) -> int:
    """What the unit's leader has not yet handed down (never negative)."""
    own = effective_quota(tree, quotas, Assignee.unit(unit_code), task)
    return max(0, own - children_sum(tree, quotas, unit_code, task))


def holder_above(tree: OrgTree, quotas: Quotas, assignee: Assignee, task: str) -> str | None:
    """The nearest unit above `assignee` with its own quota for `task`: the one whose quota what the
    assignee is given comes out of (units in between without one only sum what is below them)."""
    parent = tree.parent_unit(assignee)
    for code in [parent, *tree.ancestors(parent)] if parent is not None else []:
        if (Assignee.unit(code), task) in quotas:
            return code
    return None


def check_assign(tree: OrgTree, quotas: Quotas, assignee: Assignee, task: str, n: int) -> None:
    """Refuse a quota that would put what is allocated under the nearest unit above with its own quota
    (the plan check's rule, over_allocations) above that quota, or fall below what the assignee itself
    already handed down. The error carries the numbers."""
    if n < 0:
        raise InvalidInput("error.negative_quota", count=n)
    holder = holder_above(tree, quotas, assignee, task)
    if holder is not None:
        quota = quotas[(Assignee.unit(holder), task)]
        given = children_sum(tree, {**quotas, (assignee, task): n}, holder, task)
        if given > quota:
            others = given - n  # the assignee adds n to the holder's sum: no quota of its own in between
            raise OverAllocation(
                unit=tree.unit(holder).name,
                task=task,
                quota=quota,
                assigned=others,
                requested=n,
                available=max(0, quota - others),
            )
    if assignee.kind is AssigneeKind.UNIT:
        below = children_sum(tree, quotas, assignee.key, task)
        if n < below:
            raise OverAllocation(
                "error.below_children", unit=tree.unit(assignee.key).name, task=task, requested=n, assigned=below
            )
