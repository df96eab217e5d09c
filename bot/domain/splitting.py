"""Splitting a unit's unassigned quota among its children (SPEC §3.1 /split).

Children that already have a quota keep it and receive a share on top. `min_each` rules are
honoured first: every unit of the rule's level below the unit is first brought to the smallest
quota whose milestone target reaches the rule's count; the rest is split by weight with the
largest-remainder method, so the shares sum exactly to the remainder.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.domain.errors import InvalidInput, RuleViolated, SplitImpossible
from bot.domain.model import Assignee, AssigneeKind, Milestone, MinEachRule, Role
from bot.domain.quotas import Quotas, effective_quota, unassigned
from bot.domain.tree import OrgTree


def _rule_minimum(rule: MinEachRule) -> int:
    """The smallest quota q with ceil(by% × q) ≥ count: below it the rule cannot be met."""
    return -(-rule.count * 100 // rule.by_percent)


def _active_rules(task: str, rules: Sequence[MinEachRule], milestones: Sequence[Milestone]) -> list[MinEachRule]:
    percents = {m.percent for m in milestones}
    return [r for r in rules if r.task == task and r.by_percent in percents]


def _need(tree: OrgTree, quotas: Quotas, code: str, task: str, rules: Sequence[MinEachRule]) -> int:
    """The smallest quota unit `code` may have: its own rule's minimum, and enough to keep what its
    children hold while bringing every rule-level unit below to its minimum. A unit whose explicit
    quota leaves a remainder covers its own children's shortfall, so nothing is counted twice."""
    own = max((_rule_minimum(r) for r in rules if tree.unit(code).level == r.level), default=0)
    below = 0
    for child in tree.children(code):
        held = effective_quota(tree, quotas, child, task)
        below += held if child.kind is AssigneeKind.MEMBER else max(held, _need(tree, quotas, child.key, task, rules))
    return max(own, below)


def rule_floor(
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
    active = _active_rules(task, rules, milestones)
    if not active:
        return 0
    return max(0, _need(tree, quotas, child.key, task, active) - effective_quota(tree, quotas, child, task))


def check_assign_rules(
    tree: OrgTree,
    quotas: Quotas,
    assignee: Assignee,
    task: str,
    n: int,
    rules: Sequence[MinEachRule],
    milestones: Sequence[Milestone],
) -> None:
    """/assign honours the rules /split honours: the assignee must keep what its own rule-level
    units need, and raising it must leave its parent enough to bring the siblings to their floors."""
    active = _active_rules(task, rules, milestones)
    if not active:
        return
    if assignee.kind is AssigneeKind.UNIT:
        needed = _need(tree, quotas, assignee.key, task, active)
        if n < needed:
            raise RuleViolated(unit=tree.unit(assignee.key).name, task=task, needed=needed, requested=n)
    parent = tree.parent_unit(assignee)
    current = effective_quota(tree, quotas, assignee, task)
    if parent is None or (Assignee.unit(parent), task) not in quotas or n <= current:
        return
    siblings = [c for c in tree.children(parent) if c != assignee]
    reserved = sum(rule_floor(tree, quotas, c, task, active, milestones) for c in siblings)
    held = sum(effective_quota(tree, quotas, c, task) for c in siblings)
    available = quotas[(Assignee.unit(parent), task)] - held - reserved
    if reserved and n > available:
        raise RuleViolated(
            "error.rule_reserve",
            unit=tree.unit(parent).name,
            task=task,
            reserved=reserved,
            requested=n,
            available=max(0, available),
        )


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
        raise SplitImpossible("error.no_children", unit=tree.unit(unit_code).name)
    if any(w < 0 for w in weights.values()) or sum(weights.get(c, 0.0) for c in children) <= 0:
        raise InvalidInput("error.bad_weights", unit=tree.unit(unit_code).name)
    remainder = unassigned(tree, quotas, unit_code, task)
    if remainder == 0:
        raise SplitImpossible("error.nothing_to_split", unit=tree.unit(unit_code).name, task=task)
    floors = {c: rule_floor(tree, quotas, c, task, rules, milestones) for c in children}
    needed = sum(floors.values())
    if needed > remainder:
        raise SplitImpossible(unit=tree.unit(unit_code).name, task=task, needed=needed, available=remainder)
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
    weights = dict.fromkeys(shareholders(tree, unit_code), 1.0)
    return split_weighted(tree, quotas, unit_code, task, weights, rules, milestones)
