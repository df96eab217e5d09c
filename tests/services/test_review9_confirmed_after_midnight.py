"""review9: a report the bot asked about before recording it counts on the day it was sent, not on the day
of the ✅ (README, the one day rule). The readers of "who sent nothing today" must date it alike: 甲一 who
sent 走访60 at 23:50 on 19 Nov and pressed ✅ at 00:10 sent nothing on 20 Nov — the town leader's silent list
names him for today (and the evening nudge of the 20th is his), as it would had he confirmed at 23:51.
Likewise an edit of yesterday's message, which the one day rule counts on yesterday.

The town of tests/services/towns.py, where 走访60 is above the task's limit of 50 (a question first)."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.domain.origin import MessageKey
from bot.services.reporting import NeedsConfirmation, Recorded, TextReport
from tests.services.towns import Town
from tests.storage.conftest import TZ

pytestmark = pytest.mark.usefixtures("town")


async def _sent_at_2350_confirmed_at(town: Town, confirmed: datetime) -> None:
    cadre = await town.actor("甲一")
    key = MessageKey(town.users["甲一"], 7, 0)
    town.clock.set(datetime(2026, 11, 19, 23, 50, tzinfo=TZ))
    with pytest.raises(NeedsConfirmation):
        await town.services.reports.text(cadre, TextReport(key, "走访60", private=True, edited=False, forwarded=False))
    town.clock.set(confirmed)
    answered = await town.services.reports.answer(cadre.require_member(), cadre.user_id, key, yes=True)
    assert isinstance(answered, Recorded)
    town.clock.set(datetime(2026, 11, 20, 19, 0, tzinfo=TZ))


async def _silent_today(town: Town) -> set[tuple[str, int]]:
    silence = await town.services.laggards.silence(await town.actor("镇长"), await town.campaign())
    return {(s.member, s.days) for s in silence.members if s.member == "甲一"}


async def test_a_report_confirmed_before_midnight_leaves_the_cadre_silent_the_next_day(town: Town) -> None:
    """Held: the plain case, for comparison."""
    await _sent_at_2350_confirmed_at(town, datetime(2026, 11, 19, 23, 51, tzinfo=TZ))
    assert await _silent_today(town) == {("甲一", 1)}


async def test_a_report_confirmed_after_midnight_is_no_report_sent_on_the_day_of_the_confirmation(town: Town) -> None:
    await _sent_at_2350_confirmed_at(town, datetime(2026, 11, 20, 0, 10, tzinfo=TZ))
    assert await _silent_today(town) == {("甲一", 1)}


async def test_editing_yesterdays_report_is_no_report_sent_today(town: Town) -> None:
    """The same rule for an edit: 甲一's 走访5 of 19 Nov corrected to 走访6 on the 20th is the 19th's work
    (the one day rule), so on the 20th he has still sent nothing."""
    cadre, user = await town.actor("甲一"), town.users["甲一"]
    town.clock.set(datetime(2026, 11, 19, 10, 0, tzinfo=TZ))
    await town.report("甲一", 8, 5)
    town.clock.set(datetime(2026, 11, 20, 9, 0, tzinfo=TZ))
    edit = TextReport(MessageKey(user, 8, 1), "走访6", private=True, edited=True, forwarded=False)
    assert isinstance(await town.services.reports.text(cadre, edit), Recorded)
    town.clock.set(datetime(2026, 11, 20, 19, 0, tzinfo=TZ))
    assert await _silent_today(town) == {("甲一", 1)}
