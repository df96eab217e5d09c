"""Review 15: a formula's stored 0 in a workbook that asks Excel to compute every formula on opening
(`fullCalcOnLoad` in workbook.xml's calcPr; bot/plans/xlsx_guard.py `_computed`, `_recalculated_on_load`).
XlsxWriter and writers like it store 0 for every formula they never computed and set that flag; such a 0
is refused like a missing value (README, "files are bounded"), or a quota of `=100+100` silently becomes 0.
Every spelling of the flag and of the cell is tried; a typed 0 (no formula), a boolean or text result, and
a 0 in a workbook that does not ask for the computation are values. The bot's own workbooks hold no
formula, so the rule never refuses a template or a plan the bot wrote."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest
from openpyxl import Workbook, load_workbook

from bot.domain.model import Assignee
from bot.plans import check_plan
from bot.plans.reconcile_source import read_reconcile
from bot.plans.types import Problem
from bot.plans.xlsx_guard import inspect_workbook
from bot.render.plan_workbook import plan_to_xlsx, write_template
from bot.render.reconcile_template import write_reconcile_template
from tests.unit.plan_books import GOOD, example, workbook

QUOTAS = "xl/worksheets/sheet6.xml"  # GOOD's sixth sheet; B3 is village 101's visit quota, 20
B3 = '<c r="B3" t="inlineStr"><is><t>20</t></is></c>'
WORKBOOK = "xl/workbook.xml"
CALC = '<calcPr calcId="124519" fullCalcOnLoad="1" />'  # as openpyxl (like XlsxWriter) writes it
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NOT_COMPUTED = [("quotas!B3", "plan.formula_not_computed")]

Edits = dict[str, Callable[[str], str]]


def rewritten(edits: Edits, renamed: dict[str, str] | None = None) -> bytes:
    """GOOD saved by openpyxl, with some parts rewritten (and renamed) as another program would write them."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook(GOOD))) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            text = source.read(item.filename).decode()
            if item.filename in edits:
                edited = edits[item.filename](text)
                assert edited != text, item.filename
                text = edited
            target.writestr((renamed or {}).get(item.filename, item.filename), text.encode())
    return out.getvalue()


def quota_cell(cell: str, calc: str | None = CALC) -> bytes:
    """Village 101's quota cell written as `cell`, in a workbook whose calcPr is `calc` (None: absent)."""
    edits: Edits = {QUOTAS: lambda sheet: sheet.replace(B3, cell)}
    if calc != CALC:
        edits[WORKBOOK] = lambda book: book.replace(CALC, calc or "")
    return rewritten(edits)


def problems_of(data: bytes) -> list[tuple[str, str]]:
    _, problems = check_plan(data, "plan.xlsx")
    return [(p.location, p.key) for p in problems]


def read_as_zero(data: bytes) -> bool:
    """Read as a quota of 0: village 101's 0 is then below its member 张三's 5 (over-allocation)."""
    _, problems = check_plan(data, "plan.xlsx")
    return [(p.location, p.key, p.params.get("quota")) for p in problems] == [("quotas!B3", "plan.over_allocation", 0)]


def test_the_flag_as_openpyxl_writes_it_is_where_the_tests_look_for_it() -> None:
    with zipfile.ZipFile(io.BytesIO(workbook(GOOD))) as book:
        assert CALC in book.read(WORKBOOK).decode()


@pytest.mark.parametrize("flag", ["1", "true"])
def test_a_formulas_zero_under_either_spelling_of_the_flag_is_refused(flag: str) -> None:
    calc = f'<calcPr calcId="124519" fullCalcOnLoad="{flag}" />'
    assert problems_of(quota_cell('<c r="B3"><f>10+10</f><v>0</v></c>', calc)) == NOT_COMPUTED


UNPROVEN = {
    "no type": '<c r="B3"><f>10+10</f><v>0</v></c>',
    "t=n said": '<c r="B3" t="n"><f>10+10</f><v>0</v></c>',
    "padded": '<c r="B3"><f>10+10</f><v> 0 </v></c>',
    "a cell that refers to a shared formula": '<c r="B3"><f t="shared" si="0"/><v>0</v></c>',
    "a shared formula's first cell": '<c r="B3"><f t="shared" ref="B3:B3" si="0">10+10</f><v>0</v></c>',
    "an array formula": '<c r="B3"><f t="array" ref="B3">SUM(10,10)</f><v>0</v></c>',
    "the value before the formula": '<c r="B3"><v>0</v><f>10+10</f></c>',
}


@pytest.mark.parametrize("cell", UNPROVEN.values(), ids=UNPROVEN.keys())
def test_a_formulas_stored_zero_is_refused_however_the_cell_is_written(cell: str) -> None:
    assert problems_of(quota_cell(cell)) == NOT_COMPUTED


def test_the_flag_in_a_prefixed_namespace_is_seen() -> None:
    def prefixed(book: str) -> str:
        book = book.replace(f'xmlns="{MAIN}"', f'xmlns:x="{MAIN}"')
        return re.sub(r"<(/?)([A-Za-z]+)([ />])", r"<\1x:\2\3", book)

    data = rewritten({QUOTAS: lambda s: s.replace(B3, '<c r="B3"><f>10+10</f><v>0</v></c>'), WORKBOOK: prefixed})
    assert "<x:calcPr" in zipfile.ZipFile(io.BytesIO(data)).read(WORKBOOK).decode()
    assert problems_of(data) == NOT_COMPUTED


