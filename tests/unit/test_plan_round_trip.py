"""A plan written to a workbook loads back as the same plan: every setting a YAML plan can hold has its
row on the campaign sheet (or the calendar sheet), so a leader who keeps the plan in Excel, edits a
quota and sends it back changes nothing else — not the integrity-flag thresholds, not the 核查
tolerance. The template a leader downloads shows these rows with their defaults."""

from __future__ import annotations

import dataclasses
import io
from typing import get_args

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.model import AnomalyThresholds, Assignee
from bot.plans import check_plan, load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.plans.layout import CALENDAR_KINDS, CAMPAIGN_FIELDS, NESTED_CAMPAIGN_FIELDS, SCALAR_CAMPAIGN_FIELDS
from bot.plans.schema import CalendarEntry, Entry, Head
from bot.render.plan_workbook import plan_to_xlsx, write_template
from bot.texts import t
from tests.unit.plan_books import row_where, saved
from tests.unit.plan_problems import assert_readable

_EXAMPLE_REMINDERS = '  reminders: {days_before: [3, 1, 0], at: "09:00"}\n'
# Every campaign setting away from its default, and the plan's own calendar.
_EVERY_SETTING = """\
  reminders: {days_before: [5, 2], at: "08:30", nudge_at: "19:30", rest_days: skip}
  name_cadres_in_bulletin: yes
  verification_overdue_days: 4
  warnings: {yellow_after: 1, red_after: 3, public_after: 4}
  anomalies:
    spike_factor: 2.5
    spike_peer_percentile: 90
    last_day_share: 35
    over_quota_percent: 175
    night_start: "22:30"
    night_end: "06:00"
    round_repeat_days: 4
  leave: {resplit_after_days: 5}
  reconcile: {tolerance: 2, tolerance_percent: 7.5}

calendar:
  holidays: [2026-12-31]
  workdays: [2026-12-27]
  weekend: [sun]
"""
# Everything that can be switched off, off.
_ALL_OFF = """\
  reminders: off
  bulletin: off
calendar: off
"""


def _plan(settings: str, **replace: str) -> bytes:
    text = EXAMPLE_PLAN_YAML.replace(_EXAMPLE_REMINDERS, settings)
    for old, new in replace.items():
        text = text.replace(old, new)
    return text.encode("utf-8")


def _every_setting() -> bytes:
    return _plan(
        _EVERY_SETTING,
        **{
            "verification: optional": "verification: required",
            'bulletin: {daily_at: "18:00"}': 'bulletin: {daily_at: "17:30", rest_days: skip}',
            "public_warning_gap: 10": "public_warning_gap: 15",
            "timezone: Asia/Shanghai": "timezone: Asia/Urumqi",
        },
    )


def _campaign_sheet(data: bytes) -> Worksheet:
    ws = load_workbook(io.BytesIO(data))["campaign"]
    assert isinstance(ws, Worksheet)
    return ws


def _value(ws: Worksheet, field: str) -> object:
    return ws.cell(row_where(ws, 1, field), 2).value


def test_every_campaign_setting_of_the_schema_has_a_row_on_the_campaign_sheet() -> None:
    """So a setting added to the schema later cannot be left out of the workbook unnoticed."""
    rows = {(parent, child) for parent, child in NESTED_CAMPAIGN_FIELDS.values()}
    rows |= {(parent, child) for parent, child in SCALAR_CAMPAIGN_FIELDS.items()}
    missing = []
    for name, info in Head.model_fields.items():
        entry = next((a for a in get_args(info.annotation) or (info.annotation,) if isinstance(a, type)), None)
        if entry is not None and issubclass(entry, Entry):
            missing += [f"{name}.{child}" for child in entry.model_fields if (name, child) not in rows]
        elif name not in CAMPAIGN_FIELDS:
            missing.append(name)
    assert missing == []
    assert set(CalendarEntry.model_fields) == set(CALENDAR_KINDS)  # the calendar sheet's kinds of row


def test_a_plan_with_every_setting_changed_loads_back_from_its_workbook_unchanged() -> None:
    plan = load_plan(_every_setting(), "plan.yaml")
    changed = {f.name for f in dataclasses.fields(AnomalyThresholds)}
    assert {f for f in changed if getattr(plan.campaign.anomalies, f) == getattr(AnomalyThresholds(), f)} == set()
    assert (plan.campaign.reconcile_tolerance, plan.campaign.reconcile_tolerance_percent) == (2, 7.5)
    back = load_plan(plan_to_xlsx(plan), "plan.xlsx")
    assert back.campaign.anomalies == plan.campaign.anomalies
    assert (back.campaign.reconcile_tolerance, back.campaign.reconcile_tolerance_percent) == (2, 7.5)
    assert back == plan


def test_a_plan_with_reminders_bulletin_and_calendar_off_loads_back_with_them_off() -> None:
    plan = load_plan(_plan(_ALL_OFF, **{'  bulletin: {daily_at: "18:00"} # or: off\n': ""}), "plan.yaml")
    assert plan.campaign.reminders.days_before == ()
    assert plan.campaign.bulletin.daily_at is None
    assert not plan.campaign.calendar.enabled
    assert load_plan(plan_to_xlsx(plan), "plan.xlsx") == plan


