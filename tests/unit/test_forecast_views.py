"""The forecast as people read it (issue 11 §3), in both languages, from hand-made forecasts."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

from bot.domain.forecast import TaskForecast, TooEarly
from bot.domain.model import Campaign, TaskType
from bot.views import forecast as views
from tests.unit.worlds import SH
from tests.unit.worlds import WINTER_END as END
from tests.unit.worlds import WINTER_M60 as M60

CAMPAIGN = Campaign(
    "winter",
    "冬季行动",
    datetime(2026, 11, 1, tzinfo=SH),
    END.due,
    tasks=(TaskType("visit", "入户走访", "户"), TaskType("checkup", "健康体检", "人")),
    milestones=(M60, END),
)
DUE = date(2026, 12, 5)


def late(reach: date | None, by: int, *, done: int = 20, at_due: int = 48, at_end: int = 85) -> TaskForecast:
    return TaskForecast(100, done, Fraction(4), Fraction(4), 60, DUE, 60, at_due, at_end, reach, by)


def test_one_task_reads_as_one_line() -> None:
    f = late(date(2026, 12, 8), 3)
    assert views.lines("zh", CAMPAIGN, [("visit", f)]) == [
        "📈 按近5个工作日的速度，12月5日可达 48%，60%目标约在 12月8日 达成（晚 3 个工作日），截止时约 85%"
    ]
    assert views.lines("en", CAMPAIGN, [("visit", f)]) == [
        "📈 At the last 5 working days' pace: 48% by 05 Dec; the 60% target around 08 Dec (3 working days late);"
        " about 85% by the end"
    ]


def test_several_tasks_read_one_line_each_under_the_pace() -> None:
    rows = [("visit", late(date(2026, 12, 3), -2)), ("checkup", late(None, 0, at_due=30, at_end=50))]
    assert views.lines("zh", CAMPAIGN, rows) == [
        "📈 按近5个工作日的速度：",
        "• 入户走访：12月5日可达 48%，60%目标约在 12月3日 达成（提前 2 个工作日），截止时约 85%",
        "• 健康体检：12月5日可达 30%，60%目标按此速度截止前无法达成，截止时约 50%",
    ]
    assert views.lines("en", CAMPAIGN, rows)[1:] == [
        "• 入户走访: 48% by 05 Dec; the 60% target around 03 Dec (2 working days early); about 85% by the end",
        "• 健康体检: 30% by 05 Dec; the 60% target not before the deadline at this pace; about 50% by the end",
    ]


def test_one_working_day_on_time_and_a_target_met() -> None:
    one = late(date(2026, 12, 7), 1)
    assert "（晚 1 个工作日）" in views.lines("zh", CAMPAIGN, [("visit", one)])[0]
    assert "(1 working day late)" in views.lines("en", CAMPAIGN, [("visit", one)])[0]
    on_time = late(DUE, 0)
    assert "60%目标约在 12月5日 达成，如期" in views.lines("zh", CAMPAIGN, [("visit", on_time)])[0]
    assert "the 60% target around 05 Dec, on time" in views.lines("en", CAMPAIGN, [("visit", on_time)])[0]
    met = late(None, 0, done=70, at_due=80)
    assert views.lines("zh", CAMPAIGN, [("visit", met)]) == [
        "📈 按近5个工作日的速度，12月5日可达 80%，60%目标已达成，截止时约 85%"
    ]


def test_the_last_milestone_needs_no_separate_end() -> None:
    last = TaskForecast(100, 70, Fraction(4), Fraction(4), 100, date(2026, 12, 31), 100, 90, 90, None, 0)
    assert views.lines("en", CAMPAIGN, [("visit", last)]) == [
        "📈 At the last 5 working days' pace: 90% by 31 Dec; the 100% target not before the deadline at this pace"
    ]


def test_too_early_says_so_once() -> None:
    rows = [("visit", TooEarly(2)), ("checkup", TooEarly(2))]
    assert views.lines("zh", CAMPAIGN, rows) == ["📈 数据不足3个工作日，暂不预测"]
    assert views.lines("en", CAMPAIGN, rows) == ["📈 Fewer than 3 working days of data: no forecast yet"]


def test_nothing_to_forecast_shows_nothing() -> None:
    assert views.lines("zh", CAMPAIGN, []) == []


def test_a_projection_beyond_the_whole_quota_reads_as_all_done_not_as_hundreds_of_percent() -> None:
    # 张三 in the demo: far ahead, 459 % "by the end" read like a bug to a leader.
    f = TaskForecast(20, 16, Fraction(2), Fraction(3), 60, DUE, 12, 35, 92, None, 0)
    assert views.lines("zh", CAMPAIGN, [("visit", f)]) == [
        "📈 按近5个工作日的速度，12月5日前可完成全部任务，60%目标已达成，截止时可完成全部任务"
    ]
    assert views.lines("en", CAMPAIGN, [("visit", f)]) == [
        "📈 At the last 5 working days' pace: the whole quota by 05 Dec; the 60% target already met;"
        " the whole quota by the end"
    ]
