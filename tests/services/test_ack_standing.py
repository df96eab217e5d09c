"""The standing an acknowledgement shows is computed for the one member alone (issue 8: report
handling near the fair floor) — no progress book — and is the one a book read afresh gives them,
with and without a leave; all but the ranking's tie-break, which an acknowledgement does not read (it
ranks no one: bot/storage/first_text.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.domain.leave import Leave
from bot.domain.model import Assignee
from bot.domain.standing import Standing
from bot.services import progress
from bot.services.reporting import Recorded
from bot.storage.leaves import LeaveRepo

from .conftest import CADRE_USER, World
from .reporters import typed


async def report(world: World, message_id: int, text: str) -> Recorded:
    _, outcome = await world.services.reports.typed(CADRE_USER, "zh", typed(message_id, text))
    assert isinstance(outcome, Recorded), outcome
    return outcome


async def booked(world: World, outcome: Recorded) -> Standing:
    loaded = await world.services.progress.load(outcome.campaign)
    return loaded.book.standing(Assignee.member(outcome.member.key))


def untied(standing: Standing) -> Standing:
    """The standing without its moment of reaching (the tie-break)."""
    return replace(standing, reach=None)


async def test_the_acknowledgement_builds_no_progress_book(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    outcome = await report(world, 1, "走访5 体检3")

    def no_book(*_: object, **__: object) -> None:
        raise AssertionError("a one-member standing needs no book")

    monkeypatch.setattr(progress, "ProgressBook", no_book)
    standing = outcome.standing_now()
    assert [(ts.task, ts.done) for ts in standing.tasks][:1] == [("visit", 5)]


async def test_the_acknowledgements_standing_is_the_books(world: World) -> None:
    outcome = await report(world, 1, "走访5 体检3")
    assert untied(outcome.standing_now()) == untied(await booked(world, outcome))


async def test_with_a_leave_too(world: World) -> None:
    async with world.services.db.transaction() as conn:
        leave = Leave(date(2026, 11, 23), date(2026, 11, 27))
        await LeaveRepo(conn).add(world.record.id, world.cadre.member_id or 0, leave, None, world.clock(), None)
    outcome = await report(world, 2, "走访2")
    assert untied(outcome.standing_now()) == untied(await booked(world, outcome))
