"""A formula cell is read as the value Excel or WPS last computed for it. A workbook written by a program
that computes nothing (a script, some exporters) holds the formula with no value: read as it stands,
a quota of `=100+100` would become no quota at all, silently. Such a workbook is refused, naming the
cell, until it has been opened and saved where its formulas are computed."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook

from bot.domain.model import Assignee
from bot.plans import check_plan
from bot.plans.reconcile_source import read_reconcile
from bot.texts import t
from tests.unit.plan_books import GOOD, workbook

_FORMULA = "=10+10"  # the 20 that GOOD's quota of village 101 holds as a number


def _with_formula() -> bytes:
    sheets: dict[str, list[list[object]]] = {
        **GOOD,
        "quotas": [["assignee", "visit"], ["town", 30.0], ["101", _FORMULA], ["张三", 5]],
    }
    return workbook(sheets)


def _computed(data: bytes, value: str, kind: str | None = None) -> bytes:
    """The same workbook as Excel saves it: each formula cell carries its computed value."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                typed = f' t="{kind}"' if kind else ""
                with_value = rf'<c r="\1"{typed}><f>\2</f><v>{value}</v>'
                part = re.sub(r'<c r="([A-Z]+\d+)"><f>([^<]*)</f><v ?/>', with_value, part.decode()).encode()
            target.writestr(item, part)
    return out.getvalue()


def test_a_quota_written_as_a_formula_without_a_computed_value_is_refused_with_its_cell() -> None:
    plan, problems = check_plan(_with_formula(), "plan.xlsx")
    assert plan is None
    assert [(p.location, p.key) for p in problems] == [("quotas!B3", "plan.formula_not_computed")]
    for lang in ("zh", "en"):
        text = problems[0].render(lang)
        assert "B3" in text
        assert "{" not in text
    assert "保存" in problems[0].render("zh")  # says what to do: open and save it in Excel or WPS


def test_the_same_formula_saved_with_its_computed_value_counts_that_value() -> None:
    plan, problems = check_plan(_computed(_with_formula(), "20"), "plan.xlsx")
    assert problems == []
    assert plan is not None
    assert plan.quotas[(Assignee.unit("101"), "visit")] == 20


def test_a_formula_whose_computed_value_is_empty_text_is_an_empty_cell_not_a_refusal() -> None:
    sheets: dict[str, list[list[object]]] = {
        **GOOD,
        "members": [*GOOD["members"], ["王五", "101", "cadre", '=""', None, None]],
    }
    plan, problems = check_plan(_computed(workbook(sheets), "", kind="str"), "plan.xlsx")
    assert problems == []
    assert plan is not None
    assert "王五" in {m.key for m in plan.members}


def test_every_sheet_with_such_formulas_is_named_once_with_its_first_cell_and_how_many() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "quotas"
    for row in range(1, 5):
        ws.append(["x", f"=A{row}"])
    other = wb.create_sheet("scratch")
    other["C7"] = "=1+1"
    data = io.BytesIO()
    wb.save(data)
    _, problems = check_plan(data.getvalue(), "plan.xlsx")
    assert [(p.location, p.key, p.params["count"]) for p in problems] == [
        ("quotas!B1", "plan.formula_not_computed", 4),
        ("scratch!C7", "plan.formula_not_computed", 1),
    ]


def test_a_check_file_count_written_as_a_formula_without_its_value_is_refused_with_its_cell() -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["单位或人员", "任务", "核查数", "来源", "截至日期"])
    ws.append(["七岭村", "走访", "=8+9", "县卫健局抽查", "2026-12-01"])
    data = io.BytesIO()
    wb.save(data)
    rows, problems = read_reconcile(data.getvalue(), "check.xlsx")
    assert rows == []
    assert [(p.location, p.key) for p in problems] == [("Sheet!C2", "reconcile.formula_not_computed")]
    assert "C2" in t("zh", problems[0].key, **problems[0].params)


def _not_recalculated(data: bytes) -> bytes:
    """As Excel saves a workbook it has computed: no request to compute everything again on opening."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                part = part.replace(b' fullCalcOnLoad="1"', b"")
            target.writestr(item, part)
    return out.getvalue()


def test_a_formula_computed_to_zero_by_excel_is_read_as_zero() -> None:
    _, problems = check_plan(_not_recalculated(_computed(_with_formula(), "0")), "plan.xlsx")
    # Read as 0, not refused: village 101's quota of 0 is then below its member 张三's 5.
    assert [(p.location, p.key, p.params["quota"]) for p in problems] == [("quotas!B3", "plan.over_allocation", 0)]


def test_a_zero_stored_by_a_writer_that_asks_excel_to_compute_everything_proves_nothing() -> None:
    data = _computed(_with_formula(), "0")  # openpyxl, like XlsxWriter, sets fullCalcOnLoad
    plan, problems = check_plan(data, "plan.xlsx")
    assert plan is None
    assert [(p.location, p.key) for p in problems] == [("quotas!B3", "plan.formula_not_computed")]
