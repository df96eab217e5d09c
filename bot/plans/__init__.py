"""Plan and roster files (SPEC §4): YAML or XLSX → one validator → a validated PlanDoc."""

from bot.plans.loader import check_plan, load_plan
from bot.plans.template import plan_to_xlsx, write_template
from bot.plans.types import PlanDefaults, PlanDoc, PlanInvalid, Problem

__all__ = [
    "PlanDefaults",
    "PlanDoc",
    "PlanInvalid",
    "Problem",
    "check_plan",
    "load_plan",
    "plan_to_xlsx",
    "write_template",
]
