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


def csv_count(count: str) -> list[tuple[str, str]] | int:
    rows, problems = read_reconcile(
        f"单位或人员,任务,核查数,来源,截至日期\n张三,走访,{count},s,2026-12-01\n".encode(), "c.csv"
    )
    return rows[0].checked if rows else keys(problems)


@pytest.mark.parametrize(
    ("written", "count"), [('"1,200"', 1200), ("1，200", 1200), ("12.0", 12), ("１２", 12), ('"1,000,000"', 1_000_000)]
)
def test_counts_with_thousands_separators_or_a_point_zero_are_whole_numbers(written: str, count: int) -> None:
    assert csv_count(written) == count


@pytest.mark.parametrize("written", ["12.5", '"1,20"', '"12,00"', "-3", '"1,000,001"', "1.2.0"])
def test_a_count_whose_meaning_is_not_certain_is_still_a_bad_count(written: str) -> None:
    assert csv_count(written) == [("C2", "reconcile.bad_count")]
