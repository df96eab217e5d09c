"""The one validator both formats go through: neutral raw structure → PlanDoc, collecting every
problem. Parts are checked independently and later parts work with whatever earlier parts got
right, so a bad task key does not hide a bad quota three sheets later."""

from __future__ import annotations

from bot.domain.model import Campaign
from bot.plans.problems import Ctx
from bot.plans.types import PlanDefaults, PlanDoc
from bot.plans.validate_campaign import validate_head, validate_milestones, validate_tasks
from bot.plans.validate_quotas import AssigneeIndex, validate_quotas, validate_rules
from bot.plans.validate_tree import check_tree
from bot.plans.validate_units import validate_members, validate_units

TOP_LEVEL = {"campaign", "tasks", "milestones", "units", "members", "quotas", "rules"}


def validate(ctx: Ctx, document: object, defaults: PlanDefaults) -> PlanDoc | None:
    doc = ctx.mapping(document, "")
    if doc is None:
        return None
    ctx.unknown_fields(doc, "", TOP_LEVEL)
    head = None
    if doc.get("campaign") is None:
        ctx.add("campaign", "plan.missing", field="campaign")
    elif (raw_head := ctx.mapping(doc["campaign"], "campaign")) is not None:
        head = validate_head(ctx, raw_head, defaults)
    tasks, task_keys = validate_tasks(ctx, doc)
    milestones = validate_milestones(ctx, doc, head, defaults)
    unit_index = validate_units(ctx, doc)
    units = unit_index.units
    members, member_keys = validate_members(ctx, doc, unit_index)
    quotas, quota_paths = validate_quotas(ctx, doc, tasks, task_keys, AssigneeIndex(unit_index, members, member_keys))
    rules = validate_rules(ctx, doc, units, task_keys, milestones)
    check_tree(ctx, units, members, quotas, quota_paths)
    if ctx.problems or head is None:
        return None
    assert head.key and head.name and head.start and head.end  # each was reported when missing
    campaign = Campaign(
        key=head.key,
        name=head.name,
        start=head.start,
        end=head.end,
        timezone=head.timezone,
        tasks=tuple(tasks),
        milestones=tuple(milestones),
        rules=tuple(rules),
        verification=head.verification,
        bulletin=head.bulletin,
        reminders=head.reminders,
        public_warning_gap=head.public_warning_gap,
        name_cadres_in_bulletin=head.name_cadres_in_bulletin,
    )
    return PlanDoc(campaign, tuple(units), tuple(members), quotas)
