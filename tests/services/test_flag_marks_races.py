"""The kept judgements (migration v13) against what could bend them: the shared reader sitting in an old
snapshot, two processes judging the same rows while reports arrive, an older judgement saved late, and
every kind of service write (edit, undo, proxy report, rejection) — each time the same flags, counts and
peers' day counts as the reference rules over every entry."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pytest

from bot.domain.anomalies import Flag
from bot.domain.model import ReportStatus
from bot.domain.origin import MessageKey
from bot.domain.task_flags import TaskJudgement
from bot.services import flags
from bot.services.flags import _offset, _Rules, refresh
from bot.services.integrity import flagged_pending_per_member, judge, judge_pending
from bot.services.progress import LoadedBook
from bot.services.reporting import TextReport
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.signals import SignalRepo
from bot.storage.task_flags import TaskFlagRepo

from .ledgers import EXTRA, TZ, random_ledger
from .towns import Town, open_town


async def _town(tmp_path: Path, seed: int = 3) -> Town:
    town = await open_town(tmp_path, verification="required", cadres={n: "v" + c for n, c in EXTRA.items()})
    await random_ledger(town, random.Random(seed), 300)
    return town


async def _expected(town: Town, loaded: LoadedBook) -> dict[int, tuple[Flag, ...]]:
    ref = await judge(town.services.db.reader, loaded, None)
    return {i: ref.findings.of(i) for i in ref.pending}


async def test_flags_asked_while_the_shared_reader_sits_in_an_old_snapshot_are_the_latest(tmp_path: Path) -> None:
    """The shared reader sits in an older snapshot (a statement another task stepped but did not finish,
    bot/storage/db.py): the judging just saved must still be what is read, and what is held."""
    town = await _town(tmp_path)
    db = town.services.db
    try:
        loaded = await town.services.progress.load(await town.campaign())
        await judge_pending(db, loaded, None)
        town.clock.set(datetime(2026, 11, 20, 23, 30, tzinfo=TZ))  # a night report: NIGHT
        night = await town.report("甲一", 777, 2)
        pinned = await db.reader.execute("SELECT id FROM reports")  # another task's read, not finished
        await pinned.fetchone()
        first = await judge_pending(db, loaded, None)
        await pinned.close()
        again = await judge_pending(db, loaded, None)  # no write since: served held
        expected = await _expected(town, loaded)
        assert expected[night], "the reference flags the night report"
        assert {i: again.findings.of(i) for i in again.pending} == expected, (
            f"night report {night}: kept {again.findings.of(night)} vs reference {expected[night]}; "
            f"first={first.findings.of(night)}"
        )
    finally:
        await db.close()


async def test_two_processes_judging_while_reports_arrive_keep_flags_and_peers_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    town = await _town(tmp_path, seed=11)
    db = town.services.db
    other = await Database.open(tmp_path / "campaign.db")  # the CLI's export, another process
    monkeypatch.setattr(flags, "BATCH", 3)
    try:
        record = await town.campaign()
        loaded = await town.services.progress.load(record)
        rng = random.Random(5)

        async def writes() -> None:
            for n in range(40):
                await random_ledger(town, rng, 3, first=50_000 + 10 * n)
                await asyncio.sleep(0)

        async def refreshes(d: Database) -> None:
            for _ in range(30):
                await refresh(d, loaded)

        await asyncio.gather(writes(), refreshes(db), refreshes(other))
        await refresh(db, loaded)
        totals = await SignalRepo(db.reader).day_totals(record.id, 8 * 3600)
        rows = await db.reader.execute_fetchall("SELECT task, total, days FROM peer_day_counts")
        assert {(str(r[0]), int(r[1])): int(r[2]) for r in rows} == Counter((t.task, t.total) for t in totals)
        kept = await judge_pending(db, loaded, None)
        assert {i: kept.findings.of(i) for i in kept.pending} == await _expected(town, loaded)
    finally:
        await other.close()
        await db.close()


async def test_an_older_judgement_saved_late_by_another_process_is_never_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI's export and the bot judge the same member-task: the CLI's judgement, made before a later
    report, is saved between the bot's judging and its read of the kept rows; it must not replace the
    bot's newer one, nor be held for this write count."""
    town = await _town(tmp_path)
    db = town.services.db
    cli = await Database.open(tmp_path / "campaign.db")
    try:
        loaded = await town.services.progress.load(await town.campaign())
        await refresh(db, loaded)
        town.clock.set(datetime(2026, 11, 20, 23, 30, tzinfo=TZ))
        await town.report("甲一", 777, 2)
        # The CLI's refresh: reads the stale member-task and its entries …
        rules = _Rules.of(loaded)
        stale = [m for m in await TaskFlagRepo(cli.reader).marks(loaded.record.id) if m.judged != m.version]
        entries, pending = await TaskFlagRepo(cli.reader).entries(
            loaded.record.id, _offset(loaded.record), [(m.member_id, m.task) for m in stale]
        )
        judged = rules.judge(stale, entries, pending)
        town.clock.set(datetime(2026, 11, 20, 23, 40, tzinfo=TZ))
        second = await town.report("甲一", 778, 3)  # … meanwhile another night report
        original = TaskFlagRepo.judgements

        async def cli_saves_first(
            self: TaskFlagRepo, campaign_id: int, member_ids: Sequence[int] | None
        ) -> list[TaskJudgement]:  # … and saves just now
            monkeypatch.setattr(TaskFlagRepo, "judgements", original)
            async with cli.transaction() as conn:
                await TaskFlagRepo(conn).save(
                    campaign_id,
                    [(j, m.version, rules.of_task(m.member_id, m.task)) for j, m in zip(judged, stale, strict=True)],
                )
            return await original(self, campaign_id, member_ids)

        monkeypatch.setattr(TaskFlagRepo, "judgements", cli_saves_first)
        await judge_pending(db, loaded, None)
        monkeypatch.setattr(TaskFlagRepo, "judgements", original)
        held = await judge_pending(db, loaded, None)  # no write since
        expected = await _expected(town, loaded)
        assert held.findings.of(second) == expected[second]
    finally:
        await cli.close()
        await db.close()


