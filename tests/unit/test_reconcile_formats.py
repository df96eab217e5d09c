"""核查 files as Excel and WPS users really save them (issue 11 §4): "Unicode text" (tab-separated UTF-16
with a BOM), tab- or comma-separated UTF-8 with or without a BOM or GBK, counts with thousands
separators or a `.0`, dates with or without a year. Accepted where the meaning is certain; 12.5 is still
not a count."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.reconcile import Issue, SourceRow
from bot.plans.reconcile_source import read_reconcile

ROWS = [["单位或人员", "任务", "核查数", "来源", "截至日期"], ["七岭村", "走访", "17", "县卫健局抽查", "2026-12-01"]]
READ = [SourceRow(2, "A2", "七岭村", "走访", 17, "县卫健局抽查", date(2026, 12, 1))]


def keys(problems: list[Issue]) -> list[tuple[str, str]]:
    return [(p.location, p.key) for p in problems]


@pytest.mark.parametrize(
    ("separator", "encoding"),
    [("\t", "utf-16"), ("\t", "utf-16-be"), ("\t", "utf-8-sig"), ("\t", "gb18030"), (",", "utf-8-sig")],
)
def test_unicode_text_and_csv_in_every_encoding_excel_and_wps_save_are_read(separator: str, encoding: str) -> None:
    text = "".join(separator.join(row) + "\r\n" for row in ROWS)
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # the byte-order mark Excel writes first
    rows, problems = read_reconcile(data, "check.txt")
    assert problems == []
    assert rows == READ


def one_row(count: str = "1", as_of: str = "2026-12-01") -> tuple[list[SourceRow], list[Issue]]:
    return read_reconcile(f"单位或人员,任务,核查数,来源,截至日期\n张三,走访,{count},s,{as_of}\n".encode(), "c.csv")


def csv_count(count: str) -> list[tuple[str, str]] | int:
    rows, problems = one_row(count)
    return rows[0].checked if rows else keys(problems)


@pytest.mark.parametrize(
    ("written", "count"), [('"1,200"', 1200), ("1，200", 1200), ("12.0", 12), ("１２", 12), ('"1,000,000"', 1_000_000)]
)
def test_counts_with_thousands_separators_or_a_point_zero_are_whole_numbers(written: str, count: int) -> None:
    assert csv_count(written) == count


@pytest.mark.parametrize("written", ["12.5", '"1,20"', '"12,00"', "-3", '"1,000,001"', "1.2.0"])
def test_a_count_whose_meaning_is_not_certain_is_still_a_bad_count(written: str) -> None:
    assert csv_count(written) == [("C2", "reconcile.bad_count")]


@pytest.mark.parametrize("written", ["2026年11月23日", "2026/11/23", "2026-11-23", "２０２６年１１月２３日"])
def test_dates_with_a_year_are_read_in_every_way_they_are_written(written: str) -> None:
    rows, problems = one_row(as_of=written)
    assert problems == []
    assert rows[0].as_of == date(2026, 11, 23)


@pytest.mark.parametrize("written", ["11月23日", "11月23号", "11-23", "11/23"])
def test_a_date_without_a_year_is_left_for_the_campaign_to_place(written: str) -> None:
    rows, problems = one_row(as_of=written)
    assert problems == []
    assert (rows[0].as_of, rows[0].as_of_at) == (written, "E2")


@pytest.mark.parametrize("written", ["23日", "下周一", "2026-11", "1123"])
def test_a_date_that_is_no_day_at_all_is_refused_by_the_reader(written: str) -> None:
    assert keys(one_row(as_of=written)[1]) == [("E2", "reconcile.bad_date")]
