"""The report use cases on a real database, without Telegram (SPEC §3.2, §9): what one call writes,
what it returns for the acknowledgement, and that a repeat of the same update changes nothing."""

from __future__ import annotations

import pytest

from bot.domain.errors import DomainError
from bot.domain.model import Assignee, ReportStatus
from bot.domain.origin import MessageKey
from bot.services.progress import ProgressService
from bot.services.reporting import NeedsConfirmation, Recorded, Reply, TextReport
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo

from .conftest import CHAT, World
from .reporters import typed


async def recorded(world: World, report: TextReport) -> Recorded:
    outcome = await world.services.reports.text(world.cadre, report)
    assert isinstance(outcome, Recorded)
    return outcome


async def ledger(db: Database, member_id: int) -> dict[str, int]:
    """The member's counted totals per task, summed straight from the ledger rows."""
    rows = await db.reader.execute_fetchall(
        "SELECT task, SUM(delta) FROM reports WHERE member_id = ? AND status != 'rejected' GROUP BY task",
        (member_id,),
    )
    return {str(r[0]): int(r[1]) for r in rows if r[1]}


def shown(result: Recorded) -> dict[str, int]:
    """The done counts the acknowledgement shows, built from what the use case returned."""
    assert result.standing is not None, "the standing comes back with the report"
    book = ProgressService.member_book(result.standing).book
    return {t.task: t.done for t in book.standing(Assignee.member(result.member.key)).tasks if t.done}


async def test_the_same_update_submitted_twice_is_counted_once(world: World) -> None:
    first = await recorded(world, typed(10, "走访5 体检3"))
    again = await recorded(world, typed(10, "走访5 体检3"))  # Telegram delivered the update again
    assert not first.duplicate  # its acknowledgement was not sent yet: still owed, sent once
    assert first.owed
    assert again.duplicate
    assert again.owed
    assert await ledger(world.services.db, first.member.id) == {"visit": 5, "checkup": 3}
    assert shown(again) == {"visit": 5, "checkup": 3}


async def test_a_redelivery_after_the_acknowledgement_was_sent_owes_nothing(world: World) -> None:
    first = await recorded(world, typed(11, "走访2"))
    await world.services.acks.done({MessageKey(CHAT, 11): "sent"})
    late = await recorded(world, typed(11, "走访2"))
    assert first.owed
    assert late.duplicate
    assert not late.owed
    assert await ledger(world.services.db, first.member.id) == {"visit": 2}


async def test_an_edit_of_a_verified_report_changes_no_count(world: World) -> None:
    first = await recorded(world, typed(12, "走访4"))
    [row] = await ReportRepo(world.services.db.reader).by_message(CHAT, 12)
    assert await world.services.leader.decide(world.leader, world.record, [row.id], approve=True) == 1
    with pytest.raises(DomainError) as refused:
        await world.services.reports.text(world.cadre, typed(12, "走访9", revision=1_800_000_000))
    assert refused.value.key == "report.edit_verified"
    assert await ledger(world.services.db, first.member.id) == {"visit": 4}
    [still] = await ReportRepo(world.services.db.reader).by_message(CHAT, 12)
    assert still.status is ReportStatus.VERIFIED
    assert still.delta == 4


async def test_an_edit_of_an_unreviewed_report_replaces_its_count(world: World) -> None:
    await recorded(world, typed(13, "走访4"))
    edit = await recorded(world, typed(13, "走访6", revision=1_800_000_000))
    assert not edit.duplicate
    assert shown(edit) == {"visit": 6}
    assert await ledger(world.services.db, edit.member.id) == {"visit": 6}


async def test_the_same_undo_message_twice_undoes_once(world: World) -> None:
    reports, member = world.services.reports, world.cadre.require_member()
    await recorded(world, typed(20, "走访3"))
    world.clock.advance(minutes=1)
    await recorded(world, typed(21, "走访4"))
    first = await reports.undo_last(world.cadre, CHAT, 22)
    again = await reports.undo_last(world.cadre, CHAT, 22)  # the /undo delivered again
    assert not first.again
    assert again.again
    assert [(r.task, r.delta) for r in first.rows] == [(r.task, r.delta) for r in again.rows] == [("visit", 4)]
    assert await ledger(world.services.db, member.id) == {"visit": 3}


async def test_the_standing_returned_with_a_report_matches_the_ledger(world: World) -> None:
    await recorded(world, typed(30, "走访2"))
    world.clock.advance(days=8)  # one report older than a week, one within it
    result = await recorded(world, typed(31, "走访5 体检1"))
    member = result.member
    assert shown(result) == await ledger(world.services.db, member.id) == {"visit": 7, "checkup": 1}
    # The same standing as the whole campaign's book shows for this member, read afresh.
    whole = (await world.services.progress.load(world.record)).book.standing(Assignee.member(member.key))
    assert result.standing is not None
    alone = ProgressService.member_book(result.standing).book.standing(Assignee.member(member.key))
    assert alone.tasks == whole.tasks


async def test_a_count_above_the_limit_records_nothing_until_answered_yes_then_once(world: World) -> None:
    member = world.cadre.require_member()
    with pytest.raises(NeedsConfirmation):
        await world.services.reports.text(world.cadre, typed(40, "走访150"))
    assert await ledger(world.services.db, member.id) == {}
    key = MessageKey(CHAT, 40)
    answered = await world.services.reports.answer(member, world.cadre.user_id, key, yes=True)
    assert isinstance(answered, Recorded)
    assert shown(answered) == {"visit": 150}
    with pytest.raises(DomainError):  # the question is closed: a second ✅ records nothing
        await world.services.reports.answer(member, world.cadre.user_id, key, yes=True)
    assert await ledger(world.services.db, member.id) == {"visit": 150}


async def test_a_text_that_is_no_report_gets_the_how_to_and_writes_nothing(world: World) -> None:
    outcome = await world.services.reports.text(world.cadre, typed(50, "你好"))
    assert isinstance(outcome, Reply)
    assert outcome.key == "report.how_to"
    assert await ledger(world.services.db, world.cadre.require_member().id) == {}
