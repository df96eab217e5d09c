"""The forecast on a real database (issue 11 §3): the ledger's daily series per member, rolled up per unit,
through the domain's rules. The town (tests/services/towns.py) starts Tuesday 10 Nov 2026; 50 % is due
30 Nov 00:00, so 29 Nov is its last day; the end 10 Dec 00:00 makes 9 Dec the last day."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction

from bot.domain.forecast import TaskForecast, TooEarly
from bot.domain.model import Assignee

from .towns import NOW, Town


def on(day: int, hour: int = 10) -> datetime:
    return NOW.replace(day=day, hour=hour)


async def test_a_village_and_its_town_forecast_from_the_members_daily_series(working_town: Town) -> None:
    town = working_town
    for n, day in enumerate((16, 17, 18, 19)):  # Monday to Thursday, 2 visits a day
        town.clock.set(on(day))
        await town.report("甲一", 10 + n, 2)
    town.clock.set(on(20))  # Friday 20 Nov
    loaded = await town.services.progress.load(await town.campaign())
    got = await town.services.forecast.of(loaded, [Assignee.unit("va"), Assignee.unit("tz")])
    # Completed working days: 10–13, 16–19 Nov = 8; the recent window 13, 16–19 Nov holds 8: 8/5 a day.
    # Up to 29 Nov: 23–27 Nov = 5 working days; up to 9 Dec: 13.
    [(task, village)] = got[Assignee.unit("va")]
    assert task == "visit"
    assert isinstance(village, TaskForecast)
    assert (village.done, village.quota, village.target) == (8, 20, 10)
    assert village.run_rate == 1  # 8 over the 8 working days
    assert village.recent_rate == Fraction(8, 5)
    assert (village.at_due, village.at_end) == (16, 28)  # 8 + 8; 8 + 20.8
    # 2 more needed: ceil(2 / 1.6) = 2 working days → 24 Nov, 3 working days before the due date's 5.
    assert (village.reach, village.late) == (on(24).date(), -3)
    [(_, whole)] = got[Assignee.unit("tz")]
    assert isinstance(whole, TaskForecast)
    assert (whole.done, whole.quota, whole.target, whole.at_due) == (8, 80, 40, 16)
    assert whole.reach is None  # 32 more at 1.6 a day needs 20 working days; 13 are left


async def test_a_member_alone_is_read_by_their_own_series(working_town: Town) -> None:
    town = working_town
    town.clock.set(on(19))
    await town.report("乙一", 10, 3)
    town.clock.set(on(20))
    loaded = await town.services.progress.load(await town.campaign())
    got = await town.services.forecast.of(loaded, [Assignee.member("乙一")])
    # 乙一 has no quota of their own: the village holds it, so there is nothing to forecast for them.
    assert got == {Assignee.member("乙一"): []}


async def test_no_forecast_before_three_working_days(working_town: Town) -> None:
    town = working_town
    town.clock.set(NOW.replace(day=12, hour=10))  # Thursday: 10 and 11 Nov are two working days of data
    loaded = await town.services.progress.load(await town.campaign())
    got = await town.services.forecast.of(loaded, [Assignee.unit("va")])
    assert got[Assignee.unit("va")] == [("visit", TooEarly(2))]
