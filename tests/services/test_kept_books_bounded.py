"""What the progress service keeps between loads is bounded by campaigns: a bot that runs for months
over many campaigns keeps the books of the few loaded last, not every book it ever read (each is a
county's roster and sums). A campaign dropped from what is kept is read afresh at its next load, the
same book as ever."""

from __future__ import annotations

import pytest

from bot.domain.model import Assignee
from bot.services import kept_book
from bot.services.kept_book import KeptBooks
from bot.services.progress import ProgressService

from .towns import Town


async def test_only_the_campaigns_loaded_last_are_kept(town: Town, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept_book, "MAX_KEPT", 2)
    kept = KeptBooks()
    async with town.services.db.snapshot() as conn:
        for campaign_id in (1, 2, 3, 2, 4):  # ids no campaign has still make a (empty) frame
            await kept.frame(conn, campaign_id)
    assert kept.campaigns() == [2, 4]  # the least recently loaded go first


async def test_a_campaign_no_longer_kept_is_read_afresh_as_the_same_book(
    town: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kept_book, "MAX_KEPT", 1)
    record = await town.campaign()
    progress = town.services.progress
    await town.report("甲一", 1, 4)
    first = await progress.load(record)
    async with town.services.db.snapshot() as conn:
        await progress.kept.frame(conn, record.id + 1)  # another campaign's load pushes this one out
    assert progress.kept.campaigns() == [record.id + 1]
    await town.report("甲一", 2, 3)
    again = await progress.load(record)
    fresh = await ProgressService(town.services.db, town.clock).load(record)
    county = Assignee.unit("tz")
    assert again.book.standing(county) == fresh.book.standing(county)
    assert again.book.standing(county) != first.book.standing(county)  # the second report counted
