"""Validation of `quotas` (one row per assignee, one column per task) and `rules`."""

from __future__ import annotations

from bot.domain.model import Assignee, Member, Milestone, MinEachRule, TaskType, Unit
from bot.plans.coerce import as_int, as_text, shown
from bot.plans.problems import Ctx, join
from bot.plans.types import Bad
from bot.plans.validate_units import UnitIndex

QuotaPaths = dict[tuple[Assignee, str], str]
RULE_FIELDS = {"level", "task", "count", "by"}


class AssigneeIndex:
    """An assignee is written as a unit code, a member key (code or name), or a unique unit name."""

    def __init__(self, units: UnitIndex, members: list[Member], mentioned_members: set[str]) -> None:
        self.units = units
        self.member_keys = {m.key for m in members}
        self.mentioned = units.mentioned | mentioned_members

    def resolve(self, ref: str) -> Assignee | None:
        """The assignee; None for an entry that exists but was itself invalid (reported there)."""
        if ref in self.units.by_code and ref in self.member_keys:
            raise Bad("plan.ambiguous_assignee", assignee=ref)
        if ref in self.units.by_code:
            return Assignee.unit(ref)
        if ref in self.member_keys:
            return Assignee.member(ref)
        if (code := self.units.resolve(ref)) is not None:
            return Assignee.unit(code)
        if ref in self.mentioned:
            return None
        raise Bad("plan.unknown_assignee", assignee=ref)


def _quota(value: object) -> int:
    try:
        number = as_int(value)
    except Bad as bad:
        if bad.key == "plan.not_scalar":
            raise
        raise Bad("plan.bad_quota", value=shown(value)) from None
    if number < 0:
        raise Bad("plan.bad_quota", value=number)
    return number


def validate_quotas(
    ctx: Ctx,
    doc: dict[str, object],
    tasks: list[TaskType],
    mentioned_tasks: set[str],
    assignees: AssigneeIndex,
) -> tuple[dict[tuple[Assignee, str], int], QuotaPaths]:
    # A column may be headed by the task key, its name, or both ("visit 入户走访", as in the template).
    lookup = {t.name: t.key for t in tasks} | {t.key: t.key for t in tasks}

    def task_of(column: str) -> str | None:
        words = column.split()
        return lookup.get(column) or (lookup.get(words[0]) if words else None)

    quotas: dict[tuple[Assignee, str], int] = {}
    paths: QuotaPaths = {}
    unknown_columns: set[str] = set()
    for path, raw in ctx.entries(doc, "quotas", required=False):
        ref = ctx.field(raw, path, "assignee", as_text, required=True)
        assignee: Assignee | None = None
        if ref is not None:
            try:
                assignee = assignees.resolve(ref)
            except Bad as bad:
                ctx.add(join(path, "assignee"), bad.key, **bad.params)
        for name in raw:
            if name == "assignee":
                continue
            task = task_of(name)
            if task is None:
                # A workbook column repeats on every row; one problem per unknown task is enough.
                if name not in unknown_columns and name not in mentioned_tasks:
                    unknown_columns.add(name)
                    ctx.add(join(path, name), "plan.unknown_task", task=name)
                continue
            amount = ctx.field(raw, path, name, _quota)
            if assignee is None or amount is None:
                continue
            if (assignee, task) in quotas:
                ctx.add(join(path, name), "plan.duplicate_quota", assignee=ref, task=task)
                continue
            quotas[(assignee, task)] = amount
            paths[(assignee, task)] = join(path, name)
    return quotas, paths


def _positive(value: object) -> int:
    number = as_int(value)
    if number < 1:
        raise Bad("plan.not_positive", value=number)
    return number


def validate_rules(
    ctx: Ctx, doc: dict[str, object], units: list[Unit], task_keys: set[str], milestones: list[Milestone]
) -> list[MinEachRule]:
    """`task_keys`: every task key written, valid or not (an invalid task is reported where it is)."""
    levels = list(dict.fromkeys(u.level for u in units))
    percents = sorted({m.percent for m in milestones})
    rules: list[MinEachRule] = []
    for path, raw in ctx.entries(doc, "rules", required=False):
        ctx.unknown_fields(raw, path, {"min_each"})
        if "min_each" not in raw:
            ctx.add(path, "plan.missing", field="min_each")
            continue
        base = join(path, "min_each")
        body = ctx.mapping(raw["min_each"], base)
        if body is None:
            continue
        ctx.unknown_fields(body, base, RULE_FIELDS)
        level = ctx.field(body, base, "level", as_text, required=True)
        task = ctx.field(body, base, "task", as_text, required=True)
        count = ctx.field(body, base, "count", _positive, required=True)
        by = ctx.field(body, base, "by", as_int)
        if body.get("by") in (None, ""):
            by = 100  # no `by`: the final deadline
        if level is not None and levels and level not in levels:
            ctx.add(join(base, "level"), "plan.unknown_level", level=level, levels=", ".join(levels))
        if task is not None and task_keys and task not in task_keys:
            ctx.add(join(base, "task"), "plan.unknown_task", task=task)
        if by is not None and percents and by not in percents:
            percents_text = ", ".join(str(p) for p in percents)
            ctx.add(join(base, "by"), "plan.rule_by_not_milestone", by=by, percents=percents_text)
        if level and task and count and by:
            rules.append(MinEachRule(level, task, count, by))
    return rules
