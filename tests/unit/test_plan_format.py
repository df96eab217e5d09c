"""SPEC §4: the loader picks YAML or XLSX itself and turns anything else into one clear problem."""

from __future__ import annotations

import pytest

from bot.plans import PlanInvalid, check_plan, load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.render.plan_workbook import write_template
from tests.unit.plan_problems import assert_readable

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("data", "filename", "key"),
    [
        (PNG, "photo.png", "plan.unknown_format"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "plan.pdf", "plan.unknown_format"),
        ("姓名,单位\n张三,ql\n".encode(), "roster.csv", "plan.unknown_format"),
        (b"just a note about the campaign", "notes.txt", "plan.unknown_format"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", "plan.old_xls"),
        (b"  \n", "plan.yaml", "plan.empty_file"),
    ],
)
def test_a_file_that_is_neither_yaml_nor_xlsx_gets_one_clear_problem(data: bytes, filename: str, key: str) -> None:
    plan, problems = check_plan(data, filename)
    assert plan is None
    assert [(p.key, p.location) for p in problems] == [(key, filename)]
    assert_readable(problems[0])


def test_format_is_recognised_by_content_when_the_name_says_nothing() -> None:
    from_xlsx = load_plan(write_template(), "document")
    from_yaml = load_plan(EXAMPLE_PLAN_YAML.encode("utf-8"), "plan.txt")
    assert from_xlsx == from_yaml


def test_yaml_saved_as_gb18030_by_a_chinese_editor_still_loads() -> None:
    plan = load_plan(EXAMPLE_PLAN_YAML.encode("gb18030"), "plan.yml")
    assert plan.campaign.name == "冬季健康服务集中活动"


def test_load_plan_raises_plan_invalid_for_an_unknown_format() -> None:
    with pytest.raises(PlanInvalid) as raised:
        load_plan(PNG, "photo.png")
    assert [p.key for p in raised.value.problems] == ["plan.unknown_format"]
