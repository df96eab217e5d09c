"""Review of "names that look like formulas round-trip" (bot/render/plan_workbook.py `_sheet`): every kind of
name a plan holds — the campaign's, a task's name, counting unit and aliases, a unit's name and level, a
member's name and code, a quota's assignee — written starting = + - @ comes back from the workbook as the
same text, stored as a quote-prefixed text cell (never a formula the guard would refuse); a name typed
with a leading tab or CR is read as the name without it; the template is unchanged by the fix."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bot.plans import check_plan, load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.render.plan_workbook import plan_to_xlsx, write_template

EDITS = [
    ("name: 冬季健康服务集中活动", 'name: "=冬季健康服务集中活动"'),
    ("name: 入户走访, unit: 户, aliases: [走访,", 'name: "=入户走访", unit: "+户", aliases: ["@走访",'),
    ("name: 健康体检, unit: 人, aliases: [体检,", 'name: "-健康体检", unit: "=人", aliases: ["=体检",'),
    ("name: 白洋渡镇", 'name: "-白洋渡镇"'),
    ("name: 七岭村,", 'name: "=HYPERLINK(\\"http://x\\")",'),
    ("level: village}", 'level: "=village"}'),
    ("level: village, task", 'level: "=village", task'),
    ("{name: 张三, unit: ql, role: cadre}", '{name: "=张三", unit: ql, role: cadre}'),
    ("{assignee: 张三,", '{assignee: "=张三",'),
    ("{name: 李四, unit: ql, role: cadre}", '{name: "+86 李四", unit: ql, role: cadre, code: "-7"}'),
    ("{name: 王五, unit: sq, role: cadre}", '{name: "@王五", unit: sq, role: cadre}'),
]


def _plan_text(edits: list[tuple[str, str]]) -> bytes:
    text = EXAMPLE_PLAN_YAML
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text.encode()


def test_every_kind_of_name_that_looks_like_a_formula_loads_back_as_the_same_plan() -> None:
    plan = load_plan(_plan_text(EDITS), "plan.yaml")
    assert plan.campaign.name == "=冬季健康服务集中活动"
    assert {"=village"} <= {u.level for u in plan.units}
    back, problems = check_plan(plan_to_xlsx(plan), "plan.xlsx")
    assert [p.render("en") for p in problems] == []
    assert back == plan


def test_each_such_name_is_a_quote_prefixed_text_cell_in_the_workbook() -> None:
    book = load_workbook(io.BytesIO(plan_to_xlsx(load_plan(_plan_text(EDITS), "plan.yaml"))))
    formula_like = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))
    ]
    assert len(formula_like) >= 12
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in formula_like)


@pytest.mark.parametrize("lead", ["\t", "\r", " "])
def test_a_name_typed_with_a_leading_tab_or_cr_is_the_name_without_it_after_a_round_trip(lead: str) -> None:
    escaped = {"\t": "\\t", "\r": "\\r", " ": " "}[lead]
    plan = load_plan(_plan_text([("{name: 王五,", f'{{name: "{escaped}=王五",')]), "plan.yaml")
    assert "=王五" in {m.name for m in plan.members}
    back, problems = check_plan(plan_to_xlsx(plan), "plan.xlsx")
    assert problems == []
    assert back == plan


def test_the_template_still_loads_back_as_the_example_plan() -> None:
    back, problems = check_plan(write_template(), "template.xlsx")
    assert problems == []
    assert back == load_plan(EXAMPLE_PLAN_YAML.encode(), "example.yaml")
