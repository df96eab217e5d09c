"""Whether a `min_each` rule can be met within the quotas (SPEC §4): a rule asking every unit of a
level for more of a task than a unit of that level was given is a contradiction the plan must not
carry. A unit with no quota for the task at all contradicts nothing (work may go beyond a quota)."""

from __future__ import annotations

from bot.domain.model import Assignee, MinEachRule
from bot.domain.quotas import Quotas, effective_quota
from bot.domain.tree import OrgTree


def shortfalls(tree: OrgTree, quotas: Quotas, rule: MinEachRule) -> list[tuple[str, int]]:
    """(unit code, its quota for the task) of every unit of the rule's level whose quota is below the
    rule's count; the quota is the effective one (explicit, or the sum of its children's)."""
    out = []
    for unit in tree.level_units(rule.level):
        quota = effective_quota(tree, quotas, Assignee.unit(unit.code), rule.task)
        if 0 < quota < rule.count:
            out.append((unit.code, quota))
    return out