def test_fractions_midnight_a_default_ladder_and_no_weekend_load_back_unchanged() -> None:
    settings = """\
  warnings: {}
  anomalies: {spike_factor: 1.25, night_start: "00:00", night_end: "00:30"}
  reconcile: {tolerance_percent: 0.5}
calendar: {weekend: none}
"""
    plan = load_plan(_plan(settings), "plan.yaml")
    assert plan.campaign.warnings is not None
    assert plan.campaign.calendar.weekend == ()
    assert load_plan(plan_to_xlsx(plan), "plan.xlsx") == plan


def test_the_template_shows_the_anomaly_and_reconcile_rows_with_their_defaults() -> None:
    ws = _campaign_sheet(write_template())
    assert [_value(ws, field) for field in (
        "anomalies_spike_factor 突增倍数", "anomalies_spike_peer_percentile 突增同伴百分位",
        "anomalies_last_day_share 节点前一天占比", "anomalies_over_quota_percent 超指标百分比",
        "anomalies_night_start 夜间开始", "anomalies_night_end 夜间结束",
        "anomalies_round_repeat_days 整十重复天数",
        "reconcile_tolerance 核查容差", "reconcile_tolerance_percent 核查容差百分比",
    )] == [3, 95, 40, 150, "23:00", "05:00", 3, 0, 5]  # fmt: skip


def test_the_templates_readme_explains_the_rows_in_chinese_and_english() -> None:
    readme = load_workbook(io.BytesIO(write_template()))["说明 README"]
    texts = [row[0] for row in readme.iter_rows(values_only=True) if row[0]]
    for lang in ("zh", "en"):
        assert t(lang, "plan.readme.anomalies") in texts
    assert all("reconcile_tolerance_percent" in t(lang, "plan.readme.anomalies") for lang in ("zh", "en"))


def test_a_leader_who_edits_a_quota_keeps_the_plans_thresholds_and_tolerance() -> None:
    plan = load_plan(_every_setting(), "plan.yaml")
    wb = load_workbook(io.BytesIO(plan_to_xlsx(plan)))
    quotas = wb["quotas"]
    quotas.cell(row_where(quotas, 1, "张三"), 2).value = 18
    edited = load_plan(saved(wb), "edited.xlsx")
    assert edited.quotas[(Assignee.member("张三"), "visit")] == 18
    assert edited.campaign == plan.campaign


def test_the_rows_are_read_by_their_chinese_names_alone() -> None:
    wb = load_workbook(io.BytesIO(write_template()))
    ws = wb["campaign"]
    for field, chinese, value in (
        ("anomalies_over_quota_percent 超指标百分比", "超指标百分比", "200%"),
        ("anomalies_night_start 夜间开始", "夜间开始", "22:00"),
        ("reconcile_tolerance_percent 核查容差百分比", "核查容差百分比", 10),
        ("reconcile_tolerance 核查容差", "核查容差", 3),
    ):
        row = row_where(ws, 1, field)
        ws.cell(row, 1).value, ws.cell(row, 2).value = chinese, value
    campaign = load_plan(saved(wb), "edited.xlsx").campaign
    assert campaign.anomalies.over_quota_percent == 200
    assert f"{campaign.anomalies.night_start:%H:%M}" == "22:00"
    assert (campaign.reconcile_tolerance, campaign.reconcile_tolerance_percent) == (3, 10.0)


def test_a_threshold_past_its_bound_is_told_the_bound_in_a_yaml_plan_too() -> None:
    settings = "  anomalies: {spike_factor: 1, spike_peer_percentile: 101, round_repeat_days: 1}\n"
    _, problems = check_plan(_plan(settings), "plan.yaml")
    assert [(p.location, p.key, p.params["limit"]) for p in problems] == [
        ("campaign.anomalies.spike_factor", "plan.more_than", 1),
        ("campaign.anomalies.spike_peer_percentile", "plan.at_most", 100),
        ("campaign.anomalies.round_repeat_days", "plan.at_least", 2),
    ]
    for problem in problems:
        assert_readable(problem)


def test_a_bad_threshold_or_tolerance_is_refused_at_its_cell_in_chinese_and_english() -> None:
    wb = load_workbook(io.BytesIO(write_template()))
    ws = wb["campaign"]
    spike = row_where(ws, 1, "anomalies_spike_factor 突增倍数")
    tolerance = row_where(ws, 1, "reconcile_tolerance_percent 核查容差百分比")
    ws.cell(spike, 2).value = 1  # a spike is more than the member's own median
    ws.cell(tolerance, 2).value = "很多"
    _, problems = check_plan(saved(wb), "edited.xlsx")
    assert {(p.location, p.key) for p in problems} == {
        (f"campaign!B{spike}", "plan.more_than"),
        (f"campaign!B{tolerance}", "plan.not_number"),
    }
    for problem in problems:
        assert_readable(problem)


def test_names_that_look_like_formulas_load_back_from_the_workbook_as_the_same_names() -> None:
    """Names are data: written as text cells, never as formulas (openpyxl takes any "=…" string for one)."""
    names = {"张三": '"=1+1"', "李四": '"+86 李四"', "七岭村": '"=HYPERLINK(\\"x\\")"', "王五": '"@王五"'}
    plan = load_plan(_plan(_EXAMPLE_REMINDERS, **names), "plan.yaml")
    assert {"=1+1", "+86 李四", "@王五"} <= {m.name for m in plan.members}
    back, problems = check_plan(plan_to_xlsx(plan), "plan.xlsx")
    assert [p.render("en") for p in problems] == []
    assert back == plan
