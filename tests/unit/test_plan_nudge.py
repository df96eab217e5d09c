"""The evening nudge is a plan setting (SPEC §5): `reminders: {nudge_at: "19:30"}` in YAML, a row of the
workbook's campaign sheet; off unless given; refused when it falls inside the quiet hours."""

from __future__ import annotations

from datetime import time

from bot.plans import PlanDefaults, check_plan, load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.render.plan_workbook import plan_to_xlsx

NUDGING = EXAMPLE_PLAN_YAML.replace('at: "09:00"}', 'at: "09:00", nudge_at: "19:30"}')


def test_a_plan_without_nudge_at_has_no_evening_nudge() -> None:
    assert load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml").campaign.reminders.nudge_at is None


def test_nudge_at_is_read_from_yaml() -> None:
    assert NUDGING != EXAMPLE_PLAN_YAML
    assert load_plan(NUDGING.encode(), "plan.yaml").campaign.reminders.nudge_at == time(19, 30)


def test_nudge_at_survives_the_workbook_round_trip() -> None:
    plan = load_plan(NUDGING.encode(), "plan.yaml")
    again = load_plan(plan_to_xlsx(plan), "plan.xlsx")
    assert again.campaign.reminders.nudge_at == time(19, 30)
    off = load_plan(plan_to_xlsx(load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml")), "plan.xlsx")
    assert off.campaign.reminders.nudge_at is None


def test_a_nudge_inside_the_quiet_hours_is_refused_with_the_hours_named() -> None:
    late = EXAMPLE_PLAN_YAML.replace('at: "09:00"}', 'at: "09:00", nudge_at: "21:30"}')
    plan, problems = check_plan(late.encode(), "plan.yaml", PlanDefaults(quiet_hours=(time(21, 0), time(8, 0))))
    assert plan is None
    [problem] = problems
    assert problem.key == "plan.nudge_in_quiet_hours"
    assert "nudge_at" in problem.location
    assert "21:00" in problem.render("zh")
    plan, problems = check_plan(late.encode(), "plan.yaml", PlanDefaults(quiet_hours=None))
    assert problems == []


def test_a_night_nudge_is_reported_with_the_campaigns_other_problems() -> None:
    # Every problem at once: a campaign missing its key still has its nudge judged, in the same answer.
    late = EXAMPLE_PLAN_YAML.replace('at: "09:00"}', 'at: "09:00", nudge_at: "23:00"}')
    keyless = late.replace("  key: winter-service-2026\n", "")
    _, problems = check_plan(keyless.encode(), "plan.yaml", PlanDefaults(quiet_hours=(time(21, 0), time(8, 0))))
    assert [(p.location, p.key) for p in problems] == [
        ("campaign.key", "plan.missing"),
        ("campaign.reminders.nudge_at", "plan.nudge_in_quiet_hours"),
    ]
