"""Each member-task's judgement is kept from its last write (migration v13, bot/services/flags.py): a
write judges again its own member-task and no other; a changed quota or threshold judges again the
member-tasks it touches at once; the peers' day counts kept beside the judgements are every member's
day totals; a database from before v13 has every member-task of its ledger to judge."""

from __future__ import annotations

import dataclasses
import random
import sqlite3
from collections import Counter
from datetime import datetime
from pathlib import Path

from bot.domain.anomalies import Reason
from bot.domain.model import AnomalyThresholds
from bot.services.flags import flagged_pending_per_member, refresh
from bot.services.integrity import judge, judge_pending
from bot.storage.db import Database
from bot.storage.migrations import MIGRATIONS
from bot.storage.signals import SignalRepo

from .ledgers import EXTRA, TZ, decide_some, random_ledger
from .towns import Town, open_town


async def _town(tmp_path: Path, seed: int = 3) -> Town:
    town = await open_town(tmp_path, verification="required", cadres={n: "v" + c for n, c in EXTRA.items()})
    await random_ledger(town, random.Random(seed), 300)
    return town


async def _kept(town: Town) -> dict[tuple[int, str], int]:
    rows = await town.services.db.reader.execute_fetchall("SELECT member_id, task, version FROM task_flags")
    return {(int(r[0]), str(r[1])): int(r[2]) for r in rows}


async def test_a_report_judges_again_its_own_member_task_and_no_other(tmp_path: Path) -> None:
    town = await _town(tmp_path)
    try:
        loaded = await town.services.progress.load(await town.campaign())
        await refresh(town.services.db, loaded)
        before = await _kept(town)
        await town.report("甲一", 3, 1)
        await refresh(town.services.db, loaded)
        after = await _kept(town)
        member = (await town.actor("甲一")).member_id
        changed = {key for key in after if after[key] != before.get(key)}
        assert changed == {(member, "visit")}
    finally:
        await town.services.db.close()


async def test_a_changed_quota_is_judged_under_at_once(tmp_path: Path) -> None:
    town = await open_town(tmp_path, verification="required")
    try:
        record, chief = await town.campaign(), await town.actor("镇长")
        await town.services.leader.assign(chief, record, "甲一", "visit", 10)
        town.clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=TZ))  # the town's clock starts at midnight: a night
        crossing = await town.report("甲一", 2, 19)  # 19 of 10: above 150 %
        loaded = await town.services.progress.load(record)
        flags = (await judge_pending(town.services.db, loaded, None)).findings.of(crossing)
        assert [f.reason for f in flags] == [Reason.OVER_QUOTA]
        await town.services.leader.assign(chief, record, "甲一", "visit", 20)  # 19 of 20: no longer
        loaded = await town.services.progress.load(await town.campaign())
        assert (await judge_pending(town.services.db, loaded, None)).findings.of(crossing) == ()
    finally:
        await town.services.db.close()


async def test_a_changed_quota_is_judged_under_even_with_everything_judged_before(tmp_path: Path) -> None:
    """A digest between two writes does not read every mark again (nothing can be stale at the same count
    of writes and the same rules): a quota is a rule, so its change alone is judged under at once."""
    town = await open_town(tmp_path, verification="required")
    try:
        record, chief, db = await town.campaign(), await town.actor("镇长"), town.services.db
        await town.services.leader.assign(chief, record, "甲一", "visit", 10)
        town.clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=TZ))
        member = (await town.actor("甲一")).member_id
        await town.report("甲一", 2, 19)  # 19 of 10: above 150 %
        for _ in range(2):  # the second finds everything judged
            assert await flagged_pending_per_member(db, await town.services.progress.load(record)) == {member: 1}
        await town.services.leader.assign(chief, record, "甲一", "visit", 20)  # 19 of 20: no longer
        assert await flagged_pending_per_member(db, await town.services.progress.load(await town.campaign())) == {}
    finally:
        await town.services.db.close()


async def test_changed_thresholds_judge_every_member_task_again(tmp_path: Path) -> None:
    town = await _town(tmp_path, seed=5)
    try:
        loaded = await town.services.progress.load(await town.campaign())
        await judge_pending(town.services.db, loaded, None)
        strict = AnomalyThresholds(spike_factor=1.5, spike_peer_percentile=60, round_repeat_days=2, last_day_share=20)
        record = dataclasses.replace(
            loaded.record, campaign=dataclasses.replace(loaded.record.campaign, anomalies=strict)
        )
        stricter = dataclasses.replace(loaded, record=record)
        reference = await judge(town.services.db.reader, stricter, None)
        kept = await judge_pending(town.services.db, stricter, None)
        assert kept.flagged_pending == reference.flagged_pending
        assert {i: kept.findings.of(i) for i in kept.pending} == {
            i: reference.findings.of(i) for i in reference.pending
        }
    finally:
        await town.services.db.close()


async def test_the_peers_day_counts_are_every_members_day_totals(tmp_path: Path) -> None:
    town = await _town(tmp_path, seed=7)
    try:
        record = await town.campaign()
        loaded = await town.services.progress.load(record)
        await refresh(town.services.db, loaded)
        await decide_some(town, random.Random(7))
        await random_ledger(town, random.Random(8), 100, first=20_000)
        await refresh(town.services.db, loaded)
        totals = await SignalRepo(town.services.db.reader).day_totals(record.id, 8 * 3600)
        rows = await town.services.db.reader.execute_fetchall("SELECT task, total, days FROM peer_day_counts")
        assert {(str(r[0]), int(r[1])): int(r[2]) for r in rows} == Counter((t.task, t.total) for t in totals)
    finally:
        await town.services.db.close()


async def test_a_ledger_from_before_v13_has_every_member_task_to_judge(tmp_path: Path) -> None:
    path = tmp_path / "v12.db"
    with sqlite3.connect(path) as conn:
        for version, script in MIGRATIONS[:12]:
            conn.executescript(script)
            assert version <= 12
        conn.execute("PRAGMA user_version = 12")
        conn.execute("INSERT INTO units (code, name, level) VALUES ('ql', '七岭村', 'village')")
        conn.execute("INSERT INTO members (key, name, unit_code, role) VALUES ('m1', '甲', 'ql', 'cadre')")
        conn.execute(
            "INSERT INTO campaigns (key, name, start_at, end_at, timezone, settings, created_at, updated_at) "
            "VALUES ('c', 'c', 0, 1, 'Asia/Shanghai', '{}', 0, 0)"
        )
        for task in ("visit", "visit", "checkup"):
            conn.execute(
                "INSERT INTO reports (campaign_id, member_id, task, delta, source, created_at) "
                "VALUES (1, 1, ?, 1, 'text', 0)",
                (task,),
            )
    db = await Database.open(path)
    try:
        rows = await db.reader.execute_fetchall("SELECT member_id, task FROM task_marks ORDER BY task")
        assert [tuple(r) for r in rows] == [(1, "checkup"), (1, "visit")]
    finally:
        await db.close()
