"""The split invariant (SPEC §2): "the children's sum may be below the parent's … but never above it".

`/assign` checks only the assignee's direct parent, and only when that parent has an explicit quota for
the task. A village without one of its own (its quota is the sum of its people's) lets its leader give
a cadre any number: the town's explicit quota above is then over-allocated, and the town leader finds
every further /assign refused ("最多还能分配 0"). In the example plan 白洋渡镇 has 信息登记 180 and
七岭村 none: 李书记 assigns 张三 信息登记 1000."""

from __future__ import annotations

import pytest

from bot.domain.errors import OverAllocation
from bot.domain.model import Assignee
from bot.domain.quotas import check_assign, over_allocations
from bot.domain.tree import OrgTree
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML

PLAN = load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml")
TREE = OrgTree.build(PLAN.units, PLAN.members)


def test_a_members_quota_may_not_exceed_the_nearest_explicit_quota_above_a_village_without_one() -> None:
    assert (Assignee.unit("ql"), "register") not in PLAN.quotas
    assert PLAN.quotas[(Assignee.unit("bydz"), "register")] == 180
    with pytest.raises(OverAllocation):
        check_assign(TREE, PLAN.quotas, Assignee.member("张三"), "register", 1000)


def test_an_assignment_that_passes_leaves_no_unit_over_allocated() -> None:
    """Whatever check_assign lets through, over_allocations (the plan check's rule) finds nothing wrong."""
    quotas = dict(PLAN.quotas)
    try:
        check_assign(TREE, quotas, Assignee.member("张三"), "register", 1000)
    except OverAllocation:
        return
    quotas[(Assignee.member("张三"), "register")] = 1000
    assert over_allocations(TREE, quotas) == []
