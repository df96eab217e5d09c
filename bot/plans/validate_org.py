"""The organisation of a plan and what hangs on it: `units` (a nested tree in YAML, a flat table with
`parent` in a workbook — both accepted in either format; read in plan_units.py), the `members` roster, `quotas` (one row
per assignee, one column per task) and `rules`. Each entry's own fields are the schema's; here are
the rules across entries: references, duplicates, cycles and quotas within their parents (SPEC §2).

The quota rule itself lives in the domain (bot.domain.quotas), shared with `/assign` and `/split`, so
a plan can never be imported in a state the chat commands would refuse. A unit without an explicit
quota counts as the sum of its children there, so a county's quota also bounds villages whose town
was given none.
"""

from __future__ import annotations

from typing import Any

from bot.domain.errors import InvalidInput
from bot.domain.model import Assignee, Member, Milestone, MinEachRule, TaskType, Unit
from bot.domain.quotas import over_allocations
from bot.domain.rules import shortfalls
from bot.domain.tree import OrgTree
from bot.plans.limits import MAX_MEMBERS
from bot.plans.plan_units import UnitIndex, read_units
from bot.plans.problems import Ctx, join
from bot.plans.schema import QUOTA, MemberEntry, MinEach, QuotaRow, RuleEntry

Quotas = dict[tuple[Assignee, str], int]


def validate_org(
    ctx: Ctx, doc: dict[str, Any], tasks: list[TaskType], task_keys: set[str], milestones: list[Milestone]
) -> tuple[list[Unit], list[Member], Quotas, list[MinEachRule]]:
    units = read_units(ctx, doc)
    members, member_keys = _members(ctx, doc, units)
    quotas, quota_paths = _quotas(ctx, doc, tasks, task_keys, units, {m.key for m in members}, member_keys)
    placed_rules = _rules(ctx, doc, units, task_keys, milestones)
    rules = [rule for _, rule in placed_rules]
    try:
        # Only entries that passed their own checks arrive here, so the tree builds; should the
        # domain ever be stricter than this validator, the plan is still refused, never imported.
        tree = OrgTree.build(units.units, members)
    except InvalidInput:
        ctx.add("units", "plan.tree_invalid")
        return units.units, members, quotas, rules
    for issue in over_allocations(tree, quotas):
        path = quota_paths.get((Assignee.unit(issue.unit), issue.task), "quotas")
        ctx.add(path, "plan.over_allocation", unit=issue.unit, task=issue.task, quota=issue.quota,
                children_sum=issue.children_sum, excess=issue.children_sum - issue.quota)  # fmt: skip
    _unsatisfiable_rules(ctx, tree, quotas, placed_rules)
    return units.units, members, quotas, rules


MAX_SHORT_UNITS = 10  # units named in one problem; a rule wrong for hundreds of villages is one mistake


def _unsatisfiable_rules(ctx: Ctx, tree: OrgTree, quotas: Quotas, rules: list[tuple[str, MinEachRule]]) -> None:
    """A rule asking a unit of its level for more than that unit's quota for the task: refused."""
    for path, rule in rules:
        short = shortfalls(tree, quotas, rule)
        if not short:
            continue
        named = tuple(f"{tree.unit(code).name} {quota}" for code, quota in short[:MAX_SHORT_UNITS])
        named += ("…",) if len(short) > MAX_SHORT_UNITS else ()
        ctx.add(join(path, "count"), "plan.rule_exceeds_quota", level=rule.level, task=rule.task, count=rule.count,
                units=named)  # fmt: skip


def _members(ctx: Ctx, doc: dict[str, Any], units: UnitIndex) -> tuple[list[Member], set[str]]:
    """The valid members, and the keys of every entry (valid or not) for resolving quota rows."""
    members: list[Member] = []
    keys: set[str] = set()
    roster = doc.get("members")
    if isinstance(roster, list) and len(roster) > MAX_MEMBERS:
        ctx.add("members", "plan.too_many", field="members", count=len(roster), limit=MAX_MEMBERS)
    for path, raw in ctx.entries(doc, "members", required=True):
        entry, fields = ctx.parse(MemberEntry, raw, path)
        code, name, unit_ref = fields.get("code"), fields.get("name"), fields.get("unit")
        if code is None and isinstance(raw, dict) and isinstance(raw.get("code"), str | int):
            keys.add(str(raw["code"]).strip())  # an invalid code: quotas naming it are not "unknown" too
        unit = units.resolve(unit_ref) if unit_ref is not None else None
        if unit_ref is not None and unit is None and unit_ref not in units.mentioned:
            ctx.add(join(path, "unit"), "plan.unknown_unit", unit=unit_ref)
        key = code or name
        if key is not None and key in keys:
            field, kind = ("code", "duplicate_member_code") if code else ("name", "duplicate_member")
            ctx.add(join(path, field), f"plan.{kind}", **{field: key})
            continue
        if key is not None:
            keys.add(key)
        if entry is not None and key is not None and unit is not None:
            members.append(Member(key, entry.name, unit, entry.role, entry.language, entry.weight))
    return members, keys


