"""Splitting a unit's unassigned quota among its children (SPEC §3.1 /split).

Children that already have a quota keep it and receive a share on top. `min_each` rules are
honoured first: every unit of the rule's level below the unit is first brought to the smallest
quota whose milestone target reaches the rule's count; the rest is split by weight with the
largest-remainder method, so the shares sum exactly to the remainder.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.domain.errors import InvalidInput, SplitImpossible
from bot.domain.model import Assignee, AssigneeKind, Milestone, MinEachRule, Role
from bot.domain.quotas import Quotas, effective_quota, unassigned
from bot.domain.tree import OrgTree


def _rule_floor(
    tree: OrgTree,
    quotas: Quotas,
    child: Assignee,
    task: str,
    rules: Sequence[MinEachRule],
    milestones: Sequence[Milestone],
) -> int:
    """Extra quota the child needs so every rule-level unit in its subtree can meet its rule."""
    if child.kind is AssigneeKind.MEMBER:
        return 0
    percents = {m.percent for m in milestones}
    extra = 0
    for rule in rules:
        if rule.task != task or rule.by_percent not in percents:
            continue
        minimum = -(-rule.count * 100 // rule.by_percent)  # smallest q with ceil(by% × q) ≥ count
        for code in tree.subtree_unit_codes(child.key):
            if tree.unit(code).level == rule.level:
                extra += max(0, minimum - effective_quota(tree, quotas, Assignee.unit(code), task))
    return extra


def shareholders(tree: OrgTree, unit_code: str) -> list[Assignee]:
    """Who a split hands quota to: sub-units and the unit's cadres. Leaders run the unit; a split
    that gave the town head a share of the town's visits would surprise everybody."""
    return [
        c for c in tree.children(unit_code) if c.kind is AssigneeKind.UNIT or tree.member(c.key).role is not Role.LEADER
    ]


def _largest_remainder(total: int, weights: Mapping[Assignee, float]) -> dict[Assignee, int]:
    weight_sum = sum(weights.values())
    exact = {a: total * w / weight_sum for a, w in weights.items()}
    shares = {a: int(x) for a, x in exact.items()}
    leftover = total - sum(shares.values())
    # Ties in the fractional part go to the child listed first, so the result is deterministic.
    order = sorted(weights, key=lambda a: -(exact[a] - shares[a]))
    for a in order[:leftover]:
        shares[a] += 1
    return shares


def split_weighted(
    tree: OrgTree,
    quotas: Quotas,
    unit_code: str,
    task: str,
    weights: Mapping[Assignee, float],
    rules: Sequence[MinEachRule],
    milestones: Sequence[Milestone],
) -> dict[Assignee, int]:
    """New quotas for the unit's children. Raises SplitImpossible with the numbers."""
    children = shareholders(tree, unit_code)
    if not children:
        raise SplitImpossible("error.no_children", unit=unit_code)
    if any(w < 0 for w in weights.values()) or sum(weights.get(c, 0.0) for c in children) <= 0:
        raise InvalidInput("error.bad_weights", unit=unit_code)
    remainder = unassigned(tree, quotas, unit_code, task)
    if remainder == 0:
        raise SplitImpossible("error.nothing_to_split", unit=unit_code, task=task)
    floors = {c: _rule_floor(tree, quotas, c, task, rules, milestones) for c in children}
    needed = sum(floors.values())
    if needed > remainder:
        raise SplitImpossible(unit=unit_code, task=task, needed=needed, available=remainder)
    shares = _largest_remainder(remainder - needed, {c: weights.get(c, 0.0) for c in children})
    return {c: effective_quota(tree, quotas, c, task) + floors[c] + shares[c] for c in children}


def split_even(
    tree: OrgTree,
    quotas: Quotas,
    unit_code: str,
    task: str,
    rules: Sequence[MinEachRule],
    milestones: Sequence[Milestone],
) -> dict[Assignee, int]:
    weights = {c: 1.0 for c in shareholders(tree, unit_code)}
    return split_weighted(tree, quotas, unit_code, task, weights, rules, milestones)
