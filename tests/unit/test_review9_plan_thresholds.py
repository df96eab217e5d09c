"""review9: the workbook's new threshold and tolerance rows against what Excel and a careless leader put
in them. A percentage typed as a percentage is that percentage; a number too large to be one (Excel
keeps 1E+400 as text, a leader may type "inf") is refused at its cell — accepted, it would be a spike
factor no report ever reaches (nothing flagged, while the row looks set), and the plan written back to a
workbook would not load back as the same plan."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.plans import check_plan, load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.render.plan_workbook import write_template
from tests.unit.plan_books import row_where, saved
from tests.unit.plan_problems import assert_readable

SPIKE = "anomalies_spike_factor 突增倍数"
TOLERANCE_PERCENT = "reconcile_tolerance_percent 核查容差百分比"
PEER_PERCENTILE = "anomalies_spike_peer_percentile 突增同伴百分位"


def _template_with(field: str, value: object, number_format: str | None = None) -> tuple[bytes, int]:
    """The downloaded template with one campaign row's value changed; the row's number."""
    wb = load_workbook(io.BytesIO(write_template()))
    ws = wb["campaign"]
    assert isinstance(ws, Worksheet)
    row = row_where(ws, 1, field)
    cell = ws.cell(row, 2)
    cell.value = value
    if number_format is not None:
        cell.number_format = number_format
    return saved(wb), row


def test_a_tolerance_typed_as_a_percentage_in_excel_is_that_percentage() -> None:
    """Typing 7.5% into 核查容差百分比 makes Excel store 0.075 formatted as a percentage."""
    data, _ = _template_with(TOLERANCE_PERCENT, 0.075, "0.0%")
    plan, problems = check_plan(data, "edited.xlsx")
    assert problems == []
    assert plan is not None
    assert plan.campaign.reconcile_tolerance_percent == 7.5


def test_a_peer_percentile_typed_as_a_percentage_in_excel_is_that_percentile() -> None:
    """Typing 90% into 突增同伴百分位 (the 90th percentile) makes Excel store 0.9 formatted as a percentage,
    as 节点前一天占比 and 超指标百分比 already read it."""
    data, _ = _template_with(PEER_PERCENTILE, 0.9, "0%")
    plan, problems = check_plan(data, "edited.xlsx")
    assert problems == []
    assert plan is not None
    assert plan.campaign.anomalies.spike_peer_percentile == 90


@pytest.mark.parametrize(("value", "key"), [("1e400", "plan.number_too_large"), ("inf", "plan.not_number")])
def test_a_spike_factor_beyond_any_number_is_refused_at_its_cell(value: str, key: str) -> None:
    data, row = _template_with(SPIKE, value)
    _, problems = check_plan(data, "edited.xlsx")
    assert [(p.location, p.key) for p in problems] == [(f"campaign!B{row}", key)]
    assert_readable(problems[0])


def test_a_members_weight_beyond_any_number_is_refused() -> None:
    """An infinite weight would make /split by weights divide infinity by infinity."""
    plan = EXAMPLE_PLAN_YAML.replace(
        "  - {name: 张三, unit: ql, role: cadre}", "  - {name: 张三, unit: ql, role: cadre, weight: 1e400}", 1
    )
    assert "weight: 1e400" in plan, "the example plan's text changed"
    _, problems = check_plan(plan.encode(), "plan.yaml")
    assert [p.params.get("field") for p in problems] == ["weight"]


def _with_reconcile(setting: str) -> bytes:
    reminders = '  reminders: {days_before: [3, 1, 0], at: "09:00"}\n'
    assert reminders in EXAMPLE_PLAN_YAML, "the example plan's text changed"
    return EXAMPLE_PLAN_YAML.replace(reminders, reminders + f"  reconcile: {{tolerance_percent: {setting}}}\n").encode()


def test_a_tolerance_written_as_a_percentage_in_yaml_is_that_percentage() -> None:
    assert load_plan(_with_reconcile("7.5%"), "plan.yaml").campaign.reconcile_tolerance_percent == 7.5


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (".nan", "plan.not_number"),
        ("nan", "plan.not_number"),
        ("-.inf", "plan.number_too_large"),
        ("1.0e+400", "plan.number_too_large"),
    ],
)
def test_a_tolerance_beyond_any_number_is_refused_at_its_yaml_path(value: str, key: str) -> None:
    _, problems = check_plan(_with_reconcile(value), "plan.yaml")
    assert [(p.location, p.key) for p in problems] == [("campaign.reconcile.tolerance_percent", key)]
    assert_readable(problems[0])


def test_the_template_downloaded_and_sent_back_unchanged_is_the_example_plan() -> None:
    """Held: the template round-trips (its anomaly and reconcile rows included)."""
    assert load_plan(write_template(), "template.xlsx") == load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml")
