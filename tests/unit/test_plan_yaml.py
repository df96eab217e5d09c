"""SPEC §2/§4: a YAML plan becomes a validated PlanDoc with aware datetimes and the exact numbers."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.model import Assignee, Milestone, MinEachRule, Role, VerificationMode
from bot.plans import PlanDoc, PlanInvalid, check_plan, load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML

SHANGHAI = ZoneInfo("Asia/Shanghai")
SHARED_EXAMPLE = Path("/work/shared/examples/plan.yaml")

MINIMAL = """\
campaign: {key: mini, name: 小活动, start: 2026-11-12T08:00, end: 2026-12-31T18:00}
tasks: [{key: visit, name: 入户走访, unit: 户}]
units: [{code: town, name: 镇, level: town}]
members: [{name: 张三, unit: town, role: cadre}]
"""


def load(text: str) -> PlanDoc:
    return load_plan(text.encode("utf-8"), "plan.yaml")


def problems_of(text: str) -> set[tuple[str, str]]:
    plan, problems = check_plan(text.encode("utf-8"), "plan.yaml")
    assert plan is None
    return {(p.key, p.location) for p in problems}


def test_example_plan_campaign_has_tasks_settings_and_aware_milestones() -> None:
    campaign = load(EXAMPLE_PLAN_YAML).campaign
    assert campaign.key == "winter-service-2026"
    assert campaign.name == "冬季健康服务集中活动"
    assert campaign.start == datetime(2026, 11, 12, 8, 0, tzinfo=SHANGHAI)
    assert campaign.end == datetime(2027, 1, 5, 18, 0, tzinfo=SHANGHAI)
    assert campaign.start.utcoffset() == timedelta(hours=8)
    assert [(t.key, t.name, t.unit, t.max_per_report) for t in campaign.tasks] == [
        ("visit", "入户走访", "户", 50),
        ("checkup", "健康体检", "人", 50),
        ("register", "信息登记", "份", 80),
    ]
    assert campaign.tasks[0].aliases == ("走访", "家访", "入户", "visit")
    assert campaign.milestones == (
        Milestone(60, datetime(2026, 12, 5, 18, 0, tzinfo=SHANGHAI)),
        Milestone(80, datetime(2026, 12, 15, 18, 0, tzinfo=SHANGHAI)),
        Milestone(100, campaign.end),
    )
    assert all(m.due.tzinfo is not None for m in campaign.milestones)
    assert campaign.rules == (MinEachRule("village", "checkup", 1, 60),)
    assert campaign.verification is VerificationMode.OPTIONAL
    assert campaign.bulletin.daily_at == time(18, 0)
    assert campaign.reminders.days_before == (3, 1, 0)
    assert campaign.reminders.at == time(9, 0)
    assert campaign.public_warning_gap == 10
    assert campaign.name_cadres_in_bulletin is False


def test_example_plan_units_are_flattened_with_parents_before_children() -> None:
    units = load(EXAMPLE_PLAN_YAML).units
    assert len(units) == 8
    assert [(u.code, u.parent_code) for u in units] == [
        ("county", None),
        ("bydz", "county"),
        ("ql", "bydz"),
        ("sq", "bydz"),
        ("qlj", "bydz"),
        ("ymz", "county"),
        ("ym", "ymz"),
        ("byd", "ymz"),
    ]
    assert [u.level for u in units].count("village") == 5
    assert units[4].name == "青鹿居委会"


def test_example_plan_members_are_keyed_by_name_without_codes() -> None:
    members = load(EXAMPLE_PLAN_YAML).members
    assert len(members) == 9
    assert [m.key for m in members] == [m.name for m in members]
    assert [m.key for m in members if m.role is Role.LEADER] == ["陈主任", "郭镇长", "李书记"]
    assert {m.key: m.unit_code for m in members}["周八"] == "byd"
    assert all(m.language == "zh" and m.weight == 1.0 and m.telegram_user_id is None for m in members)


def test_example_plan_quotas_are_exact() -> None:
    unit, member = Assignee.unit, Assignee.member
    assert load(EXAMPLE_PLAN_YAML).quotas == {
        (unit("county"), "visit"): 164, (unit("county"), "checkup"): 120, (unit("county"), "register"): 300,
        (unit("bydz"), "visit"): 100, (unit("bydz"), "checkup"): 70, (unit("bydz"), "register"): 180,
        (unit("ymz"), "visit"): 64, (unit("ymz"), "checkup"): 50, (unit("ymz"), "register"): 120,
        (unit("ql"), "visit"): 40, (unit("ql"), "checkup"): 30,
        (member("张三"), "visit"): 20, (member("张三"), "checkup"): 15,
    }  # fmt: skip


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="shared example only exists in the workspace")
def test_packaged_example_is_the_shared_example() -> None:
    assert SHARED_EXAMPLE.read_text(encoding="utf-8") == EXAMPLE_PLAN_YAML


def test_naive_times_are_local_to_the_campaign_timezone_and_offsets_are_respected() -> None:
    text = MINIMAL.replace("end: 2026-12-31T18:00}", "end: 2026-12-31T18:00, timezone: Europe/Berlin}")
    text += "milestones: [{percent: 50, due: '2026-12-01T12:00:00+00:00'}]\n"
    campaign = load(text).campaign
    assert campaign.start == datetime(2026, 11, 12, 7, 0, tzinfo=UTC)  # 08:00 in Berlin (CET)
    assert campaign.start.tzinfo == ZoneInfo("Europe/Berlin")
    assert campaign.milestones[0].due == datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert campaign.milestones[0].due.tzinfo == ZoneInfo("Europe/Berlin")


def test_final_milestone_is_added_at_the_end_when_missing() -> None:
    text = MINIMAL + "milestones: [{percent: 60, due: 2026-12-05 18:00}]\n"
    campaign = load(text).campaign
    assert [(m.percent, m.due) for m in campaign.milestones] == [
        (60, datetime(2026, 12, 5, 18, 0, tzinfo=SHANGHAI)),
        (100, campaign.end),
    ]
    assert load(MINIMAL).campaign.milestones == (Milestone(100, datetime(2026, 12, 31, 18, tzinfo=SHANGHAI)),)


def test_milestones_given_out_of_order_but_consistent_are_sorted() -> None:
    text = MINIMAL + "milestones: [{percent: 80, due: 2026-12-15 18:00}, {percent: 60, due: 2026-12-05 18:00}]\n"
    assert [m.percent for m in load(text).campaign.milestones] == [60, 80, 100]


def test_yaml_1_1_words_mean_what_plan_authors_write() -> None:
    settings = "bulletin: off, reminders: {days_before: [1, 3], at: 08:30}, name_cadres_in_bulletin: yes"
    text = MINIMAL.replace("end: 2026-12-31T18:00}", f"end: 2026-12-31T18:00,\n  {settings}}}")
    text = text.replace("{code: town,", "{code: no,").replace("unit: town,", "unit: no,")
    plan = load(text)
    assert plan.campaign.bulletin.daily_at is None
    assert plan.campaign.reminders.at == time(8, 30)  # not the base-60 integer 510
    assert plan.campaign.reminders.days_before == (3, 1)
    assert plan.campaign.name_cadres_in_bulletin is True
    assert plan.units[0].code == "no"  # not the boolean False


def test_member_codes_become_keys_so_namesakes_are_allowed() -> None:
    text = MINIMAL.replace(
        "members: [{name: 张三, unit: town, role: cadre}]",
        "members: [{name: 张三, unit: town, role: 干部, code: z1, weight: 2},\n"
        "          {name: 张三, unit: 镇, role: 领导, code: z2, language: en}]\n"
        "quotas: [{assignee: town, visit: 10}, {assignee: z1, visit: 4}]",
    )
    plan = load(text)
    assert [(m.key, m.name, m.unit_code, m.role, m.language, m.weight) for m in plan.members] == [
        ("z1", "张三", "town", Role.CADRE, "zh", 2.0),
        ("z2", "张三", "town", Role.LEADER, "en", 1.0),
    ]
    assert plan.quotas[(Assignee.member("z1"), "visit")] == 4


def test_flat_units_with_parent_codes_equal_the_nested_tree() -> None:
    flat = EXAMPLE_PLAN_YAML.split("units:")[0] + (
        "units:\n"
        "  - {code: ql, name: 七岭村, level: village, parent: bydz}\n"
        "  - {code: bydz, name: 白洋渡镇, level: town, parent: county}\n"
        "  - {code: county, name: 县卫健局, level: county}\n"
        "  - {code: sq, name: 双泉村, level: village, parent: 白洋渡镇}\n"
        "  - {code: qlj, name: 青鹿居委会, level: village, parent: bydz}\n"
        "  - {code: ymz, name: 元木镇, level: town, parent: county}\n"
        "  - {code: ym, name: 元木村, level: village, parent: ymz}\n"
        "  - {code: byd, name: 白洋渡村, level: village, parent: ymz}\n"
        "members:" + EXAMPLE_PLAN_YAML.split("members:")[1]
    )
    nested = load(EXAMPLE_PLAN_YAML)
    assert set(load(flat).units) == set(nested.units)
    codes = [u.code for u in load(flat).units]
    assert codes.index("county") < codes.index("bydz") < codes.index("ql")


def test_yaml_syntax_error_names_the_line() -> None:
    broken = EXAMPLE_PLAN_YAML.replace("  name: 冬季健康服务集中活动", "  name: [冬季健康服务集中活动")
    plan, problems = check_plan(broken.encode("utf-8"), "plans/winter.yaml")
    assert plan is None
    assert [(p.key, p.location) for p in problems] == [("plan.yaml_syntax", "winter.yaml:6")]
    assert "第 6 行" in problems[0].render("zh")
    assert "line 6" in problems[0].render("en")


def test_duplicate_yaml_keys_are_reported_not_silently_collapsed() -> None:
    block = "tasks:\n  - key: visit\n    name: 入户走访\n    unit: 户\n    unit: 人"
    text = MINIMAL.replace("tasks: [{key: visit, name: 入户走访, unit: 户}]", block)
    assert problems_of(text) == {("plan.duplicate_key", "plan.yaml:6")}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("end: 2026-12-31T18:00", "end: 2026-11-01T18:00"), ("plan.end_before_start", "campaign.end")),
        (("start: 2026-11-12T08:00", "start: 2026-11-12"), ("plan.bad_date", "campaign.start")),
        (("key: mini, ", ""), ("plan.missing", "campaign.key")),
        (
            ("end: 2026-12-31T18:00}", "end: 2026-12-31T18:00, timezone: Mars/Base}"),
            ("plan.bad_timezone", "campaign.timezone"),
        ),
        (("tasks: [{key: visit, name: 入户走访, unit: 户}]", "tasks: []"), ("plan.empty_list", "tasks")),
        (
            ("units: [{code: town, name: 镇, level: town}]", "units: {code: town, name: 镇, level: town}"),
            ("plan.not_a_list", "units"),
        ),
    ],
)
def test_single_mistakes_are_located(change: tuple[str, str], expected: tuple[str, str]) -> None:
    old, new = change
    assert old in MINIMAL
    assert expected in problems_of(MINIMAL.replace(old, new))


def test_a_top_level_list_is_not_a_plan() -> None:
    assert problems_of("- a\n- b\n") == {("plan.not_a_mapping", "/")}


def test_load_plan_raises_with_every_problem() -> None:
    text = MINIMAL.replace("role: cadre", "role: boss").replace("unit: 户", "unit: 户, max_per_report: 0")
    with pytest.raises(PlanInvalid) as raised:
        load(text)
    assert {p.key for p in raised.value.problems} == {"plan.bad_role", "plan.max_per_report_too_small"}


def test_reminders_can_be_switched_off() -> None:
    text = MINIMAL.replace("end: 2026-12-31T18:00}", "end: 2026-12-31T18:00, reminders: off}")
    assert load(text).campaign.reminders.days_before == ()


def test_a_county_quota_bounds_villages_even_when_their_town_has_none() -> None:
    text = EXAMPLE_PLAN_YAML.replace("{assignee: bydz,   visit: 100,", "{assignee: bydz,").replace(
        "{assignee: ql,     visit: 40,", "{assignee: ql,     visit: 150,"
    )
    plan, problems = check_plan(text.encode("utf-8"), "plan.yaml")
    assert plan is None
    assert [(p.key, p.location, dict(p.params)) for p in problems] == [
        (
            "plan.over_allocation",
            "quotas[0].visit",
            {"unit": "county", "task": "visit", "quota": 164, "children_sum": 214, "excess": 50},
        )
    ]


def test_codes_longer_than_24_characters_are_refused_so_buttons_stay_under_64_bytes() -> None:
    from bot.plans import check_plan
    from bot.plans.example import EXAMPLE_PLAN_YAML

    long_key = "v" * 25
    plan, problems = check_plan(EXAMPLE_PLAN_YAML.replace("visit", long_key).encode(), "p.yaml")
    assert plan is None
    assert any(p.key == "plan.bad_key" and p.location == "tasks[0].key" for p in problems)
    ok, none = check_plan(EXAMPLE_PLAN_YAML.replace("visit", "v" * 24).encode(), "p.yaml")
    assert ok is not None
    assert none == []


def test_the_verification_overdue_days_default_to_three_and_must_be_positive() -> None:
    from bot.plans import load_plan
    from bot.plans.example import EXAMPLE_PLAN_YAML
    from bot.plans.types import PlanInvalid

    assert load_plan(EXAMPLE_PLAN_YAML.encode(), "p.yaml").campaign.verification_overdue_days == 3
    five = EXAMPLE_PLAN_YAML.replace(
        "  public_warning_gap: 10", "  verification_overdue_days: 5\n  public_warning_gap: 10"
    )
    assert load_plan(five.encode(), "p.yaml").campaign.verification_overdue_days == 5
    zero = five.replace("verification_overdue_days: 5", "verification_overdue_days: 0")
    with pytest.raises(PlanInvalid):
        load_plan(zero.encode(), "p.yaml")
