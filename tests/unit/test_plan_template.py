"""SPEC §3.1 `/template`: the example plan as a documented workbook a leader edits and sends back."""

from __future__ import annotations

import dataclasses
import io
from datetime import datetime, time
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.model import Assignee, BulletinSchedule, Member, Role, VerificationMode
from bot.plans import check_plan, load_plan
from bot.render.plan_workbook import plan_to_xlsx, write_template
from bot.texts import t
from tests.unit.plan_books import example, row_where, saved

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_template_loads_back_into_the_example_plan() -> None:
    assert load_plan(write_template(), "template.xlsx") == example()


def test_template_has_a_readme_first_in_chinese_then_english_and_a_sheet_per_key() -> None:
    wb = load_workbook(io.BytesIO(write_template()))
    assert wb.sheetnames == [
        "说明 README",
        "campaign",
        "tasks",
        "milestones",
        "units",
        "members",
        "quotas",
        "rules",
        "calendar",
    ]
    readme = [row[0] for row in wb["说明 README"].iter_rows(values_only=True) if row[0]]
    zh_title, en_title = t("zh", "plan.readme.title"), t("en", "plan.readme.title")
    assert readme[0] == zh_title
    assert readme.index(en_title) > readme.index(t("zh", "plan.readme.quotas"))
    assert t("en", "plan.readme.members") in readme


def test_template_stores_wall_clock_datetimes_as_real_excel_dates() -> None:
    wb = load_workbook(io.BytesIO(write_template()))
    assert wb["milestones"]["B2"].value == datetime(2026, 12, 5, 18, 0)
    assert wb["milestones"]["B2"].is_date
    assert wb["units"]["D3"].value == "county"  # the flat table: bydz's parent


def test_leader_edits_in_the_workbook_are_what_gets_loaded() -> None:
    wb = load_workbook(io.BytesIO(write_template()))
    campaign = wb["campaign"]
    campaign.cell(row_where(campaign, 1, "name 活动名称"), 2).value = "冬季健康服务（第二轮）"
    campaign.cell(row_where(campaign, 1, "verification 核验方式"), 2).value = "required"
    campaign.cell(row_where(campaign, 1, "bulletin 每日通报"), 2).value = time(20, 0)
    wb["milestones"]["B3"].value = "2026-12-16 12:00"  # the 80 % checkpoint, typed as text
    wb["members"].append(["钱九", "sq", "cadre"])
    quotas = wb["quotas"]
    quotas.cell(row_where(quotas, 1, "张三"), 2).value = 25
    quotas.append(["钱九", 10, 5])
    plan = load_plan(saved(wb), "edited.xlsx")
    assert plan.campaign.name == "冬季健康服务（第二轮）"
    assert plan.campaign.verification is VerificationMode.REQUIRED
    assert plan.campaign.bulletin.daily_at == time(20, 0)
    assert plan.campaign.milestones[1].due == datetime(2026, 12, 16, 12, 0, tzinfo=SHANGHAI)
    assert plan.members[-1] == Member("钱九", "钱九", "sq", Role.CADRE)
    assert plan.quotas[(Assignee.member("张三"), "visit")] == 25
    assert plan.quotas[(Assignee.member("钱九"), "checkup")] == 5
    assert len(plan.quotas) == len(example().quotas) + 2


def test_an_edit_that_overspends_the_parent_is_caught_with_the_cell() -> None:
    wb = load_workbook(io.BytesIO(write_template()))
    quotas = wb["quotas"]
    quotas.cell(row_where(quotas, 1, "张三"), 2).value = 41  # ql has 40 visits in total
    _, problems = check_plan(saved(wb), "edited.xlsx")
    ql_row = row_where(quotas, 1, "ql")
    assert [(p.key, p.location, p.params["children_sum"]) for p in problems] == [
        ("plan.over_allocation", f"quotas!B{ql_row}", 41),
    ]


def test_plan_to_xlsx_round_trips_codes_weights_and_non_default_settings() -> None:
    plan = example()
    members = list(plan.members)
    members[3] = dataclasses.replace(members[3], key="zs-01", weight=1.5, language="en")
    quotas = {
        (Assignee.member("zs-01") if a == Assignee.member("张三") else a, task): n
        for (a, task), n in plan.quotas.items()
    }
    campaign = dataclasses.replace(
        plan.campaign,
        bulletin=BulletinSchedule(daily_at=None),
        name_cadres_in_bulletin=True,
        public_warning_gap=0,
        verification_overdue_days=5,
    )
    changed = dataclasses.replace(plan, campaign=campaign, members=tuple(members), quotas=quotas)
    assert load_plan(plan_to_xlsx(changed), "roundtrip.xlsx") == changed


def drop_downs(ws: Worksheet) -> dict[str, tuple[str, bool]]:
    """Column letter → (the list offered, whether anything else is refused) of each list validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        for cells in dv.sqref.ranges:
            assert cells.min_row == 2  # below the header, down the sheet
            assert cells.max_row > 1000
            out[cells.coord.split(":")[0].rstrip("0123456789")] = (str(dv.formula1), bool(dv.showErrorMessage))
    return out


def test_template_offers_drop_down_lists_for_roles_levels_and_task_keys() -> None:
    wb = load_workbook(io.BytesIO(write_template()))
    members, units, rules = (wb[name] for name in ("members", "units", "rules"))
    assert isinstance(members, Worksheet)
    assert isinstance(units, Worksheet)
    assert isinstance(rules, Worksheet)
    assert (members["C1"].value, members["E1"].value) == ("role 角色", "language 语言")
    assert drop_downs(members) == {"C": ('"leader,cadre"', True), "E": ('"zh,en"', True)}
    # levels are free text: the plan's levels are offered, a new one may still be typed
    assert units["C1"].value == "level 层级"
    assert drop_downs(units) == {"C": ('"county,town,village"', False)}
    assert (rules["A1"].value, rules["B1"].value) == ("level 层级", "task 任务")
    # a rule's task is any key of the tasks sheet, also one added there later
    assert drop_downs(rules) == {"A": ('"county,town,village"', False), "B": ("tasks!$A$2:$A$1001", True)}


def test_a_template_filled_in_from_its_drop_down_lists_still_imports() -> None:
    wb = load_workbook(io.BytesIO(write_template()))
    members, rules = wb["members"], wb["rules"]
    assert isinstance(members, Worksheet)
    assert isinstance(rules, Worksheet)
    members.append(["新人", "sq", "cadre", None, "en"])
    rules.append(["town", "register", 2, 80])
    plan = load_plan(saved(wb), "template.xlsx")
    assert plan.members[-1] == Member("新人", "新人", "sq", Role.CADRE, "en", 1.0)
    assert plan.campaign.rules[-1].level == "town"
    assert load_plan(saved(load_workbook(io.BytesIO(write_template()))), "t.xlsx") == example()
