"""核查 compares a checked count with what was reported "up to the end of the as-of day, by the day the
work was done" (README, 核查). A report taken back or corrected later is no work done on its day: its
correction nets out on the day the entry was counted under (tests/services/test_work_date.py shows this
for a dated 昨天 report). The review found that for an ordinary, undated report the correction was counted
on the day it was *made* instead, so a reconciliation as of the report's day still counted the mistaken
number — the uploader read a discrepancy the cadre had already fixed, and the village's leaders were told
of it. The one day rule (README): a correction counts on the day of the entry it
corrects, an edit's new revision on the day of its message's first entry.

The town of tests/services/towns.py, NOW 11-20 00:00 (calendar off)."""

from __future__ import annotations

from datetime import date

from bot.domain.origin import MessageKey
from bot.domain.reconcile import SourceRow
from bot.services.reporting import Recorded, TextReport
from tests.services.towns import Town

AS_OF = date(2026, 11, 20)


def checked(who: str, count: int) -> list[SourceRow]:
    return [SourceRow(2, "A2", who, "走访", count, "县卫健局抽查", AS_OF)]


async def test_a_report_undone_the_next_day_counts_nothing_on_its_own_day(town: Town) -> None:
    await town.report("甲一", 1, 40)  # meant 4: a slip on 11-20
    town.clock.advance(days=1)
    await town.services.reports.undo_last(await town.actor("甲一"), town.users["甲一"], 2)  # taken back on 11-21
    outcome = await town.services.reconcile.reconcile(
        await town.actor("镇长"), await town.campaign(), checked("甲一", 0), "3000:90"
    )
    [line] = outcome.lines
    assert line.reported == 0, "the undone 40 still counts as reported on 11-20"
    assert outcome.discrepancies == []
    assert outcome.notices == []  # 甲书记 is not told of a discrepancy that was never there


async def test_an_edit_the_next_day_counts_the_corrected_number_on_the_original_day(town: Town) -> None:
    await town.report("甲一", 1, 12)  # meant 2
    town.clock.advance(days=1)
    user = town.users["甲一"]
    edit = TextReport(MessageKey(user, 1, 1), "走访2", private=True, edited=True, forwarded=False)
    edited = await town.services.reports.text(await town.actor("甲一"), edit)
    assert isinstance(edited, Recorded)
    outcome = await town.services.reconcile.reconcile(
        await town.actor("镇长"), await town.campaign(), checked("甲村", 2), "3000:91"
    )
    [line] = outcome.lines
    assert line.reported == 2, "the 12 the cadre corrected to 2 is still compared as reported on 11-20"


async def test_a_message_edited_twice_on_later_days_counts_its_last_number_on_its_first_day(town: Town) -> None:
    await town.report("甲一", 1, 12)
    user = town.users["甲一"]
    for revision, text in ((1, "走访7"), (2, "走访3")):  # fixed on 11-21, fixed again on 11-22
        town.clock.advance(days=1)
        edit = TextReport(MessageKey(user, 1, revision), text, private=True, edited=True, forwarded=False)
        assert isinstance(await town.services.reports.text(await town.actor("甲一"), edit), Recorded)
    outcome = await town.services.reconcile.reconcile(
        await town.actor("镇长"), await town.campaign(), checked("甲一", 3), "3000:92"
    )
    [line] = outcome.lines
    assert line.reported == 3
    assert outcome.discrepancies == []
