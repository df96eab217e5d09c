"""SPEC §7: TIMEZONE and REMINDER_TIME are the defaults of a plan that names no time zone or
reminder time; a plan's own value wins. The defaults reach the checker's child process too."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.plans import PlanDefaults, check_plan
from bot.plans.isolated import check_plan_isolated
from bot.settings import load_settings

URUMQI = PlanDefaults(timezone="Asia/Urumqi", reminder_time=time(10, 30))
BARE = """\
campaign: {key: mini, name: 小活动, start: 2026-11-12T08:00, end: 2026-12-31T18:00}
tasks: [{key: visit, name: 入户走访, unit: 户}]
units: [{code: town, name: 镇, level: town}]
members: [{name: 张三, unit: town, role: cadre}]
"""
OWN = BARE.replace(
    "end: 2026-12-31T18:00}", "end: 2026-12-31T18:00, timezone: Europe/Berlin,\n  reminders: {at: '07:15'}}"
)


def test_a_plan_without_a_time_zone_gets_the_setting_and_its_times_are_local_to_it() -> None:
    plan, problems = check_plan(BARE.encode(), "plan.yaml", URUMQI)
    assert problems == []
    assert plan is not None
    assert plan.campaign.timezone == "Asia/Urumqi"
    assert plan.campaign.start == datetime(2026, 11, 12, 8, 0, tzinfo=ZoneInfo("Asia/Urumqi"))


def test_a_plan_without_a_reminder_time_gets_the_setting() -> None:
    plan, _ = check_plan(BARE.encode(), "plan.yaml", URUMQI)
    assert plan is not None
    assert plan.campaign.reminders.at == time(10, 30)


def test_a_plan_naming_its_own_time_zone_and_reminder_time_keeps_them() -> None:
    plan, problems = check_plan(OWN.encode(), "plan.yaml", URUMQI)
    assert problems == []
    assert plan is not None
    assert plan.campaign.timezone == "Europe/Berlin"
    assert plan.campaign.reminders.at == time(7, 15)
    assert plan.campaign.start == datetime(2026, 11, 12, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_without_settings_the_defaults_are_those_of_spec_section_7() -> None:
    plan, _ = check_plan(BARE.encode(), "plan.yaml")
    assert plan is not None
    assert (plan.campaign.timezone, plan.campaign.reminders.at) == ("Asia/Shanghai", time(9, 0))


def test_the_defaults_are_read_from_the_settings() -> None:
    settings = load_settings(timezone="Asia/Urumqi", reminder_time="10:30")
    assert PlanDefaults.of(settings) == URUMQI


async def test_the_defaults_cross_into_the_checkers_child_process() -> None:
    plan, problems = await check_plan_isolated(BARE.encode(), "plan.yaml", defaults=URUMQI)
    assert problems == []
    assert plan is not None
    assert (plan.campaign.timezone, plan.campaign.reminders.at) == ("Asia/Urumqi", time(10, 30))
