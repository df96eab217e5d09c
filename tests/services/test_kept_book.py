"""A county's digest loads its book from what the progress service kept since its last load (the campaign's
frame at the roster version, each member-task's sums at its ledger mark): after every kind of change the
kept book is the one a fresh service (nothing kept) computes — every standing against every milestone,
the laggard list, the roster, the quotas, who is away and the forecast's window sums — through a report,
an edit (and one keeping the count), a report beyond the quota, an undo, a verification and a rejection,
a member removed from the roster, a leave, a quota, a member moved to another village, a new day, and
writes by another process (the command line, straight into the file)."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.domain.leave import Leave
from bot.domain.model import Assignee, ReportStatus
from bot.domain.origin import MessageKey
from bot.services.day_sums import backlogs, keep_day_sums
from bot.services.progress import LoadedBook, ProgressService
from bot.services.reporting import TextReport
from bot.storage.day_sums import DaySumRepo
from bot.storage.leaves import LeaveRepo
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRepo

from .ledgers import EXTRA, START, random_ledger
from .towns import NOW, Town, open_town


def _seen(loaded: LoadedBook) -> object:
    """Everything of a loaded book a digest or a bulletin can show."""
    tree, book, milestones = loaded.tree, loaded.book, loaded.record.campaign.milestones
    assignees = [Assignee.unit(c) for c in tree.subtree_unit_codes("tz")]
    assignees += [Assignee.member(k) for k in tree.subtree_member_keys("tz")]
    standings = {(a, m.percent): book.standing(a, m) for a in assignees for m in milestones}
    return (
        standings,
        book.laggards("tz"),
        loaded.members,
        loaded.by_id,
        loaded.quotas,
        dict(loaded.away),
        loaded.window,
    )


async def _kept_is_fresh(town: Town, step: str) -> None:
    record, db = await town.campaign(), town.services.db
    kept = await town.services.progress.load(record)
    fresh = await ProgressService(db, town.clock).load(record)
    assert _seen(kept) == _seen(fresh), step
    day = town.clock() - timedelta(days=3)
    for cut in (day + timedelta(hours=9), day + timedelta(hours=15)):  # the overdue cut moved within its day
        assert await town.services.audience.kept.backlogs(db, record, cut) == await backlogs(db, record, cut), step


async def _id_of(town: Town, name: str) -> int:
    rows = await town.services.db.reader.execute_fetchall("SELECT id FROM members WHERE name = ?", (name,))
    return int(next(iter(rows))[0])


async def _report(town: Town) -> None:
    await town.report("甲一", 9001, 3)


async def _edit(town: Town) -> None:
    user = town.users["甲一"]
    report = TextReport(MessageKey(user, 9001, 1), "走访7", private=True, edited=True, forwarded=False)
    await town.services.reports.text(await town.actor("甲一"), report)


async def _edit_keeping_the_count(town: Town) -> None:
    """The wording fixed, the count kept: a take-back and a new revision at one moment, netting 0."""
    user = town.users["甲一"]
    report = TextReport(MessageKey(user, 9001, 2), "走访7户", private=True, edited=True, forwarded=False)
    await town.services.reports.text(await town.actor("甲一"), report)


async def _beyond_the_quota(town: Town) -> None:
    await town.report("乙一", 9007, 40)  # 乙村's quota is 20: most of it beyond


async def _undo(town: Town) -> None:
    await town.report("乙一", 9002, 4)
    await town.services.reports.undo_last(await town.actor("乙一"), town.users["乙一"], 9003)


async def _verify_and_reject(town: Town) -> None:
    first = await town.report("丙一", 9004, 2)
    second = await town.report("丙一", 9005, 5)
    async with town.services.db.transaction() as conn:
        await ReportRepo(conn).set_status([first], ReportStatus.VERIFIED, None, START)
        await ReportRepo(conn).set_status([second], ReportStatus.REJECTED, None, START)


async def _remove_from_roster(town: Town) -> None:
    record, gone = await town.campaign(), await _id_of(town, "乙一")
    async with town.services.db.transaction() as conn:
        roster = await MemberRepo(conn).for_campaign(record.id)
        await MemberRepo(conn).set_campaign_members(record.id, [r.id for r in roster if r.id != gone])


async def _leave(town: Town) -> None:
    record, away = await town.campaign(), await _id_of(town, "丙一")
    async with town.services.db.transaction() as conn:
        await LeaveRepo(conn).add(record.id, away, Leave(date(2026, 11, 19), date(2026, 11, 25)), None, START, None)


async def _quota(town: Town) -> None:
    await town.services.leader.assign(await town.actor("镇长"), await town.campaign(), "丁一", "visit", 7)


async def _move(town: Town) -> None:
    async with town.services.db.transaction() as conn:
        await conn.execute("UPDATE members SET unit_code = 'vb' WHERE name = '丁一'")


async def _new_day(town: Town) -> None:
    town.clock.set(NOW + timedelta(days=1, hours=3))
    await town.report("甲一", 9006, 1)


async def _another_process(town: Town) -> None:
    """Straight into the file on a connection of its own: the kept things see only what the file says."""
    record, member = await town.campaign(), await _id_of(town, "丁一")
    sent = int((NOW + timedelta(days=1, hours=4)).timestamp())
    with sqlite3.connect(town.services.db.path) as conn:
        conn.execute(
            "INSERT INTO reports (campaign_id, member_id, task, delta, source, created_at) "
            "VALUES (?, ?, 'visit', 6, 'text', ?)",
            (record.id, member, sent),
        )
        conn.execute("UPDATE quotas SET quota = 9 WHERE assignee_key = 'va'")
    conn.close()


CHANGES: list[tuple[str, Callable[[Town], Awaitable[None]]]] = [
    ("a report", _report),
    ("its edit", _edit),
    ("an edit keeping the count", _edit_keeping_the_count),
    ("a report beyond the quota", _beyond_the_quota),
    ("an undo", _undo),
    ("a verification and a rejection", _verify_and_reject),
    ("a member removed from the roster", _remove_from_roster),
    ("a leave", _leave),
    ("a quota", _quota),
    ("a member moved to another village", _move),
    ("a new day", _new_day),
    ("another process's writes", _another_process),
]


async def test_a_kept_book_after_every_kind_of_change_is_a_fresh_one(tmp_path: Path) -> None:
    for sums in (True, False):  # from the kept day sums, and from the ledger's own path
        town = await open_town(tmp_path / str(sums), cadres={n: "v" + c for n, c in EXTRA.items()})
        try:
            await random_ledger(town, random.Random(11), 200)
            record = await town.campaign()
            if sums:
                await keep_day_sums(town.services.db, record)
            await _kept_is_fresh(town, "before any change")
            for step, change in CHANGES:
                await change(town)
                await _kept_is_fresh(town, step)
        finally:
            await town.services.db.close()


async def test_after_one_report_only_its_members_sums_are_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    town = await open_town(tmp_path, cadres={n: "v" + c for n, c in EXTRA.items()})
    try:
        await random_ledger(town, random.Random(5), 200)
        record, db = await town.campaign(), town.services.db
        await keep_day_sums(db, record)
        await town.services.progress.load(record)
        asked: list[object] = []
        book = DaySumRepo.book

        async def spied(self: DaySumRepo, *args: Any, **kwargs: Any) -> Any:
            asked.append(args[4] if len(args) > 4 else kwargs.get("members"))
            return await book(self, *args, **kwargs)

        monkeypatch.setattr(DaySumRepo, "book", spied)
        await town.services.progress.load(record)
        assert asked == []  # nothing written since: nothing read
        await town.report("甲一", 9001, 3)
        await town.services.progress.load(record)
        assert asked == [[await _id_of(town, "甲一")]]
    finally:
        await town.services.db.close()
