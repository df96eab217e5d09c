"""The digest's book read both ways — from the kept day sums and from the ledger's own path (the zone row
deleted) — for the agreement tests (test_book_sums.py, test_book_sums_zones.py)."""

from __future__ import annotations

from datetime import datetime

from bot.domain.model import Assignee
from bot.domain.standing import Standing
from bot.services.day_sums import keep_day_sums
from bot.services.forecast import Forecasts

from .towns import Town

Book = tuple[dict[tuple[Assignee, int], Standing], list[Standing], Forecasts]


async def _book(town: Town) -> Book:
    record = await town.campaign()
    loaded = await town.services.progress.load(record)
    tree, book = loaded.tree, loaded.book
    assignees = [Assignee.unit(c) for c in tree.subtree_unit_codes("tz")]
    assignees += [Assignee.member(k) for k in tree.subtree_member_keys("tz")]
    standings = {(a, m.percent): book.standing(a, m) for a in assignees for m in record.campaign.milestones}
    return standings, book.laggards("tz"), await town.services.forecast.of(loaded, assignees)


async def _ledgers_book(town: Town) -> Book:
    """The book from the ledger's own path: as while the sums are missing (then built again)."""
    db, record = town.services.db, await town.campaign()
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM day_sum_zones WHERE campaign_id = ?", (record.id,))
    book = await _book(town)
    await keep_day_sums(db, record)
    return book


async def _agree(town: Town, moments: list[datetime]) -> None:
    for moment in moments:
        town.clock.set(moment)
        assert await _book(town) == await _ledgers_book(town), moment
