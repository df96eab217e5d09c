"""A hostile review of the typed report's kept sender (bot/services/senders.py, migration v14): each
test below is a way a report was accepted, counted or slowed on state older than the roster when it
was written (SPEC §1, §9; issue 8 A and B). The races are played by committing the roster write another
writer (a leader's command, the command line) would commit at that moment."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.domain.errors import DomainError
from bot.services import senders
from bot.storage.org import MemberRepo

from .conftest import CADRE_USER, World
from .reporters import bump_the_roster, remove_the_cadre, removing_after, report, trips, typed, version, visits


async def test_an_edit_racing_its_senders_removal_from_the_roster_is_not_counted(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit is decided on fresh reads, but its write (recording.revise) never compares the version
    those reads were made at: a removal committed between the reads and the write is not seen."""
    await report(world, 1)
    monkeypatch.setattr(senders, "read_sender", removing_after(world, senders.read_sender))
    with pytest.raises(DomainError) as refused:
        await world.services.reports.typed(CADRE_USER, "zh", typed(1, "走访9", revision=5))
    assert refused.value.key == "campaign.none"
    assert await visits(world) == 1  # the first text only: the edit's +8 belongs to no roster member


async def test_a_report_racing_the_roster_on_every_try_is_not_written_unchecked(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After FRESH_ATTEMPTS stale writes, typed() falls back to text(), whose write checks no version:
    the removal committed between its reads and its write is not seen, and the report is counted."""
    db = world.services.db
    original = db.write_once
    calls = 0

    async def another_writer_first(work: Callable[[sqlite3.Connection], Any]) -> Any:
        nonlocal calls
        calls += 1
        if calls <= senders.FRESH_ATTEMPTS:
            await bump_the_roster(world)  # each checked write finds the version moved
        else:
            await remove_the_cadre(world)  # and the one after them meets the cadre's removal
        return await original(work)

    monkeypatch.setattr(db, "write_once", another_writer_first)
    with pytest.raises(DomainError):
        await world.services.reports.typed(CADRE_USER, "zh", typed(1, "走访7"))
    assert await visits(world) == 0


async def test_another_members_language_leaves_a_kept_sender_at_one_trip(world: World) -> None:
    """The roster version is one counter for everyone: a cadre's own /language (or /campaign) empties
    every other sender's kept context, so anyone can turn every report into a wasted write, a read
    and a second write by changing their language in a loop."""
    await report(world, 1)
    await report(world, 2)
    await world.services.directory.set_language(world.leader, "en")
    with trips() as seen:
        await report(world, 3)
    assert len(seen) == 1, seen


async def test_a_backup_restored_while_the_bot_runs_cannot_revive_a_kept_context(world: World, tmp_path: Path) -> None:
    """The counter goes back with a restored file (sqlite3's backup API, into the live database): once
    as many roster writes follow as were undone, a context kept before the restore matches again and
    its write is accepted on a roster that no longer lists the sender."""
    db = world.services.db
    await remove_the_cadre(world)
    backup = tmp_path / "before.db"
    with sqlite3.connect(db.path) as live, sqlite3.connect(backup) as copy:
        live.backup(copy)  # the cadre is on no roster in this copy
    async with db.transaction() as conn:
        leader = await MemberRepo(conn).by_key("李书记")
        assert leader is not None
        await MemberRepo(conn).set_campaign_members(world.record.id, [world.cadre.member_id or 0, leader.id])
    await report(world, 1)  # kept at the version after the cadre was listed again
    kept = world.services.senders.get(CADRE_USER)
    assert kept is not None
    with sqlite3.connect(backup) as copy, sqlite3.connect(db.path) as live:
        copy.backup(live)  # the operator restores the copy while the bot runs
    assert await visits(world) == 0
    while await version(world) < kept.version:
        await bump_the_roster(world)  # ordinary work by the leaders after the restore
    with pytest.raises(DomainError) as refused:
        await world.services.reports.typed(CADRE_USER, "zh", typed(2, "走访1"))
    assert refused.value.key == "campaign.none"
    assert await visits(world) == 0
