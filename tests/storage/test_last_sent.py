"""When each member last sent a report (the evening nudge's "sent nothing today"): whatever the report's
status; an undo or an edit's correction row is not something sent."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.model import ReportSource
from bot.domain.origin import Origin
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo

from .conftest import NOW, seed


async def test_last_sent_is_the_latest_report_and_ignores_corrections(db: Database) -> None:
    cid, mid = await seed(db)
    assert await ReportRepo(db.reader).last_reported(cid) == {}
    async with db.transaction() as conn:
        repo = ReportRepo(conn)
        await repo.append(cid, mid, "visit", 5, Origin(ReportSource.TEXT, chat_id=1001, message_id=7), NOW)
        first = await repo.get(1)
        assert first is not None
        later = NOW + timedelta(hours=3)
        await repo.append(cid, mid, "visit", -5, Origin(ReportSource.CORRECTION), later, corrects=first)
    assert await ReportRepo(db.reader).last_reported(cid) == {mid: NOW}