async def test_the_pending_set_is_read_with_the_flags_it_is_held_with(tmp_path: Path) -> None:
    """With the shared reader in an older snapshot, a report sent meanwhile must be in the pending set
    held beside the new flags (else it is missing from /verify flagged and /sample until a write)."""
    town = await _town(tmp_path)
    db = town.services.db
    try:
        loaded = await town.services.progress.load(await town.campaign())
        await judge_pending(db, loaded, None)
        pinned = await db.reader.execute("SELECT id FROM reports")  # another task's read, not finished
        await pinned.fetchone()
        town.clock.set(datetime(2026, 11, 20, 23, 30, tzinfo=TZ))  # a night report: NIGHT
        with contextlib.suppress(ValueError):  # recorded; its id read back on the (pinned) reader fails
            await town.report("甲一", 777, 2)
        async with db.latest() as conn:
            night = int(next(iter(await conn.execute_fetchall("SELECT max(id) FROM reports")))[0])
        await judge_pending(db, loaded, None)
        await pinned.close()
        again = await judge_pending(db, loaded, None)  # no write since: served held
        expected = await _expected(town, loaded)
        assert expected[night], "the reference flags the night report"
        assert night in again.pending, "the new report is pending"
        assert {i: again.findings.of(i) for i in again.pending} == expected
    finally:
        await db.close()


async def test_service_writes_edits_undos_proxies_and_rejections_keep_agreeing(tmp_path: Path) -> None:
    town = await _town(tmp_path, seed=9)
    db = town.services.db
    try:
        record = await town.campaign()

        async def agree() -> None:
            loaded = await town.services.progress.load(await town.campaign())
            kept = await judge_pending(db, loaded, None)
            assert {i: kept.findings.of(i) for i in kept.pending} == await _expected(town, loaded)
            ref = await judge(db.reader, loaded, None)
            rows = await db.reader.execute_fetchall("SELECT id, member_id FROM reports")
            owners = {int(r[0]): int(r[1]) for r in rows}
            counts = Counter(owners[i] for i in ref.flagged_pending)
            assert await flagged_pending_per_member(db, loaded) == dict(counts)
            totals = await SignalRepo(db.reader).day_totals(record.id, 8 * 3600)
            peers = await db.reader.execute_fetchall("SELECT task, total, days FROM peer_day_counts")
            assert {(str(r[0]), int(r[1])): int(r[2]) for r in peers} == Counter((t.task, t.total) for t in totals)

        await agree()
        for day in range(21, 27):  # a steady member, then a spike
            town.clock.set(datetime(2026, 11, day, 10, 0, tzinfo=TZ))
            await town.report("丙一", 900 + day, 2)
        await agree()
        town.clock.set(datetime(2026, 11, 27, 23, 50, tzinfo=TZ))
        spike = await town.report("丙一", 990, 48)
        await agree()
        user = town.users["丙一"]
        outcome = await town.services.reports.text(  # the member edits it down
            await town.actor("丙一"),
            TextReport(MessageKey(user, 990, 1), "走访2", private=True, edited=True, forwarded=False),
        )
        assert outcome is not None
        await agree()
        await town.services.reports.undo_last(await town.actor("丙一"), user, 991)
        await agree()
        chief = await town.actor("镇长")
        await town.services.proxy.report_for(
            chief, record, [("visit", 30)], MessageKey(town.users["镇长"], 5, 0), who="丙一"
        )
        await agree()
        rows = await db.reader.execute_fetchall(
            "SELECT id FROM reports WHERE status = 'reported' "
            "AND member_id = (SELECT member_id FROM reports WHERE id = ?)",
            (spike,),
        )
        async with db.transaction() as conn:
            await ReportRepo(conn).set_status([int(r[0]) for r in rows], ReportStatus.REJECTED, None, town.clock())
        await agree()
    finally:
        await db.close()
