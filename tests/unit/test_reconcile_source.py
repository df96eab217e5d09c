"""Reading a 核查 file (CSV or XLSX): bilingual headers, counts and dates parsed, every problem at once
with the cell it is in, bounded like a plan file."""

from __future__ import annotations

import io
import sys
from datetime import date, datetime

import openpyxl
import pytest

from bot.domain.reconcile import Issue, SourceRow
from bot.plans import isolated
from bot.plans.isolated import read_reconcile_isolated
from bot.plans.limits import MAX_FILE_BYTES, MAX_NAME, MAX_RECONCILE_ROWS
from bot.plans.reconcile_source import read_reconcile
from bot.render.reconcile_template import reconcile_template_csv, write_reconcile_template

HEADER = "单位或人员,任务,核查数,来源,截至日期\n"


def keys(problems: list[Issue]) -> list[tuple[str, str]]:
    return [(p.location, p.key) for p in problems]


def test_a_csv_with_chinese_headers_is_read_row_by_row() -> None:
    data = (HEADER + "七岭村,走访,17,县卫健局抽查,2026-12-01\n张三,体检,４,县卫健局抽查,2026/12/1\n").encode()
    rows, problems = read_reconcile(data, "check.csv")
    assert problems == []
    assert rows == [
        SourceRow(2, "A2", "七岭村", "走访", 17, "县卫健局抽查", date(2026, 12, 1)),
        SourceRow(3, "A3", "张三", "体检", 4, "县卫健局抽查", date(2026, 12, 1)),
    ]


def test_gbk_csv_english_headers_and_a_blank_source_or_date_taken_from_the_row_above() -> None:
    text = "member,task,checked,source,as_of\n张三,visit,3,公卫系统,2026年12月1日\n李四,visit,5,,\n"
    rows, problems = read_reconcile(text.encode("gb18030"), "check.csv")
    assert problems == []
    assert [(r.assignee, r.checked, r.source, r.as_of) for r in rows] == [
        ("张三", 3, "公卫系统", date(2026, 12, 1)),
        ("李四", 5, "公卫系统", date(2026, 12, 1)),
    ]


def test_every_problem_of_the_file_at_once_with_its_cell() -> None:
    data = (
        HEADER
        + "七岭村,走访,十七,县卫健局抽查,2026-12-01\n"  # not a number
        + "张三,体检,-2,县卫健局抽查,2026-12-01\n"  # negative
        + "李四,体检,3,县卫健局抽查,12月\n"  # not a date
        + ",体检,3,县卫健局抽查,2026-12-01\n"  # no name
        + "=SUM(A1),走访,1,县卫健局抽查,2026-12-01\n"  # a name, as written
    ).encode()
    rows, problems = read_reconcile(data, "check.csv")
    assert keys(problems) == [
        ("C2", "reconcile.bad_count"),
        ("C3", "reconcile.bad_count"),
        ("E4", "reconcile.bad_date"),
        ("A5", "reconcile.missing"),
    ]
    assert [r.assignee for r in rows] == ["=SUM(A1)"]


def test_a_count_of_thousands_of_digits_is_a_bad_count_not_a_crash() -> None:
    # Python refuses to turn more than 4,300 digits into an int: the cell is a bad count like any other.
    huge = "9" * 5000
    rows, problems = read_reconcile((HEADER + f"张三,走访,{huge},县卫健局抽查,2026-12-01\n").encode(), "check.csv")
    assert rows == []
    assert keys(problems) == [("C2", "reconcile.bad_count")]
    assert len(str(problems[0].params["value"])) <= MAX_NAME


def test_missing_columns_empty_files_and_too_many_rows_are_refused() -> None:
    assert keys(read_reconcile(b"", "x.csv")[1]) == [("x.csv", "reconcile.empty_file")]
    assert keys(read_reconcile(HEADER.encode(), "x.csv")[1]) == [("x.csv", "reconcile.empty_file")]
    _, problems = read_reconcile("单位,任务\n七岭村,走访\n".encode(), "x.csv")
    assert keys(problems) == [("x.csv", "reconcile.missing_column")] * 3
    many = HEADER + "张三,走访,1,抽查,2026-12-01\n" * (MAX_RECONCILE_ROWS + 1)
    assert keys(read_reconcile(many.encode(), "x.csv")[1]) == [("x.csv", "reconcile.too_many_rows")]
    big = b"x" * (MAX_FILE_BYTES + 1)
    assert keys(read_reconcile(big, "x.csv")[1]) == [("x.csv", "reconcile.file_too_large")]
    assert keys(read_reconcile(b"\xd0\xcf\x11\xe0rest", "x.xls")[1]) == [("x.xls", "reconcile.old_xls")]


def test_a_file_that_is_not_text_is_refused_with_one_problem() -> None:
    # A NUL byte decodes as UTF-8 but no text table holds one: a binary file (an image, a renamed
    # archive) gets one clear problem, not a column-by-column list of what it happens to decode as.
    binary = (HEADER + "张三,走访,1,抽查,2026-12-01\n").encode() + b"\x00\x01\x02"
    assert read_reconcile(binary, "check.csv") == ([], [Issue("check.csv", "reconcile.not_text")])
    late = (HEADER + "张三,走访,1,抽查,2026-12-01\n" * 400).encode() + b"\x00"  # past the first 4 KiB
    assert keys(read_reconcile(late, "check.csv")[1]) == [("check.csv", "reconcile.not_text")]
    undecodable = HEADER.encode() + b"\xff\xfe\x80\x80,\x81\n"  # neither UTF-8 nor GB18030
    assert keys(read_reconcile(undecodable, "check.csv")[1]) == [("check.csv", "reconcile.not_text")]


def test_an_xlsx_is_read_with_sheet_and_cell_and_real_dates() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "核查"
    ws.append(["assignee 单位或人员", "task 任务", "checked 核查数", "source 来源", "as_of 截至日期", "备注"])
    ws.append(["七岭村", "走访", 17, "县卫健局抽查", datetime(2026, 12, 1), "ok"])
    ws.append(["张三", "体检", 4.0, "县卫健局抽查", date(2026, 12, 1)])
    ws.append(["李四", "体检", 2.5, "县卫健局抽查", date(2026, 12, 1)])
    out = io.BytesIO()
    book.save(out)
    rows, problems = read_reconcile(out.getvalue(), "check.xlsx")
    assert keys(problems) == [("核查!C4", "reconcile.bad_count")]
    assert rows == [
        SourceRow(2, "核查!A2", "七岭村", "走访", 17, "县卫健局抽查", date(2026, 12, 1)),
        SourceRow(3, "核查!A3", "张三", "体检", 4, "县卫健局抽查", date(2026, 12, 1)),
    ]


def test_the_templates_read_back_clean() -> None:
    rows, problems = read_reconcile(write_reconcile_template(), "template.xlsx")
    assert problems == []
    assert rows
    rows, problems = read_reconcile(reconcile_template_csv(), "template.csv")
    assert problems == []
    assert rows


async def test_the_file_is_read_in_the_checker_child_and_a_hang_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = (HEADER + "七岭村,走访,17,县卫健局抽查,2026-12-01\n").encode()
    rows, problems = await read_reconcile_isolated(data, "check.csv")
    assert problems == []
    assert [r.checked for r in rows] == [17]
    monkeypatch.setattr(isolated, "RECONCILE_WORKER", (sys.executable, "-c", "import time; time.sleep(600)"))
    rows, problems = await read_reconcile_isolated(data, "check.csv", seconds=0.5)
    assert rows == []
    assert keys(problems) == [("check.csv", "reconcile.check_timeout")]
