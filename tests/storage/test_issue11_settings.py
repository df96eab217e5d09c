"""The plan keys of issue 11 reach the stored campaign and come back unchanged: calendar, rest days,
warnings, anomaly thresholds, leave and reconciliation settings; a campaign stored before them
reads back with the defaults."""

from __future__ import annotations

import json
from datetime import date, time

from bot.domain.model import AnomalyThresholds, CalendarSpec, RestDays, WarningLadder
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.plans.loader import load_plan
from bot.storage.campaigns import CampaignRepo
from bot.storage.db import Database

from .conftest import NOW

EXTRA = """
calendar: {holidays: [2027-01-01, 2027-01-02], workdays: [2026-12-26], weekend: [sun]}
"""
SETTINGS = """  warnings: {yellow_after: 1, red_after: 3, public_after: 4}
  anomalies: {spike_factor: 4, night_start: "22:30", round_repeat_days: 5}
  leave: {resplit_after_days: 5}
  reconcile: {tolerance: 2, tolerance_percent: 10}
  reminders: {days_before: [3, 1, 0], at: "09:00", rest_days: skip}
  bulletin: {daily_at: "18:00", rest_days: skip}
"""


def _plan_text() -> str:
    text = EXAMPLE_PLAN_YAML.replace('  reminders: {days_before: [3, 1, 0], at: "09:00"}\n', "")
    text = text.replace('  bulletin: {daily_at: "18:00"} # or: off\n', SETTINGS)
    return text + EXTRA


async def test_issue_11_plan_keys_round_trip_through_storage(db: Database) -> None:
    doc = load_plan(_plan_text().encode(), "plan.yaml")
    c = doc.campaign
    assert c.calendar == CalendarSpec(True, frozenset({date(2027, 1, 1), date(2027, 1, 2)}),
                                      frozenset({date(2026, 12, 26)}), (6,), True)  # fmt: skip
    assert c.warnings == WarningLadder(1, 3, 4)
    assert c.anomalies.spike_factor == 4
    assert c.anomalies.night_start == time(22, 30)
    assert c.anomalies.round_repeat_days == 5
    assert (c.leave_resplit_after, c.reconcile_tolerance, c.reconcile_tolerance_percent) == (5, 2, 10)
    assert c.reminders.rest_days is RestDays.SKIP
    assert c.bulletin.rest_days is RestDays.SKIP
    async with db.transaction() as conn:
        await CampaignRepo(conn).save(c, NOW)
    async with db.transaction() as conn:
        stored = await CampaignRepo(conn).get(c.key)
    assert stored is not None
    assert stored.campaign == c


def test_calendar_off_and_defaults() -> None:
    doc = load_plan((EXAMPLE_PLAN_YAML + "calendar: off\n").encode(), "plan.yaml")
    assert doc.campaign.calendar == CalendarSpec(enabled=False)
    plain = load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml").campaign
    assert plain.calendar == CalendarSpec()
    assert plain.warnings is None
    assert plain.anomalies == AnomalyThresholds()
    assert plain.reminders.rest_days is RestDays.PREVIOUS


async def test_a_campaign_stored_before_issue_11_reads_back_with_the_defaults(db: Database) -> None:
    c = load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml").campaign
    async with db.transaction() as conn:
        cid = await CampaignRepo(conn).save(c, NOW)
        old = _old_settings()
        await conn.execute("UPDATE campaigns SET settings = ? WHERE id = ?", (json.dumps(old), cid))
    async with db.transaction() as conn:
        stored = await CampaignRepo(conn).get(c.key)
    assert stored is not None
    assert stored.campaign.calendar == CalendarSpec()
    assert stored.campaign.warnings is None
    assert stored.campaign.reminders.rest_days is RestDays.PREVIOUS


def _old_settings() -> dict[str, object]:
    return {"verification": "optional", "bulletin_daily_at": "18:00", "reminder_days_before": [3, 1, 0],
            "reminder_at": "09:00", "public_warning_gap": 10, "name_cadres_in_bulletin": False}  # fmt: skip


async def test_bad_calendar_dates_and_weekdays_are_reported_at_their_path() -> None:
    from bot.plans.types import PlanInvalid

    text = EXAMPLE_PLAN_YAML + 'calendar: {holidays: ["2027-02-30"], weekend: [caturday]}\n'
    try:
        load_plan(text.encode(), "plan.yaml")
    except PlanInvalid as error:
        found = {(p.location.split("[")[0], p.key) for p in error.problems}
    else:
        raise AssertionError("a bad calendar was accepted")
    assert ("calendar.holidays", "plan.bad_day") in found
    assert ("calendar.weekend", "plan.bad_weekday") in found
