"""The organisation of a plan and what hangs on it: `units` (a nested tree in YAML, a flat table with
`parent` in a workbook — both accepted in either format), the `members` roster, `quotas` (one row
per assignee, one column per task) and `rules`. Each entry's own fields are the schema's; here are
the rules across entries: references, duplicates, cycles and quotas within their parents (SPEC §2).

The quota rule itself lives in the domain (bot.domain.quotas), shared with `/assign` and `/split`, so
a plan can never be imported in a state the chat commands would refuse. A unit without an explicit
quota counts as the sum of its children there, so a county's quota also bounds villages whose town
was given none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from bot.domain.errors import InvalidInput
from bot.domain.model import Assignee, Member, Milestone, MinEachRule, TaskType, Unit
from bot.domain.quotas import over_allocations
from bot.domain.rules import shortfalls
from bot.domain.tree import OrgTree
from bot.plans.limits import MAX_MEMBERS, MAX_UNITS
from bot.plans.problems import Ctx, join
from bot.plans.schema import QUOTA, MemberEntry, MinEach, QuotaRow, RuleEntry, UnitEntry

Quotas = dict[tuple[Assignee, str], int]


@dataclass
class _Placed:
    path: str
    unit: Unit
    parent_ref: str | None  # as written: a code or a unit name
    parent_path: str  # where to point at when the parent is wrong
    nested: bool  # parent implied by nesting in YAML


class UnitIndex:
    """Resolves what a leader writes — a unit code, or failing that a unique unit name.

    `mentioned` holds codes of entries that were themselves invalid: a reference to one is not
    reported again as "unknown", the entry's own problem already explains it."""

    def __init__(self, units: list[Unit], mentioned: set[str] | None = None, levels: set[str] | None = None) -> None:
        self.mentioned = mentioned or set()
        self.levels = levels or set()  # levels written on any unit entry, valid or not
        self.units = units
        self.by_code = {u.code: u for u in units}
        names = Counter(u.name for u in units)
        self.by_name = {u.name: u.code for u in units if names[u.name] == 1}

    def resolve(self, ref: str) -> str | None:
        return ref if ref in self.by_code else self.by_name.get(ref)


def validate_org(
    ctx: Ctx, doc: dict[str, Any], tasks: list[TaskType], task_keys: set[str], milestones: list[Milestone]
) -> tuple[list[Unit], list[Member], Quotas, list[MinEachRule]]:
    units = _units(ctx, doc)
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


def _walk(
    ctx: Ctx, entries: Iterable[tuple[str, object]], parent: str | None, out: list[_Placed], seen: set[str],
    levels: set[str],
) -> None:  # fmt: skip
    for path, raw in entries:
        entry, fields = ctx.parse(UnitEntry, raw, path)
        code, explicit = fields.get("code"), fields.get("parent")
        if explicit is not None and parent is not None and explicit != parent:
            ctx.add(join(path, "parent"), "plan.parent_conflict", parent=explicit, nested=parent)
        if code is not None:
            seen.add(code)
        if isinstance(level := fields.get("level"), str):
            levels.add(level)
        if entry is not None:
            where = join(path, "parent") if explicit is not None else path
            unit = Unit(entry.code, entry.name, fields.get("level") or "")  # "": its depth, known once the tree is
            out.append(_Placed(path, unit, parent if parent is not None else explicit, where, parent is not None))
        if isinstance(children := fields.get("children"), list):
            _walk(ctx, ((join(path, f"children[{i}]"), c) for i, c in enumerate(children)), code, out, seen, levels)


def _report_cycles(ctx: Ctx, placed: list[_Placed], parent_of: dict[str, str | None], reached: set[str]) -> None:
    """A unit no root reaches is on a cycle or below one. Each cycle is found once (every unit is walked
    over once, so a chain as long as the file allows costs no more than the file) and reported at its
    first unit in the file, spelled from there."""
    order = {raw.unit.code: i for i, raw in enumerate(placed)}
    settled = set(reached)
    cycles: list[list[str]] = []
    for raw in placed:
        path: dict[str, None] = {}  # the walk up from this unit, in order
        code: str | None = raw.unit.code
        while code is not None and code not in settled and code not in path:
            path[code] = None
            code = parent_of[code]
        if code is not None and code in path:  # back at a unit of this walk
            cycle = list(path)[list(path).index(code) :]
            first = cycle.index(min(cycle, key=order.__getitem__))  # spelled from its first unit in the file
            cycles.append(cycle[first:] + cycle[:first])
        settled.update(path)
    for cycle in sorted(cycles, key=lambda c: order[c[0]]):
        ctx.add(placed[order[cycle[0]]].parent_path, "plan.unit_cycle", codes=" → ".join([*cycle, cycle[0]]))


def _units(ctx: Ctx, doc: dict[str, Any]) -> UnitIndex:
    """Units with their parent codes, parents before children (depth-first, in file order)."""
    placed: list[_Placed] = []
    mentioned: set[str] = set()
    written_levels: set[str] = set()
    _walk(ctx, ctx.entries(doc, "units", required=True), None, placed, mentioned, written_levels)
    if len(placed) > MAX_UNITS:
        ctx.add("units", "plan.too_many", field="units", count=len(placed), limit=MAX_UNITS)
    first: dict[str, _Placed] = {}
    for raw in placed:
        if first.setdefault(raw.unit.code, raw) is not raw:
            ctx.add(join(raw.path, "code"), "plan.duplicate_unit", code=raw.unit.code)
    unique = list(first.values())
    index = UnitIndex([r.unit for r in unique])
    parent_of: dict[str, str | None] = {}
    for raw in unique:
        parent = index.resolve(raw.parent_ref) if raw.parent_ref is not None else None
        if raw.parent_ref is not None and parent is None and not raw.nested and raw.parent_ref not in mentioned:
            ctx.add(raw.parent_path, "plan.unknown_parent", parent=raw.parent_ref)
        parent_of[raw.unit.code] = parent
    # Units on a cycle are never reached from a root (the cycle is reported below), so the walk ends.
    tree = OrgTree({r.unit.code: replace(r.unit, parent_code=parent_of[r.unit.code]) for r in unique}, {})
    ordered: list[Unit] = []
    depth: dict[str | None, int] = {None: 0}
    for unit in (tree.unit(code) for root in tree.roots() for code in tree.subtree_unit_codes(root.code)):
        depth[unit.code] = depth[unit.parent_code] + 1
        # A unit without a level is at its depth, "1" for a top unit: what a rule then names (SPEC §2).
        ordered.append(replace(unit, level=unit.level or str(depth[unit.code])))
    _report_cycles(ctx, unique, parent_of, {unit.code for unit in ordered})
    return UnitIndex(ordered, mentioned, written_levels)


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
