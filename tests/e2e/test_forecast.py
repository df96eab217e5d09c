"""The forecast in /me and /progress (issue 11 §3), through PTB and the emulator. The example plan starts
Thursday 12 Nov 2026; 60 % is due Saturday 5 Dec. 张三 has 20 visits and 15 checkups of his own, 七岭村
40 and 30."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.harness import Harness

SH = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=SH)


async def _one_visit_a_day(h: Harness) -> tuple[dict[str, object], dict[str, object]]:
    zhang, village = await h.join("张三", 1001), await h.join("李书记", 2002)
    for day in (17, 18, 19):  # Tuesday to Thursday
        h.clock.set(at(day))
        await h.say(zhang, "走访1")
    h.clock.set(at(20))  # Friday 20 Nov: 12, 13, 16–19 Nov are 6 working days of data
    return zhang, village


async def test_me_forecasts_each_own_task_at_the_last_five_working_days_pace(h: Harness) -> None:
    zhang, _ = await _one_visit_a_day(h)
    [me] = await h.say(zhang, "/me")
    # 3 visits in the last 5 working days (13, 16–19 Nov): 0.6 a working day. 23 Nov … 4 Dec are the 10
    # working days up to the due date: 3 + 6 = 9 of 20 (45 %); the target 12 needs 9 more, 15 working
    # days: 11 Dec, 5 working days late. The end, 5 Jan 2027, is 32 working days away: 3 + 19.2 = 22.
    assert "📈 按近5个工作日的速度：" in me.body
    assert "• 入户走访：12月5日可达 45%，60%目标约在 12月11日 达成（晚 5 个工作日），截止时可完成全部任务" in me.body
    assert "• 健康体检：12月5日可达 0%，60%目标按此速度截止前无法达成" in me.body


async def test_progress_forecasts_the_units_own_tasks(h: Harness) -> None:
    _, village = await _one_visit_a_day(h)
    [progress] = await h.say(village, "/progress")
    # 七岭村: the same 3 visits, of 40: 9 by 5 Dec (22 %); 24 needs 21 more, 35 working days: after the end.
    assert "• 入户走访：12月5日可达 22%，60%目标按此速度截止前无法达成，截止时约 55%" in progress.body


async def test_before_three_working_days_of_data_there_is_no_forecast(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    h.clock.set(at(16, 9))  # Monday: 12 and 13 Nov are two working days
    await h.say(zhang, "走访1")
    [me] = await h.say(zhang, "/me")
    assert "📈 数据不足3个工作日，暂不预测" in me.body
    assert "可达" not in me.body


async def test_in_english_the_forecast_reads_naturally(h: Harness) -> None:
    zhang, _ = await _one_visit_a_day(h)
    await h.say(zhang, "/lang en")
    [me] = await h.say(zhang, "/me")
    assert "📈 At the last 5 working days' pace:" in me.body
    assert "45% by 05 Dec; the 60% target around 11 Dec (5 working days late); the whole quota by the end" in me.body
