"""Randomized ledgers for the flags' tests (tests/services/test_pending_flags.py, test_flag_marks.py,
test_flags_cache.py, test_forecast_sums.py): reports of every shape written straight into a town's
ledger — rejected, verified, undone and proxy entries, named work days, negative and round numbers,
nights, a member cramming the day before the first checkpoint, undos and edits (with and without a day
of their own) up to three days later, written as the bot writes them — and decisions on some of them."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.model import ReportSource, ReportStatus
from bot.domain.origin import Origin
from bot.storage.ledger import ReportRepo, _row

from .towns import Town

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 10, 0, 0, tzinfo=TZ)
CRAMMED = datetime(2026, 11, 29, 6, 0, tzinfo=TZ)  # the day before the first checkpoint (11-30 00:00)
EXTRA = {f"员{i}": "vabcd"[1 + i % 4] for i in range(8)}
CADRES = ["甲一", "乙一", "丙一", "丁一", *EXTRA]


async def random_ledger(town: Town, rng: random.Random, count: int, first: int = 0) -> None:
    """`count` reports of randomized shape straight into the ledger, some of them undone or edited later."""
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
        # decided some hours after it was sent (what counts under required verification), or with no time
        checked = int(sent.timestamp()) + rng.randint(0, 2 * 86_400) if rng.random() < 0.8 else None
        rows.append(
            (
                record.id,
                member,
                task,
                delta,
                "text",
                member,
                first + n,
                int(sent.timestamp()),
                status,
                work_date,
                proxy,
                checked if status != "reported" else None,
            )
        )
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO reports (campaign_id, member_id, task, delta, source, chat_id, message_id, created_at, "
            "status, work_date, entered_by, verified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        live = await conn.execute_fetchall(
            "SELECT * FROM reports r WHERE campaign_id = ? AND message_id >= ? AND source != 'correction' "
            "AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id) ORDER BY id",
            (record.id, first),
        )
        repo = ReportRepo(conn)
        for row in map(_row, live):
            fixed = rng.random()
            if fixed >= 0.08:
                continue
            later = row.created_at + timedelta(minutes=rng.choice((1, rng.randint(60, 3 * 1440))))
            if fixed < 0.05:  # an /undo, keyed by a message of its own
                undo = Origin(ReportSource.CORRECTION, row.chat_id, 1_000_000 + row.id)
                await repo.append(row.campaign_id, row.member_id, row.task, -row.delta, undo, later, corrects=row)
                continue
            chat, message = row.chat_id, row.message_id  # an edit: taken back, and the message's new count
            await repo.append(
                row.campaign_id, row.member_id, row.task, -row.delta,
                Origin(ReportSource.CORRECTION, chat, message, 1), later, corrects=row,
            )  # fmt: skip
            named = (later - timedelta(days=1)).date() if rng.random() < 0.3 else None
            edit = Origin(ReportSource.TEXT, chat, message, 1)
            await repo.append_many(row.campaign_id, row.member_id, [(row.task, rng.randint(1, 6))], edit, later, named)


async def decide_some(town: Town, rng: random.Random) -> None:
    """Verify and reject some pending reports (their corrections follow), as /verify's buttons do."""
    rows = await town.services.db.reader.execute_fetchall("SELECT id FROM reports WHERE status = 'reported'")
    ids = [int(r[0]) for r in rows]
    async with town.services.db.transaction() as conn:
        for status in (ReportStatus.VERIFIED, ReportStatus.REJECTED):
            decided = START + timedelta(days=rng.randint(5, 25), minutes=rng.randint(0, 1439))
            await ReportRepo(conn).set_status(rng.sample(ids, len(ids) // 5), status, None, decided)
