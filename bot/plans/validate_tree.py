"""Whole-organisation checks: the tree itself and quotas split above a parent's quota (SPEC §2)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.model import Assignee, Member, Unit
from bot.plans.context import Ctx
from bot.plans.validate_quotas import QuotaPaths


def _over_allocations(
    units: list[Unit], members: list[Member], quotas: Mapping[tuple[Assignee, str], int]
) -> list[tuple[str, str, int, int]]:
    children: dict[str, list[Assignee]] = {u.code: [] for u in units}
    for u in units:
        if u.parent_code is not None:
            children[u.parent_code].append(Assignee.unit(u.code))
    for m in members:
        children[m.unit_code].append(Assignee.member(m.key))
    tasks = sorted({task for _, task in quotas})
    issues = []
    for u in units:
        for task in tasks:
            quota = quotas.get((Assignee.unit(u.code), task))
            if quota is None:
                continue
            total = sum(quotas.get((child, task), 0) for child in children[u.code])
            if total > quota:
                issues.append((u.code, task, quota, total))
    return issues


def check_tree(
    ctx: Ctx,
    units: list[Unit],
    members: list[Member],
    quotas: Mapping[tuple[Assignee, str], int],
    quota_paths: QuotaPaths,
) -> None:
    for unit, task, quota, total in _over_allocations(units, members, quotas):
        path = quota_paths.get((Assignee.unit(unit), task), "quotas")
        ctx.add(path, "plan.over_allocation", unit=unit, task=task, quota=quota, children_sum=total,
                excess=total - quota)  # fmt: skip
