"""Review of "formula cells without a computed value" (bot/plans/xlsx_guard.py): every way a formula cell is
written in the XML of a workbook — shared and array formulas, error, text, empty and boolean results, cells
without their `r`, a value written before its formula, a prefixed namespace — is read as the value stored
with it, or refused naming its cell when none is stored. Nothing valid is refused; nothing uncomputed is
read as a number."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest
from openpyxl import Workbook

from bot.domain.model import Assignee
from bot.plans import PlanDoc, check_plan
from bot.plans.reconcile_source import read_reconcile
from bot.plans.types import Problem
from tests.unit.plan_books import GOOD, workbook

QUOTAS = "xl/worksheets/sheet6.xml"  # GOOD's sixth sheet; B3 is village 101's visit quota, 20
B3 = '<c r="B3" t="inlineStr"><is><t>20</t></is></c>'
B4 = '<c r="B4" t="n"><v>5</v></c>'  # 张三's visit quota, 5
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _rewritten(part: str, edit: Callable[[str], str]) -> bytes:
    """GOOD saved, with one part of the zip rewritten as another program would have written it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook(GOOD))) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                edited = edit(data.decode())
                assert edited != data.decode()
                data = edited.encode()
            target.writestr(item, data)
    return out.getvalue()


def _quota_cell(xml: str) -> bytes:
    return _rewritten(QUOTAS, lambda sheet: sheet.replace(B3, xml))


def _checked(data: bytes) -> tuple[PlanDoc | None, list[Problem]]:
    return check_plan(data, "plan.xlsx")


def _village_quota(data: bytes) -> int:
    plan, problems = _checked(data)
    assert [p.render("en") for p in problems] == []
    assert plan is not None
    return plan.quotas[(Assignee.unit("101"), "visit")]


def _refused_at(data: bytes) -> list[tuple[str, str, object]]:
    plan, problems = _checked(data)
    assert plan is None
    return [(p.location, p.key, p.params.get("count")) for p in problems]


COMPUTED = {
    "shared formula, its first cell": '<c r="B3"><f t="shared" ref="B3:B3" si="0">10+10</f><v>20</v></c>',
    "shared formula, a cell that refers to it": '<c r="B3"><f t="shared" si="0"/><v>20</v></c>',
    "array formula": '<c r="B3"><f t="array" ref="B3">SUM(10,10)</f><v>20</v></c>',
    "the value before the formula": '<c r="B3"><v>20</v><f>10+10</f></c>',
    "as LibreOffice writes it": '<c r="B3" s="0" t="n"><f aca="false">10+10</f><v>20</v></c>',
    "a text result": '<c r="B3" t="str"><f>"2"&amp;"0"</f><v>20</v></c>',
}


@pytest.mark.parametrize("cell", COMPUTED.values(), ids=COMPUTED.keys())
def test_a_formula_saved_with_its_value_is_read_as_that_value_however_it_is_written(cell: str) -> None:
    assert _village_quota(_quota_cell(cell)) == 20


UNCOMPUTED = {
    "a cell that refers to a shared formula": '<c r="B3"><f t="shared" si="0"/></c>',
    "array formula": '<c r="B3"><f t="array" ref="B3">SUM(10,10)</f></c>',
    "an empty value of a number": '<c r="B3"><f>10+10</f><v></v></c>',
    "a text formula with no value at all": '<c r="B3" t="str"><f>""</f></c>',
    "a cell without its r": "<c><f>10+10</f></c>",  # its place is counted from the cells before it
}


@pytest.mark.parametrize("cell", UNCOMPUTED.values(), ids=UNCOMPUTED.keys())
def test_a_formula_saved_without_a_value_is_refused_at_its_cell_however_it_is_written(cell: str) -> None:
    assert _refused_at(_quota_cell(cell)) == [("quotas!B3", "plan.formula_not_computed", 1)]


def test_in_a_sheet_written_without_any_r_a_formula_is_placed_by_counting_rows_and_cells() -> None:
    def without_places(value: str) -> Callable[[str], str]:
        return lambda sheet: re.sub(r' r="[A-Z]*[0-9]+"', "", sheet.replace(B3, value))

    uncomputed = _rewritten(QUOTAS, without_places('<c r="B3"><f>10+10</f></c>'))
    assert _refused_at(uncomputed) == [("quotas!B3", "plan.formula_not_computed", 1)]
    assert _village_quota(_rewritten(QUOTAS, without_places('<c r="B3"><f>10+10</f><v>20</v></c>'))) == 20


