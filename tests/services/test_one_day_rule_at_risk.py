"""The at-risk rule's recent rate reads the last 5 working days by the one day rule (README), as the
forecast's window does: fixing an old slip is no work undone in the days of the fix. A cadre who sent
走访40 for 走访1 on 11-12 and fixes it on 11-26 has still done what he did from 11-21 to 11-25.

In 潭镇 (tests/services/towns.py, calendar off) 甲村's visit quota is 20; 50 % is due 11-30."""

from __future__ import annotations

from datetime import datetime

from bot.domain.model import Assignee
from bot.domain.origin import MessageKey
from bot.domain.standing import Status
from bot.services.reporting import Recorded, TextReport
from tests.services.towns import Town
from tests.storage.conftest import TZ


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=TZ)


async def _village_status(town: Town) -> Status:
    book = (await town.services.progress.load(await town.campaign())).book
    return book.standing(Assignee.unit("va")).status


async def _one_a_day_from_the_21st(town: Town, slip: int) -> None:
    """11-12: 走访`slip` (message 1); 11-21 … 11-25: 走访1 a day (the recent window's 5 days)."""
    town.clock.set(at(12, 10))
    await town.report("甲一", 1, slip)
    for n, day in enumerate(range(21, 26), start=2):
        town.clock.set(at(day, 10))
        await town.report("甲一", n, 1)


async def test_without_a_slip_the_village_is_behind_but_its_recent_rate_reaches_the_milestone(town: Town) -> None:
    await _one_a_day_from_the_21st(town, 1)
    town.clock.set(at(26, 12))
    assert await _village_status(town) is Status.BEHIND  # 6 of 20: under the curve, 5 a week reaches 10


async def test_an_old_slip_fixed_today_leaves_the_recent_rate_as_it_was(town: Town) -> None:
    await _one_a_day_from_the_21st(town, 40)  # 11-12: 走访40, meant 走访1
    town.clock.set(at(26, 9))
    user = town.users["甲一"]
    edit = TextReport(MessageKey(user, 1, 1), "走访1", private=True, edited=True, forwarded=False)
    fixed = await town.services.reports.text(await town.actor("甲一"), edit)
    assert isinstance(fixed, Recorded)
    town.clock.set(at(26, 12))
    assert await _village_status(town) is Status.BEHIND  # the same ledger by the one day rule: not at risk
