"""A question about a report (a running total, a typo) is stored, and its answer recorded, only for a
sender who may still report when it is written: who may report is asked again under the write lock
(bot/storage/org.py AUTHORIZED_SQL), not taken from reads made before it (issue 8 A; the review of the
kept senders)."""

from __future__ import annotations

import pytest

from bot.domain.errors import DomainError
from bot.domain.origin import MessageKey
from bot.services import questions, senders
from bot.services.asking import Asked
from bot.services.directory import check
from bot.services.recording import NeedsConfirmation
from bot.storage.confirmations import ConfirmationRepo

from .conftest import CADRE_USER, CHAT, World
from .reporters import removing_after, report, typed, visits


async def test_a_running_total_racing_its_senders_removal_asks_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await report(world, 1, "走访5")
    monkeypatch.setattr(senders, "read_sender", removing_after(world, senders.read_sender))
    with pytest.raises(DomainError) as refused:
        await world.services.reports.typed(CADRE_USER, "zh", typed(2, "累计走访12"))
    assert refused.value.key == "campaign.none"  # what fresh reads answer a member on no roster
    assert not await ConfirmationRepo(world.services.db.reader).any_open(CHAT, 2)
    assert await visits(world) == 5


async def test_a_running_total_from_a_sender_still_on_the_roster_is_asked(world: World) -> None:
    await report(world, 1, "走访5")
    _, asked = await world.services.reports.typed(CADRE_USER, "zh", typed(2, "累计走访12"))
    assert isinstance(asked, Asked)
    assert asked.open
    assert await ConfirmationRepo(world.services.db.reader).any_open(CHAT, 2)


async def test_a_yes_racing_its_senders_removal_records_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ✅ on "are you sure?" checks the roster before the write lock (check()); a removal committed
    after it is caught by the write itself, which records nothing and refuses."""
    member = world.cadre.require_member()
    with pytest.raises(NeedsConfirmation):
        await world.services.reports.text(world.cadre, typed(40, "走访150"))
    # check: what questions.answer calls before the write lock
    monkeypatch.setattr(questions, "check", removing_after(world, check))
    with pytest.raises(DomainError) as refused:
        await world.services.reports.answer(member, world.cadre.user_id, MessageKey(CHAT, 40), yes=True)
    assert refused.value.key == "report.not_in_campaign"
    assert await visits(world) == 0
