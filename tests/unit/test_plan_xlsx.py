"""SPEC §4: an XLSX plan goes through the same validator; problems point at sheets and cells."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.domain.model import Assignee, Role
from bot.plans import check_plan, load_plan
from tests.unit.plan_books import GOOD, workbook
from tests.unit.plan_problems import assert_readable

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_good_workbook_loads_with_local_datetimes_and_lenient_cells() -> None:
    plan = load_plan(workbook(GOOD), "plan.xlsx")
    c = plan.campaign
    assert c.start == datetime(2027, 3, 1, 8, 0, tzinfo=SHANGHAI)
    assert c.end == datetime(2027, 4, 30, 18, 0, tzinfo=SHANGHAI)
    assert [(m.percent, m.due) for m in c.milestones] == [
        (50, datetime(2027, 4, 1, 18, 0, tzinfo=SHANGHAI)),
        (100, c.end),
    ]
    assert c.bulletin.daily_at == time(17, 30)
    assert (c.reminders.days_before, c.reminders.at) == ((2, 0), time(8, 0))
    assert c.tasks[0].aliases == ("走访", "家访", "visit")
    assert c.tasks[0].max_per_report == 30
    assert [(u.code, u.parent_code) for u in plan.units] == [("town", None), ("101", "town")]
    assert [(m.key, m.unit_code, m.role, m.language, m.weight) for m in plan.members] == [
        ("张三", "101", Role.CADRE, "zh", 2.5),
        ("A7", "town", Role.LEADER, "en", 1.0),
    ]
    assert plan.quotas == {
        (Assignee.unit("town"), "visit"): 30,
        (Assignee.unit("101"), "visit"): 20,
        (Assignee.member("张三"), "visit"): 5,
    }
    assert c.rules[0].by_percent == 50


def test_chinese_sheet_names_and_headers_are_accepted() -> None:
    translated: dict[str, list[list[object]]] = {
        "活动": [["字段", "值"], ["编码", "spring"], ["名称", "春季活动"], ["开始时间", "2027-03-01 08:00"],
                 ["结束时间", "2027-04-30 18:00"], ["核验方式", "必须"]],
        "任务": [["编码", "名称", "计量单位", "别名"], ["visit", "入户走访", "户", "走访"]],
        "单位": [["编码", "名称", "层级", "上级"], ["town", "一镇", "town", None]],
        "人员": [["姓名", "单位", "角色", "备注"], ["张三", "town", "干部", "任何说明都被忽略"]],
        "指标": [["对象", "入户走访"], ["town", 8]],
    }  # fmt: skip
    plan = load_plan(workbook(translated), "计划.xlsx")
    assert plan.campaign.verification.value == "required"
    assert plan.members[0].role is Role.CADRE
    assert plan.quotas == {(Assignee.unit("town"), "visit"): 8}  # column headed by the task's name


BROKEN: dict[str, list[list[object]]] = {
    "campaign": [
        ["field", "value"],
        ["key", "winter"],
        ["name", "冬季"],
        ["start", "2026-13-01 08:00"],
        ["end", datetime(2027, 1, 5, 18, 0)],
        ["verification", "maybe"],
        ["colour", "red"],
    ],
    "tasks": [
        ["编码", "名称", "计量单位", "别名", "单次上限", "颜色"],
        ["visit", "入户走访", "户", "走访、体检", 50, "red"],
        ["checkup", "健康体检", "人", "体检", 0],
        ["visit", "重复", "户"],
    ],
    "milestones": [["percent", "due"], [60, datetime(2026, 12, 5, 18)], [150, datetime(2026, 12, 6, 18)]],
    "units": [
        ["code", "name", "level", "parent"],
        ["county", "县", "county", None],
        ["t1", "一镇", "town", "county"],
        ["t1", "二镇", "town", "county"],
        ["v1", "一村", "village", "ghost"],
    ],
    "quotas": [["assignee", "visit", "checkup", "hike"], ["county", 10, 5], ["t1", 12, -1], ["nobody", 1]],
    "rules": [["level", "task", "count", "by"], ["hamlet", "checkup", 1, 60], ["village", "visit", 0, 70]],
}
BROKEN_EXPECTED = {
    ("plan.missing_sheet", "broken.xlsx"),  # members
    ("plan.unknown_field", "campaign!A7"),
    ("plan.bad_date", "campaign!B4"),
    ("plan.bad_choice", "campaign!B6"),
    ("plan.unknown_column", "tasks!F1"),
    ("plan.alias_conflict", "tasks!D3"),
    ("plan.max_per_report_too_small", "tasks!E3"),
    ("plan.duplicate_task", "tasks!A4"),
    ("plan.percent_out_of_range", "milestones!A3"),
    ("plan.duplicate_unit", "units!A4"),
    ("plan.unknown_parent", "units!D5"),
    ("plan.over_allocation", "quotas!B2"),
    ("plan.bad_quota", "quotas!C3"),
    ("plan.unknown_task", "quotas!D2"),
    ("plan.unknown_assignee", "quotas!A4"),
    ("plan.unknown_level", "rules!A2"),
    ("plan.not_positive", "rules!C3"),
    ("plan.rule_by_not_milestone", "rules!D3"),
}


def test_broken_workbook_reports_every_problem_with_its_cell() -> None:
    plan, problems = check_plan(workbook(BROKEN), "uploads/broken.xlsx")
    assert plan is None
    assert {(p.key, p.location) for p in problems} == BROKEN_EXPECTED
    assert len(problems) == len(BROKEN_EXPECTED)
    assert next(p for p in problems if p.key == "plan.missing_sheet").params == {"sheet": "members"}
    for problem in problems:
        assert_readable(problem)


def test_yaml_and_xlsx_give_identical_messages_apart_from_location() -> None:
    yaml_text = (
        "campaign: {key: w, name: 冬, start: 2026-13-01 08:00, end: 2027-01-05T18:00}\n"
        "tasks: [{key: visit, name: 入户走访, unit: 户}]\n"
        "units: [{code: county, name: 县, level: county}]\n"
        "members: [{name: 张三, unit: county, role: boss}]\n"
    )
    sheets: dict[str, list[list[object]]] = {
        "campaign": [["field", "value"], ["key", "w"], ["name", "冬"], ["start", "2026-13-01 08:00"],
                     ["end", "2027-01-05T18:00"]],
        "tasks": [["key", "name", "unit"], ["visit", "入户走访", "户"]],
        "units": [["code", "name", "level"], ["county", "县", "county"]],
        "members": [["name", "unit", "role"], ["张三", "county", "boss"]],
    }  # fmt: skip
    _, from_yaml = check_plan(yaml_text.encode("utf-8"), "p.yaml")
    _, from_xlsx = check_plan(workbook(sheets), "p.xlsx")
    assert [(p.key, p.location) for p in from_yaml] == [
        ("plan.bad_date", "campaign.start"),
        ("plan.bad_role", "members[0].role"),
    ]
    assert [(p.key, p.location) for p in from_xlsx] == [
        ("plan.bad_date", "campaign!B4"),
        ("plan.bad_role", "members!C2"),
    ]
    for lang in ("zh", "en"):
        assert [p.render(lang).split(": ", 1)[1] for p in from_yaml] == [
            p.render(lang).split(": ", 1)[1] for p in from_xlsx
        ]


def test_a_missing_required_column_is_one_problem_not_one_per_row() -> None:
    sheets: dict[str, list[list[object]]] = dict(GOOD)
    sheets["members"] = [["name", "unit"], ["张三", "101"], ["李四", "town"]]
    _, problems = check_plan(workbook(sheets), "plan.xlsx")
    assert [(p.key, p.location, dict(p.params)) for p in problems] == [
        ("plan.missing_column", "sheet 'members'", {"column": "role"}),
    ]


def test_a_file_named_xlsx_that_is_not_a_workbook_gets_one_clear_problem() -> None:
    plan, problems = check_plan(b"name,unit\n\xe5\xbc\xa0\xe4\xb8\x89,ql\n", "roster.xlsx")
    assert plan is None
    assert [(p.key, p.location) for p in problems] == [("plan.not_a_workbook", "roster.xlsx")]
    assert_readable(problems[0])


def test_an_empty_workbook_names_each_missing_sheet() -> None:
    _, problems = check_plan(workbook({"Sheet1": []}), "empty.xlsx")
    assert sorted(str(p.params["sheet"]) for p in problems if p.key == "plan.missing_sheet") == [
        "campaign", "members", "tasks", "units",
    ]  # fmt: skip
    assert all(p.key == "plan.missing_sheet" for p in problems)


def test_an_empty_required_sheet_and_a_repeated_field_are_reported() -> None:
    sheets: dict[str, list[list[object]]] = dict(GOOD)
    sheets["tasks"] = []
    sheets["campaign"] = [*GOOD["campaign"], ["start", "2027-03-02 08:00"]]
    _, problems = check_plan(workbook(sheets), "plan.xlsx")
    found = {(p.key, p.location) for p in problems}
    assert ("plan.empty_list", "sheet 'tasks'") in found
    assert ("plan.duplicate_key", "campaign!A9") in found


def test_a_mapping_written_whole_and_by_its_field_rows_is_written_twice_in_either_order() -> None:
    # `reminders | off` (the YAML key as written) and the row of one of its fields say the same thing
    # twice; whichever comes first, the later row is refused, and the file is never a crash.
    whole: list[object] = ["reminders", "off"]
    field: list[object] = ["reminders_at", "08:00"]
    for rows in ([whole, field], [field, whole]):
        sheets: dict[str, list[list[object]]] = dict(GOOD)
        sheets["campaign"] = [*GOOD["campaign"][:6], *rows]  # GOOD's own reminders rows left out
        _, problems = check_plan(workbook(sheets), "plan.xlsx")
        assert [(p.key, p.location, dict(p.params)) for p in problems] == [
            ("plan.duplicate_key", "campaign!A8", {"key": "reminders"}),
        ]
