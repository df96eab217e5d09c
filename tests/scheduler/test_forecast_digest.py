"""A leader's reminder digest carries their unit's forecast for the checkpoint it is about (issue 11 §3)."""

from __future__ import annotations

from datetime import datetime

from scheduler.runner import Runner
from tests.harness import SH, Harness
from tests.reading import digests

REMIND_60 = datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH)  # Wednesday; 60 % is due Saturday 5 Dec


async def test_the_digest_forecasts_the_leaders_unit_for_the_checkpoint(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    town = await h.join("郭镇长", 2001)  # 白洋渡镇: 100 visits, 70 checkups, 180 registrations
    for day in (25, 26, 27, 30):  # 3 visits a working day
        h.clock.set(datetime(2026, 11, day, 10, 0, tzinfo=SH))
        await h.say(zhang, "走访3")
    h.clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=SH))
    await h.say(zhang, "走访3")
    h.clock.set(REMIND_60)
    await Runner.create(h.services, h.app.bot).tick()
    [digest] = digests(h, town["id"])
    # The last 5 working days (25, 26, 27, 30 Nov, 1 Dec) hold 15: 3 a day; 3 and 4 Dec are left before
    # the due date: 15 + 6 = 21 of 100. The target 60 needs 45, 15 working days: 23 Dec, 13 late. The
    # end (5 Jan 2027) is 24 working days away: 15 + 72 = 87.
    assert "📈 按近5个工作日的速度：" in digest
    assert "• 入户走访：12月5日可达 21%，60%目标约在 12月23日 达成（晚 13 个工作日），截止时约 87%" in digest
    assert "• 健康体检：12月5日可达 0%，60%目标按此速度截止前无法达成" in digest