def _assignee(
    ctx: Ctx, ref: str, path: str, units: UnitIndex, members: set[str], mentioned: set[str]
) -> Assignee | None:
    """A unit code, a member key (code or name), or a unique unit name; None for an entry that
    exists but was itself invalid (reported there)."""
    if ref in units.by_code and ref in members:
        ctx.add(path, "plan.ambiguous_assignee", assignee=ref)
        return None
    if ref in members:
        return Assignee.member(ref)
    if (code := units.resolve(ref)) is not None:
        return Assignee.unit(code)
    if ref not in mentioned and ref not in units.mentioned:
        ctx.add(path, "plan.unknown_assignee", assignee=ref)
    return None


def _quotas(
    ctx: Ctx, doc: dict[str, Any], tasks: list[TaskType], task_keys: set[str], units: UnitIndex,
    members: set[str], member_keys: set[str],
) -> tuple[Quotas, dict[tuple[Assignee, str], str]]:  # fmt: skip
    # A column may be headed by the task key, its name, or both ("visit 入户走访", as in the template).
    lookup = {t.name: t.key for t in tasks} | {t.key: t.key for t in tasks}
    quotas: Quotas = {}
    paths: dict[tuple[Assignee, str], str] = {}
    unknown_columns: set[str] = set()
    for path, raw in ctx.entries(doc, "quotas", required=False):
        _, fields = ctx.parse(QuotaRow, raw, path)
        ref = fields.get("assignee")
        assignee = None if ref is None else _assignee(ctx, ref, join(path, "assignee"), units, members, member_keys)
        for column, value in raw.items() if isinstance(raw, dict) else ():
            if (name := str(column)) == "assignee":
                continue
            task = lookup.get(name) or lookup.get(next(iter(name.split()), ""))
            if task is None:
                # A workbook column repeats on every row; one problem per unknown task is enough.
                if name not in unknown_columns and name not in task_keys:
                    unknown_columns.add(name)
                    ctx.add(join(path, name), "plan.unknown_task", task=name)
                continue
            amount = ctx.value(QUOTA, value, join(path, name))
            if assignee is None or amount is None:
                continue
            if (assignee, task) in quotas:
                ctx.add(join(path, name), "plan.duplicate_quota", assignee=ref, task=task)
                continue
            quotas[(assignee, task)] = amount
            paths[(assignee, task)] = join(path, name)
    return quotas, paths


def _rules(
    ctx: Ctx, doc: dict[str, Any], units: UnitIndex, task_keys: set[str], milestones: list[Milestone]
) -> list[tuple[str, MinEachRule]]:
    """(path of its `min_each`, rule) of each valid rule. `task_keys`: every task key written, valid
    or not (an invalid task is reported where it is); likewise a level written on an invalid unit is
    not unknown."""
    levels = list(dict.fromkeys(u.level for u in units.units))
    percents = sorted({m.percent for m in milestones})
    rules: list[tuple[str, MinEachRule]] = []
    for path, raw in ctx.entries(doc, "rules", required=False):
        rule, _ = ctx.parse(RuleEntry, raw, path)
        if rule is None or not isinstance(raw, dict):
            continue
        if "min_each" not in raw:  # the rule's kind is missing: said of the rule, not of its body
            ctx.add(path, "plan.missing", field="min_each")
            continue
        base = join(path, "min_each")
        entry, fields = ctx.parse(MinEach, raw["min_each"], base)
        level, task, by = fields.get("level"), fields.get("task"), fields.get("by")
        if level is not None and levels and level not in levels and level not in units.levels:
            ctx.add(join(base, "level"), "plan.unknown_level", level=level, levels=tuple(levels))
        if task is not None and task_keys and task not in task_keys:
            ctx.add(join(base, "task"), "plan.unknown_task", task=task)
        if by is not None and percents and by not in percents:
            ctx.add(join(base, "by"), "plan.rule_by_not_milestone", by=by, percents=", ".join(map(str, percents)))
        if entry is not None:
            rules.append((base, MinEachRule(entry.level, entry.task, entry.count, entry.by)))
    return rules