def test_a_text_formula_that_computed_empty_text_is_an_empty_cell() -> None:
    plan, problems = _checked(_quota_cell('<c r="B3" t="str"><f>""</f><v/></c>'))
    assert problems == []
    assert plan is not None
    assert (Assignee.unit("101"), "visit") not in plan.quotas


@pytest.mark.parametrize(
    ("cell", "shown"),
    [('<c r="B3" t="e"><f>1/0</f><v>#REF!</v></c>', "#REF!"), ('<c r="B3" t="b"><f>TRUE()</f><v>1</v></c>', "True")],
    ids=["an error", "a boolean"],
)
def test_an_error_or_a_boolean_result_is_refused_as_a_quota_not_read_as_a_number(cell: str, shown: str) -> None:
    plan, problems = _checked(_quota_cell(cell))
    assert plan is None
    assert [(p.location, p.key, p.params["value"]) for p in problems] == [("quotas!B3", "plan.bad_quota", shown)]


def _prefixed(sheet: str) -> str:
    """The same sheet with its elements in a named prefix (x:c, x:f, x:v), as some writers save it."""
    sheet = sheet.replace(f'xmlns="{MAIN}"', f'xmlns:x="{MAIN}"')
    return re.sub(r"<(/?)([A-Za-z]+)([ />])", r"<\1x:\2\3", sheet)


def test_a_sheet_written_with_a_namespace_prefix_is_scanned_alike() -> None:
    computed = _rewritten(QUOTAS, lambda s: _prefixed(s.replace(B3, '<c r="B3"><f>10+10</f><v>20</v></c>')))
    assert _village_quota(computed) == 20
    uncomputed = _rewritten(QUOTAS, lambda s: _prefixed(s.replace(B3, '<c r="B3"><f>10+10</f></c>')))
    assert _refused_at(uncomputed) == [("quotas!B3", "plan.formula_not_computed", 1)]


def test_many_formula_cells_without_values_are_one_refusal_with_the_first_cell_and_the_count() -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><f>1</f></c><c r="B{r}"><f>2</f></c></row>' for r in range(1, 2001))
    data = _rewritten(QUOTAS, lambda s: re.sub(r"<sheetData>.*</sheetData>", f"<sheetData>{rows}</sheetData>", s))
    assert _refused_at(data) == [("quotas!A1", "plan.formula_not_computed", 4000)]


def _like_a_writer_that_stores_zero(sheet: str) -> str:
    # XlsxWriter and libxlsxwriter compute no formula: each is stored with the placeholder value 0 and the
    # workbook flagged to be recalculated on load (calcPr fullCalcOnLoad="1", which openpyxl writes too).
    return sheet.replace(B4, '<c r="B4"><f>2+3</f><v>0</v></c>')


def test_a_quota_formula_stored_with_a_placeholder_zero_by_a_writer_that_computes_nothing_is_refused() -> None:
    data = _rewritten(QUOTAS, _like_a_writer_that_stores_zero)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert 'fullCalcOnLoad="1"' in book.read("xl/workbook.xml").decode()  # Excel would recompute it
    plan, problems = _checked(data)
    assert plan is None  # before: a plan whose 张三 owed 0 visits instead of 5, with no word said
    assert [(p.location, p.key) for p in problems] == [("quotas!B4", "plan.formula_not_computed")]


def test_a_check_count_formula_stored_with_a_placeholder_zero_is_refused() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["单位或人员", "任务", "核查数", "来源", "截至日期"])
    sheet.append(["七岭村", "走访", "=8+9", "县卫健局抽查", "2026-12-01"])
    saved = io.BytesIO()
    book.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<f>8\+9</f><v\s*/>", b"<f>8+9</f><v>0</v>", data)
            target.writestr(item, data)
    rows, issues = read_reconcile(out.getvalue(), "check.xlsx")
    assert [row.checked for row in rows] != [0]  # today: one row saying 0 were checked, where the sheet says 17
    assert [(i.location, i.key) for i in issues] == [("Sheet!C2", "reconcile.formula_not_computed")]
