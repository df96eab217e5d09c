"""The one day rule (README) for a report the bot asked about first: "走访150" sent at 23:50 is that day's
work, whenever the cadre answers ✅ — an answer after midnight is no work done on the next day. Every per-day
reader (the forecast's series, 核查 as of a day, the export's 每日 sheet) dates it on the day it was sent;
so for "did you mean 走访?" and "record the difference from your total?", and for a later edit of the message.

The world of tests/services/conftest.py: 张三 in a Shanghai campaign, where 走访150 is above the limit."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from bot.domain.origin import MessageKey
from bot.services.asking import TOTAL, TYPO, Asked
from bot.services.day_sums import campaign_offset, keep_day_sums
from bot.services.export_ledger import row_day
from bot.services.reporting import NeedsConfirmation, Recorded
from bot.storage.ledger import ReportRepo
from bot.storage.reconciliations import ReconciliationRepo
from bot.storage.series import SeriesRepo
from tests.counted_rule import by_the_rule, kept
from tests.storage.conftest import TZ

from .conftest import CHAT, World
from .reporters import typed

SENT = date(2026, 11, 20)


async def days(world: World, message_id: int) -> dict[str, object]:
    """Where every per-day reader puts the message's visits: the series (per day), 核查 as of the day it
    was sent, and the 每日 sheet's day of each of its ledger rows."""
    member, reader, cid = world.cadre.require_member(), world.services.db.reader, world.record.id
    series = await SeriesRepo(reader).daily(cid, "Asia/Shanghai", SENT, SENT + timedelta(days=1), verified_only=False)
    checked = await ReconciliationRepo(reader).totals_until(
        cid, SENT, datetime.combine(SENT + timedelta(days=1), time(), TZ)
    )
    return {
        "series": {d: n for d, n in series.get(member.id, {}).get("visit", {}).items() if n},
        "核查 as of the day sent": checked.reported.get((member.id, "visit"), 0),
        "每日 sheet": {row_day(r, TZ) for r in await ReportRepo(reader).by_message(CHAT, message_id)},
    }


def at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


async def test_a_large_report_sent_before_midnight_and_confirmed_after_counts_on_the_day_it_was_sent(
    world: World,
) -> None:
    member = world.cadre.require_member()
    world.clock.set(at(SENT, 23, 50))
    with pytest.raises(NeedsConfirmation):
        await world.services.reports.text(world.cadre, typed(40, "走访150"))
    world.clock.set(at(SENT + timedelta(days=1), 0, 10))
    answered = await world.services.reports.answer(member, world.cadre.user_id, MessageKey(CHAT, 40), yes=True)
    assert isinstance(answered, Recorded)
    assert await days(world, 40) == {"series": {SENT: 150}, "核查 as of the day sent": 150, "每日 sheet": {SENT}}


async def test_a_report_edited_after_its_late_confirmation_still_counts_on_the_day_it_was_sent(
    world: World,
) -> None:
    """The edit's new number counts on the day of its message's first entry — the day that entry counts on,
    which is the day it was sent, not the moment it was confirmed."""
    member = world.cadre.require_member()
    world.clock.set(at(SENT, 23, 50))
    with pytest.raises(NeedsConfirmation):
        await world.services.reports.text(world.cadre, typed(40, "走访150"))
    world.clock.set(at(SENT + timedelta(days=1), 0, 10))
    await world.services.reports.answer(member, world.cadre.user_id, MessageKey(CHAT, 40), yes=True)
    world.clock.set(at(SENT + timedelta(days=1), 0, 20))
    assert isinstance(await world.services.reports.text(world.cadre, typed(40, "走访15", revision=1)), Recorded)
    assert await days(world, 40) == {"series": {SENT: 15}, "核查 as of the day sent": 15, "每日 sheet": {SENT}}


@pytest.mark.parametrize(("text", "kind"), [("走防15", TYPO), ("累计走访15", TOTAL)], ids=["typo", "running total"])
async def test_a_question_answered_after_midnight_counts_on_the_day_it_was_sent(
    world: World, text: str, kind: str
) -> None:
    member = world.cadre.require_member()
    world.clock.set(at(SENT, 23, 50))
    asked = await world.services.reports.text(world.cadre, typed(40, text))
    assert isinstance(asked, Asked)
    assert asked.kind == kind
    world.clock.set(at(SENT + timedelta(days=1), 0, 10))
    answered = await world.services.reports.answer(member, world.cadre.user_id, MessageKey(CHAT, 40), True, kind)
    assert isinstance(answered, Recorded)
    assert await days(world, 40) == {"series": {SENT: 15}, "核查 as of the day sent": 15, "每日 sheet": {SENT}}


async def test_the_kept_day_sums_date_a_late_confirmed_report_as_the_rule_does(world: World) -> None:
    """The day sums (kept by the ledger's triggers) agree with the rule's definition (tests/counted_rule.py,
    which dates a report recorded on a question's ✅ by when the question was asked) through the
    confirmation, an edit and an /undo, all after midnight."""
    member, db, record = world.cadre.require_member(), world.services.db, world.record
    await keep_day_sums(db, record)
    world.clock.set(at(SENT, 23, 50))
    with pytest.raises(NeedsConfirmation):
        await world.services.reports.text(world.cadre, typed(40, "走访150"))
    world.clock.set(at(SENT + timedelta(days=1), 0, 10))
    await world.services.reports.answer(member, world.cadre.user_id, MessageKey(CHAT, 40), yes=True)
    world.clock.set(at(SENT + timedelta(days=1), 0, 20))
    await world.services.reports.text(world.cadre, typed(40, "走访15", revision=1))
    rule = await by_the_rule(db.reader, record.id, campaign_offset(record))
    assert await kept(db.reader, record.id) == rule
    assert {day for (_, _, day, _), n in rule.items() if n} == {SENT.isoformat()}
    await world.services.reports.undo_last(world.cadre, CHAT, 41)
    rule = await by_the_rule(db.reader, record.id, campaign_offset(record))
    assert await kept(db.reader, record.id) == rule == {}
