"""Plan and roster files (SPEC §4): YAML or XLSX → one validator → a validated PlanDoc. The
workbooks written in the same layout (the template, a plan as a workbook) are in bot/render/."""

from bot.plans.loader import check_plan, load_plan
from bot.plans.types import PlanDefaults, PlanDoc, PlanInvalid, Problem

__all__ = [
    "PlanDefaults",
    "PlanDoc",
    "PlanInvalid",
    "Problem",
    "check_plan",
    "load_plan",
]
