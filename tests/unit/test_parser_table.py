"""SPEC §3.2, what people actually type: one table of messages, each accepted with its exact reading
(counts per task, which tasks were summed, the day, a running total) or refused with its reason key.

Reasons are written as their catalogue keys (`parser.<reason>`), so a row reads as the reply's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot.domain.model import TaskType
from bot.domain.parser import ParsedItem, ReportParseError, read_report

VISIT = TaskType("visit", "入户走访", "户", ("走访", "家访", "入户", "visit"))
CHECKUP = TaskType("checkup", "健康体检", "人", ("体检", "checkup"))
REGISTER = TaskType("register", "信息登记", "份", ("登记", "录入", "register"), max_per_report=80)
TASKS = (VISIT, CHECKUP, REGISTER)


@dataclass(frozen=True)
class Ok:
    """An accepted message: counts per task in order of first mention."""

    text: str
    counts: dict[str, int]
    summed: dict[str, tuple[int, ...]] = field(default_factory=dict)  # task → the counts that were added up
    day: int = 0  # 0 today, -1 yesterday, -2 the day before
    total: bool = False  # a running total (累计), not new work


@dataclass(frozen=True)
class No:
    text: str
    reason: str


def ok(
    text: str, summed: dict[str, tuple[int, ...]] | None = None, day: int = 0, total: bool = False, **counts: int
) -> Ok:
    return Ok(text, counts, summed or {}, day, total)


TABLE: list[Ok | No] = [
    # -- the plain grammar still reads as before
    ok("走访5 体检3", visit=5, checkup=3),
    ok("今天入户走访十二户，健康体检两人", visit=12, checkup=2),
    ok("走访五户 体检十二人", visit=5, checkup=12),
    ok("走访一百零五户", visit=105),
    ok("走访10", visit=10),
    ok("走访十二户", visit=12),
    # -- filler around a clear report
    ok("今天走访了5户人家", visit=5),
    ok("走访5户~", visit=5),
    ok("走访5户～", visit=5),
    ok("走访5户 明天继续", visit=5),
    ok("走访5户，体检3人，谢谢领导", visit=5, checkup=3),
    ok("走访5 谢谢", visit=5),
    ok("走访5户。谢谢！", visit=5),
    ok("走访5户，辛苦了", visit=5),
    ok("@campaign_bot 走访5", visit=5),
    ok("走访5 @campaign_bot", visit=5),
    ok("走访5 @campaign_bot 体检3", visit=5, checkup=3),
    ok("报告领导：今天走访5户", visit=5),
    # -- separators, and x / * / × before a count
    ok("走访5/体检3", visit=5, checkup=3),
    ok("走访5|体检3", visit=5, checkup=3),
    ok("走访5&体检3", visit=5, checkup=3),
    ok("走访5；体检3", visit=5, checkup=3),
    ok("走访5 | 体检3 | 登记2", visit=5, checkup=3, register=2),
    ok("走访x5", visit=5),
    ok("走访X5", visit=5),
    ok("走访×5", visit=5),
    ok("走访*5", visit=5),
    ok("走访 x 5", visit=5),
    # -- the count before the task
    ok("5户走访", visit=5),
    ok("5户走访 3人体检", visit=5, checkup=3),
    ok("3人体检，5户走访", checkup=3, visit=5),
    ok("走访了5户", visit=5),
    ok("走访5户，3人体检", visit=5, checkup=3),  # each clause in its own order
    ok("走访5户和3人体检", visit=5, checkup=3),
    ok("今天走访5户，体检3人，请领导审核", visit=5, checkup=3),
    ok("visited 5 homes and did 3 checkups", visit=5, checkup=3),
    ok("3人体检\n走访5户", checkup=3, visit=5),
    # -- colloquial numerals
    ok("走访俩", visit=2),
    ok("走访了俩户", visit=2),
    ok("体检两人", checkup=2),
    ok("体检仨", checkup=3),
    # -- traditional characters
    ok("走訪5", visit=5),
    ok("體檢3人", checkup=3),
    ok("走訪5戶 體檢3人", visit=5, checkup=3),
    ok("登記8份", register=8),
    ok("今天走訪了兩戶", visit=2),
    # -- the same task twice is summed
    ok("上午走访3户，下午走访2户", visit=5, summed={"visit": (3, 2)}),
    ok("走访3 走访2", visit=5, summed={"visit": (3, 2)}),
    ok("走访5 入户3", visit=8, summed={"visit": (5, 3)}),
    ok("走访5 体检3 走访2", visit=7, checkup=3, summed={"visit": (5, 2)}),
    ok("走访1 走访2 走访3", visit=6, summed={"visit": (1, 2, 3)}),
    # -- the day the work was done
    ok("昨天走访5户", visit=5, day=-1),
    ok("昨天走访5 体检3", visit=5, checkup=3, day=-1),
    ok("昨日体检3人", checkup=3, day=-1),
    ok("前天体检3", checkup=3, day=-2),
    ok("今天走访5", visit=5),
    ok("走访5户（昨天）", visit=5, day=-1),
    ok("昨天上午走访3户，下午走访2户", visit=5, summed={"visit": (3, 2)}, day=-1),
    # -- running totals (never new work: the service asks about the difference)
    ok("累计走访40", visit=40, total=True),
    ok("走访累计40户", visit=40, total=True),
    ok("共走访40户", visit=40, total=True),
    ok("总共走访40", visit=40, total=True),
    ok("一共走访40户", visit=40, total=True),
    ok("走访共计15户", visit=15, total=True),
    ok("目前累计走访40户，体检20人", visit=40, checkup=20, total=True),
    # -- English
    ok("visit 5", visit=5),
    ok("visited 5", visit=5),
    ok("5 visits", visit=5),
    ok("visits 5", visit=5),
    ok("checkup x3", checkup=3),
    ok("checkup X 3", checkup=3),
    ok("Visit 5, checkup 3", visit=5, checkup=3),
    ok("5 visits and 3 checkups", visit=5, checkup=3),
    ok("visited 5 households today", visit=5),
    ok("registered 4", register=4),
    ok("@campaign_bot visit 5 thanks", visit=5),
    ok("VISIT*5", visit=5),
    ok("yesterday visited 5", visit=5, day=-1),
    ok("visited 5 yesterday", visit=5, day=-1),
    ok("visit 3, visit 2", visit=5, summed={"visit": (3, 2)}),
    ok("total visits 40", visit=40, total=True),
    ok("visited 40 in total", visit=40, total=True),
    # -- approximations: ask for an exact number
    No("走访约5户", "parser.approximate"),
    No("走访大概5户", "parser.approximate"),
    No("走访大约5户", "parser.approximate"),
    No("走访二十几户", "parser.approximate"),
    No("走访十来户", "parser.approximate"),
    No("走访5户左右", "parser.approximate"),
    No("走访差不多5户", "parser.approximate"),
    No("走访十多户", "parser.approximate"),
    No("走访十几户", "parser.approximate"),
    No("走访几户", "parser.approximate"),
    No("走访3户，下午又走访了约2户", "parser.approximate"),
    No("visited about 5", "parser.approximate"),
    No("around 5 visits", "parser.approximate"),
    No("走訪約5戶", "parser.approximate"),
    # -- digit by digit is ambiguous (一二: 12? one or two?)
    No("走访一二", "parser.digit_by_digit"),
    No("走访一五户", "parser.digit_by_digit"),
    No("体检三五人", "parser.digit_by_digit"),
    # -- a typo close to one task word
    No("走防5", "parser.typo"),
    No("体捡3人", "parser.typo"),
    No("走坊5户 体检3", "parser.typo"),
    No("vizit 5", "parser.typo"),
    # -- still refused
    No("你好", "parser.no_task"),
    No("hello there", "parser.no_task"),
    No("走访", "parser.missing_count"),
    No("走访户", "parser.missing_count"),
    No("走访5 体检", "parser.missing_count"),
    No("5户", "parser.count_without_task"),
    No("5 走访3", "parser.count_without_task"),
    No("visitors 5", "parser.count_without_task"),
    No("走访5 6", "parser.two_counts"),
    No("走访5 3人体检", "parser.two_counts"),  # one clause, both orders: which task has the 3?
    No("走访0", "parser.zero"),
    No("走访-5", "parser.negative"),
    No("走访5.5", "parser.fractional"),
    No("走访100000", "parser.absurd"),
    No("走访٥", "parser.foreign_digit"),
    No("走访五五十", "parser.bad_number"),
    No("走访5; DROP TABLE", "parser.unknown_word"),
    No("预约体检5人", "parser.unknown_word"),  # booked is not done, and 预约 is no "about"
    No("走访5户户", "parser.unknown_word"),
    No("明天走访5户", "parser.unknown_word"),  # work not done yet is not reported
    No("昨天走访3 今天走访2", "parser.mixed_days"),
    No("累计走访30 走访40", "parser.duplicate_task"),  # two running totals for one task: which one?
    No("累计走访30 体检", "parser.missing_count"),
]


def test_the_table_has_at_least_eighty_rows_in_both_languages() -> None:
    assert len(TABLE) >= 80
    assert sum(1 for row in TABLE if row.text.isascii()) >= 20


@pytest.mark.parametrize("row", [r for r in TABLE if isinstance(r, Ok)], ids=lambda r: r.text)
def test_accepted_message_reads_exactly(row: Ok) -> None:
    report = read_report(row.text, TASKS)
    assert report.items == tuple(ParsedItem(task, n) for task, n in row.counts.items())
    assert dict(report.parts) == row.summed
    assert report.day_offset == row.day
    assert report.cumulative is row.total


@pytest.mark.parametrize("row", [r for r in TABLE if isinstance(r, No)], ids=lambda r: r.text)
def test_refused_message_names_its_reason(row: No) -> None:
    with pytest.raises(ReportParseError) as refused:
        read_report(row.text, TASKS)
    assert refused.value.key == row.reason
    assert refused.value.params["example"] == "走访5 体检3"


def test_a_typo_suggests_the_task_word_and_carries_the_corrected_reading() -> None:
    with pytest.raises(ReportParseError) as refused:
        read_report("走防5 体检3", TASKS)
    error = refused.value
    assert error.params["word"] == "走防"
    assert error.params["suggestion"] == "走访"
    assert error.corrected is not None
    assert error.corrected.items == (ParsedItem("visit", 5), ParsedItem("checkup", 3))


def test_two_typos_are_not_guessed() -> None:
    with pytest.raises(ReportParseError) as refused:
        read_report("走防5 体捡3", TASKS)
    assert refused.value.corrected is None
    assert refused.value.key == "parser.count_without_task"  # read as written: no task word at all


def test_an_approximation_names_the_task_it_belongs_to() -> None:
    with pytest.raises(ReportParseError) as refused:
        read_report("体检大概5人", TASKS)
    assert refused.value.params["task"] == "健康体检"
