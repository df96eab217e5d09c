"""The pending reports' flags from each member-task's kept judgement (bot/domain/task_flags.py,
migration v13: what /verify, /sample, the digests and the export use) agree with the reference rules
(bot/domain/anomalies.py) applied to the whole live ledger, on randomized ledgers: rejected, verified,
undone and proxy entries, named work days, negative and round numbers, nights, last-minute bursts,
spikes and quotas, fixed seeds — judged from nothing, served kept, and kept through more reports,
undos, verifications and rejections (only the member-tasks written since judged again)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.domain.anomalies import Reason
from bot.domain.model import ReportStatus
from bot.services.integrity import flagged_pending_per_member, judge, judge_pending, reason_codes
from bot.storage.ledger import ReportRepo

from .towns import Town, open_town

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 10, 0, 0, tzinfo=TZ)
CRAMMED = datetime(2026, 11, 29, 6, 0, tzinfo=TZ)  # the day before the first checkpoint (11-30 00:00)
EXTRA = {f"员{i}": "vabcd"[1 + i % 4] for i in range(8)}
CADRES = ["甲一", "乙一", "丙一", "丁一", *EXTRA]


async def _ledger(town: Town, rng: random.Random, count: int, first: int = 0) -> None:
    """`count` reports of randomized shape straight into the ledger, some of them undone."""
    record, chief = await town.campaign(), await town.actor("镇长")
    for name in rng.sample(CADRES, 6):
        await town.services.leader.assign(chief, record, name, "visit", rng.choice((2, 4, 6)))
    db = town.services.db
    ids = {
        str(r[0]): int(r[1])
        for r in await db.reader.execute_fetchall(
            f"SELECT name, id FROM members WHERE name IN ({','.join('?' * len(CADRES))})", CADRES
        )
    }
    crammer, leader = ids[rng.choice(CADRES)], ids.get("甲一")
    rows = []
    for n in range(count):
        member = ids[rng.choice(CADRES)]
        if member == crammer and rng.random() < 0.6:
            sent = CRAMMED + timedelta(minutes=rng.randint(0, 24 * 60))
        else:
            sent = START + timedelta(minutes=rng.randint(0, 30 * 24 * 60))
        delta = rng.choice(
            [rng.randint(1, 6)] * 8 + [rng.choice((10, 20, 30)), rng.randint(30, 90), -rng.randint(1, 3)]
        )
        work_date = (sent - timedelta(days=1)).date().isoformat() if rng.random() < 0.1 else None
        status = rng.choices(("reported", "verified", "rejected"), (6, 3, 1))[0]
        proxy = leader if rng.random() < 0.1 else None
        task = "visit" if rng.random() < 0.85 else "other"
        rows.append(
            (record.id, member, task, delta, "text", member, first + n, int(sent.timestamp()), status, work_date, proxy)
        )
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO reports (campaign_id, member_id, task, delta, source, chat_id, message_id, created_at, "
            "status, work_date, entered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        undone = [
            r
            for r in await conn.execute_fetchall(
                "SELECT id, campaign_id, member_id, task, delta, created_at FROM reports r "
                "WHERE source != 'correction' AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id)"
            )
            if rng.random() < 0.05
        ]
        await conn.executemany(
            "INSERT INTO reports (campaign_id, member_id, task, delta, source, created_at, corrects_id) "
            "VALUES (?, ?, ?, ?, 'correction', ?, ?)",
            [(c, m, t, -d, at + 60, i) for i, c, m, t, d, at in undone],
        )


async def _decide(town: Town, rng: random.Random) -> None:
    """Verify and reject some pending reports (their corrections follow), as /verify's buttons do."""
    rows = await town.services.db.reader.execute_fetchall("SELECT id FROM reports WHERE status = 'reported'")
    ids = [int(r[0]) for r in rows]
    async with town.services.db.transaction() as conn:
        for status in (ReportStatus.VERIFIED, ReportStatus.REJECTED):
            await ReportRepo(conn).set_status(rng.sample(ids, len(ids) // 5), status, None, START)


async def _agree(town: Town, rng: random.Random) -> set[Reason]:
    """Compare both paths over the whole campaign and a few members; the reasons seen."""
    record = await town.campaign()
    loaded = await town.services.progress.load(record)
    reference = await judge(town.services.db.reader, loaded, None)
    rows = await town.services.db.reader.execute_fetchall("SELECT id, member_id FROM reports")
    owners = {int(r[0]): int(r[1]) for r in rows}
    seen: set[Reason] = set()
    for scope in [None, sorted(rng.sample(sorted(set(owners.values())), 5))]:
        fast = await judge_pending(town.services.db, loaded, scope)
        expected = {i: reference.findings.of(i) for i in reference.pending if scope is None or owners[i] in scope}
        assert fast.pending == set(expected)
        assert {i: fast.findings.of(i) for i in fast.pending} == expected
        seen |= {f.reason for flags in expected.values() for f in flags}
    counts: dict[int, int] = {}
    for i in reference.flagged_pending:
        counts[owners[i]] = counts.get(owners[i], 0) + 1
    assert await flagged_pending_per_member(town.services.db, loaded) == counts  # what a digest counts
    return seen


async def _codes_agree(town: Town) -> None:
    """The export's column from the kept day sums (every live report, a few members at a time) is the
    reference rules' over every entry."""
    loaded = await town.services.progress.load(await town.campaign())
    reference = await judge(town.services.db.reader, loaded, None)
    expected = {i: tuple(dict.fromkeys(f.reason.value for f in fs)) for i, fs in reference.findings.reports.items()}
    assert await reason_codes(town.services.db, loaded, batch=3) == expected


async def test_the_pending_flags_from_sums_are_the_reference_rules_flags(tmp_path: Path) -> None:
    seen: set[Reason] = set()
    for seed in range(6):
        town = await open_town(
            tmp_path / str(seed), verification="required", cadres={n: "v" + c for n, c in EXTRA.items()}
        )
        try:
            rng = random.Random(seed)
            await _ledger(town, rng, 400)
            seen |= await _agree(town, rng)  # judged from nothing
            seen |= await _agree(town, rng)  # served kept
            await _decide(town, rng)
            await _ledger(town, rng, 150, first=10_000)
            seen |= await _agree(town, rng)  # … and kept by every write since
            await _codes_agree(town)
        finally:
            await town.services.db.close()
    assert seen == set(Reason)  # every rule had flags to agree on
