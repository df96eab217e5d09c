"""Whole-organisation check: quotas split above a parent's quota (SPEC §2).

The rule itself lives in the domain (bot.domain.quotas), shared with `/assign` and `/split`, so a
plan can never be imported in a state the chat commands would refuse. A unit without an explicit
quota counts as the sum of its children there, so a county's quota also bounds villages whose
town was given none.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.errors import InvalidInput
from bot.domain.model import Assignee, Member, Unit
from bot.domain.quotas import over_allocations
from bot.domain.tree import OrgTree
from bot.plans.problems import Ctx
from bot.plans.validate_quotas import QuotaPaths


def check_tree(
    ctx: Ctx,
    units: list[Unit],
    members: list[Member],
    quotas: Mapping[tuple[Assignee, str], int],
    quota_paths: QuotaPaths,
) -> None:
    try:
        # Only entries that passed their own checks arrive here, so the tree builds; should the
        # domain ever be stricter than this validator, the plan is still refused, never imported.
        tree = OrgTree.build(units, members)
    except InvalidInput:
        ctx.add("units", "plan.tree_invalid")
        return
    for issue in over_allocations(tree, quotas):
        path = quota_paths.get((Assignee.unit(issue.unit), issue.task), "quotas")
        ctx.add(path, "plan.over_allocation", unit=issue.unit, task=issue.task, quota=issue.quota,
                children_sum=issue.children_sum, excess=issue.children_sum - issue.quota)  # fmt: skip