@pytest.mark.parametrize(
    "calc",
    [None, '<calcPr calcId="191029" />', '<calcPr fullCalcOnLoad="0" />', '<calcPr fullCalcOnLoad="false" />'],
    ids=["no calcPr", "calcPr without the flag (as Excel saves)", "flag 0", "flag false"],
)
def test_a_formulas_zero_in_a_workbook_that_does_not_ask_for_computing_is_a_zero(calc: str | None) -> None:
    assert read_as_zero(quota_cell('<c r="B3"><f>10+10</f><v>0</v></c>', calc))


def test_a_typed_zero_is_a_zero_whatever_the_flag_says() -> None:
    assert read_as_zero(quota_cell('<c r="B3" t="n"><v>0</v></c>'))


def test_a_text_or_boolean_formula_result_is_a_result_not_a_placeholder() -> None:
    # "0" as text is read as the number 0; FALSE is refused as a quota, but neither as uncomputed
    assert read_as_zero(quota_cell('<c r="B3" t="str"><f>"0"</f><v>0</v></c>'))
    assert problems_of(quota_cell('<c r="B3" t="b"><f>1&gt;2</f><v>0</v></c>')) == [("quotas!B3", "plan.bad_quota")]


def test_a_nonzero_stored_value_under_the_flag_is_read_as_that_value() -> None:
    plan, problems = check_plan(quota_cell('<c r="B3"><f>10+10</f><v>20</v></c>'), "plan.xlsx")
    assert problems == []
    assert plan is not None
    assert plan.quotas[(Assignee.unit("101"), "visit")] == 20


def test_a_check_files_formula_zero_under_the_flag_is_refused_at_its_cell() -> None:
    """核查 files pass the same guard: a count of `=8+9` from a writer that computes nothing is no 0."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["单位或人员", "任务", "核查数", "来源", "截至日期"])
    ws.append(["七岭村", "走访", "=8+9", "县卫健局抽查", "2026-12-01"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with_zero = rezip(
        buffer.getvalue(), "xl/worksheets/sheet1.xml", lambda s: s.replace("<f>8+9</f><v />", "<f>8+9</f><v>0</v>")
    )
    rows, problems = read_reconcile(with_zero, "check.xlsx")
    assert rows == []
    assert [(p.location, p.key) for p in problems] == [("Sheet!C2", "reconcile.formula_not_computed")]


def rezip(data: bytes, part: str, edit: Callable[[str], str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            text = source.read(item.filename).decode()
            target.writestr(item, (edit(text) if item.filename == part else text).encode())
    return out.getvalue()


def formula_cells(data: bytes) -> list[str]:
    """Sheets holding a formula cell (`<f>`; a drop-down's `<formula1>` is a list, not a cell)."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        return [n for n in sheets if re.search(r"<(\w+:)?f[ />]", book.read(n).decode())]


@pytest.mark.parametrize(
    "written",
    [write_template, lambda: plan_to_xlsx(example()), write_reconcile_template],
    ids=["the plan template", "a plan the bot exports", "the 核查 template"],
)
def test_the_bots_own_workbooks_ask_for_computing_but_hold_no_formula_so_the_rule_never_refuses_them(
    written: Callable[[], bytes],
) -> None:
    data = written()
    assert b'fullCalcOnLoad="1"' in zipfile.ZipFile(io.BytesIO(data)).read(WORKBOOK)
    assert formula_cells(data) == []
    assert inspect_workbook(data, "own.xlsx") == []
    assert load_workbook(io.BytesIO(data)) is not None


# --- defects -------------------------------------------------------------------------------------------

OTHER_ZEROS = {"0.0": "0.0", "-0": "-0", "0E+0": "0E+0", "0.00000": "0.00000"}


@pytest.mark.parametrize("zero", OTHER_ZEROS.values(), ids=OTHER_ZEROS.keys())
def test_a_formulas_zero_spelled_otherwise_is_refused_too(zero: str) -> None:
    assert problems_of(quota_cell(f'<c r="B3"><f>10+10</f><v>{zero}</v></c>')) == NOT_COMPUTED


def moved_workbook_part(edits: Edits) -> bytes:
    """The same workbook with its main part at xl/book.xml, named by _rels/.rels and [Content_Types].xml
    as the package format allows (openpyxl finds it there, by its content type)."""
    to_book: Edits = {
        "_rels/.rels": lambda s: s.replace("xl/workbook.xml", "xl/book.xml"),
        "[Content_Types].xml": lambda s: s.replace("/xl/workbook.xml", "/xl/book.xml"),
    }
    return rewritten(to_book | edits, {WORKBOOK: "xl/book.xml", "xl/_rels/workbook.xml.rels": "xl/_rels/book.xml.rels"})


def test_openpyxl_reads_a_workbook_whose_main_part_is_elsewhere() -> None:
    book = load_workbook(io.BytesIO(moved_workbook_part({})), data_only=True)
    assert book.sheetnames == list(GOOD)


def test_a_formula_without_a_value_is_refused_wherever_the_workbook_part_is() -> None:
    data = moved_workbook_part({QUOTAS: lambda s: s.replace(B3, '<c r="B3"><f>10+10</f></c>')})
    assert problems_of(data) == NOT_COMPUTED


def test_a_sheet_past_the_caps_is_refused_wherever_the_workbook_part_is() -> None:
    far = moved_workbook_part(
        {QUOTAS: lambda s: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', s)}
    )
    found: list[Problem] = inspect_workbook(far, "plan.xlsx")
    assert [p.key for p in found] == ["plan.sheet_too_big"]
