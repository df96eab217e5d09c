"""An "are you sure?" question expires (SPEC §3.2, §9: never act on stale state): a report confirmed with ✅
counts from when it was sent, so an answer may come only within 2 hours of the question, and not after a
checkpoint of its campaign fell due since — else the work would be dated before a checkpoint already judged.
An expired question is closed, nothing is written, and every later press answers the same.

The world of tests/services/conftest.py: 张三 in a Shanghai campaign (60% due 12-05 18:00), where 走访150
is above the limit."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from bot.domain.origin import MessageKey
from bot.services.asking import TOTAL, TYPO, Asked
from bot.services.recording import QuestionClosed
from bot.services.reporting import NeedsConfirmation, Recorded
from bot.storage.ledger import ReportRepo
from bot.storage.ledger_reads import ReportRow
from tests.storage.conftest import TZ

from .conftest import CHAT, World
from .reporters import typed

SENT = date(2026, 11, 20)
CHECKPOINT_DAY = date(2026, 12, 5)  # the 60% milestone falls due at 18:00


def at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


async def ask_large(world: World, when: datetime) -> None:
    world.clock.set(when)
    with pytest.raises(NeedsConfirmation):
        await world.services.reports.text(world.cadre, typed(40, "走访150"))


async def press(world: World, yes: bool, kind: str = "large") -> object:
    member = world.cadre.require_member()
    return await world.services.reports.answer(member, world.cadre.user_id, MessageKey(CHAT, 40), yes, kind)


async def rows(world: World) -> list[ReportRow]:
    return await ReportRepo(world.services.db.reader).by_message(CHAT, 40)


async def test_a_question_confirmed_after_an_hour_counts_from_when_it_was_sent(world: World) -> None:
    await ask_large(world, at(SENT, 10, 0))
    world.clock.set(at(SENT, 11, 0))
    assert isinstance(await press(world, True), Recorded)
    assert [r.counted_at for r in await rows(world)] == [at(SENT, 10, 0)]


async def test_a_question_confirmed_after_two_hours_and_a_minute_is_expired_and_writes_nothing(
    world: World,
) -> None:
    await ask_large(world, at(SENT, 10, 0))
    world.clock.set(at(SENT, 12, 1))
    with pytest.raises(QuestionClosed) as first:
        await press(world, True)
    assert first.value.key == "report.confirm_expired"
    assert await rows(world) == []
    with pytest.raises(QuestionClosed) as second:  # a second press answers the same
        await press(world, True)
    assert second.value.key == "report.confirm_expired"
    assert await rows(world) == []


async def test_a_question_asked_before_a_checkpoint_and_confirmed_after_it_is_expired(world: World) -> None:
    """Asked 17:55, the 60% checkpoint due 18:00, ✅ at 18:01: within 2 hours, but the checkpoint was judged
    without it — dating the work 17:55 now would rewrite a judged checkpoint. Send the report again."""
    await ask_large(world, at(CHECKPOINT_DAY, 17, 55))
    world.clock.set(at(CHECKPOINT_DAY, 18, 1))
    with pytest.raises(QuestionClosed) as raised:
        await press(world, True)
    assert raised.value.key == "report.confirm_expired"
    assert await rows(world) == []


async def test_cancelling_an_expired_question_answers_that_it_expired_and_writes_nothing(world: World) -> None:
    await ask_large(world, at(SENT, 10, 0))
    world.clock.set(at(SENT, 12, 1))
    with pytest.raises(QuestionClosed) as raised:
        await press(world, False)
    assert raised.value.key == "report.confirm_expired"
    with pytest.raises(QuestionClosed) as again:
        await press(world, True)
    assert again.value.key == "report.confirm_expired"
    assert await rows(world) == []


@pytest.mark.parametrize(("text", "kind"), [("走防15", TYPO), ("累计走访15", TOTAL)], ids=["typo", "running total"])
async def test_every_kind_of_question_expires_after_two_hours(world: World, text: str, kind: str) -> None:
    world.clock.set(at(SENT, 10, 0))
    assert isinstance(await world.services.reports.text(world.cadre, typed(40, text)), Asked)
    world.clock.set(at(SENT, 10, 0) + timedelta(hours=2, minutes=1))
    with pytest.raises(QuestionClosed) as raised:
        await press(world, True, kind)
    assert raised.value.key == "report.confirm_expired"
    assert await rows(world) == []


async def test_a_question_answered_after_it_was_confirmed_is_not_called_expired(world: World) -> None:
    """A ✅ pressed twice, the second time hours later: the report counted; it says so, not "send it again"."""
    await ask_large(world, at(SENT, 10, 0))
    world.clock.set(at(SENT, 10, 5))
    assert isinstance(await press(world, True), Recorded)
    world.clock.set(at(SENT, 13, 0))
    with pytest.raises(QuestionClosed) as raised:
        await press(world, True)
    assert raised.value.key != "report.confirm_expired"
