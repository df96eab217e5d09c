"""The one day rule (README) for a report the bot asked about first: "走访150" sent at 23:50 is that day's
work, whenever the cadre answers ✅ — an answer after midnight is no work done on the next day. Every per-day
reader (the forecast's series, 核查 as of a day, the export's 每日 sheet) dates it on the day it was sent.

The world of tests/services/conftest.py: 张三 in a Shanghai campaign, where 走访150 is above the limit."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from bot.domain.origin import MessageKey
from bot.services.export_ledger import row_day
from bot.services.reporting import NeedsConfirmation, Recorded
from bot.storage.ledger import ReportRepo
from bot.storage.reconciliations import ReconciliationRepo
from bot.storage.series import SeriesRepo
from tests.storage.conftest import TZ

from .conftest import CHAT, World
from .reporters import typed

SENT = date(2026, 11, 20)


@pytest.mark.xfail(strict=True, reason="review8: a report confirmed after midnight counts on the answer's day")
async def test_a_large_report_sent_before_midnight_and_confirmed_after_counts_on_the_day_it_was_sent(
    world: World,
) -> None:
    member = world.cadre.require_member()
    world.clock.set(datetime.combine(SENT, time(23, 50), TZ))
    with pytest.raises(NeedsConfirmation):
        await world.services.reports.text(world.cadre, typed(40, "走访150"))
    world.clock.set(datetime.combine(SENT + timedelta(days=1), time(0, 10), TZ))
    answered = await world.services.reports.answer(member, world.cadre.user_id, MessageKey(CHAT, 40), yes=True)
    assert isinstance(answered, Recorded)
    reader, cid = world.services.db.reader, world.record.id
    series = await SeriesRepo(reader).daily(cid, "Asia/Shanghai", SENT, SENT + timedelta(days=1), verified_only=False)
    checked = await ReconciliationRepo(reader).totals_until(
        cid, SENT, datetime.combine(SENT + timedelta(days=1), time(), TZ)
    )
    [row] = await ReportRepo(reader).by_message(CHAT, 40)
    assert {
        "series": series[member.id]["visit"],
        "核查 as of the day sent": checked.reported.get((member.id, "visit"), 0),
        "每日 sheet": row_day(row, TZ),
    } == {"series": {SENT: 150}, "核查 as of the day sent": 150, "每日 sheet": SENT}
