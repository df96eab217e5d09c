"""Random writes of every kind the ledger sees, on a real file, for the day-sum agreement tests
(test_day_sums.py, test_book_sums.py, test_book_sums_offsets.py)."""

from __future__ import annotations

import random
from datetime import timedelta

from bot.domain.model import ReportSource, ReportStatus
from bot.domain.origin import Origin
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo

from .conftest import NOW

OFFSET = 8 * 3600


async def _member(db: Database, key: str) -> int:
    async with db.transaction() as conn:
        rows = await conn.execute_fetchall(
            "INSERT INTO members (key, name, unit_code, role) VALUES (?, ?, 'ql', 'cadre') RETURNING id", (key, key)
        )
    return int(next(iter(rows))[0])


BOT_WRITES = ["report"] * 5 + ["undo", "edit", "verify", "reject"]  # what the bot itself writes
EVERY_WRITE = ["report"] * 5 + ["undo", "edit", "verify", "reject", "delete", "move", "update"]


async def _write(
    db: Database, cid: int, members: list[int], rng: random.Random, n: int, kinds: list[str] = EVERY_WRITE
) -> None:
    """`n` random writes of `kinds` (every kind the ledger sees: the bot's own, and a hand's deletions,
    moved corrections and changed rows), each in its own transaction. Undos and edits come up to three
    days after the report they fix, written as the bot writes them."""
    for _ in range(n):
        ids = [int(r[0]) for r in await db.reader.execute_fetchall("SELECT id FROM reports")]
        live = [
            int(r[0])
            for r in await db.reader.execute_fetchall(
                "SELECT id FROM reports r WHERE source != 'correction' "
                "AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id)"
            )
        ]
        kind = rng.choice(kinds)
        async with db.transaction() as conn:
            if kind == "report" or not ids:
                at = NOW + timedelta(minutes=rng.randint(-20 * 1440, 0))
                work = (at - timedelta(days=1)).date().isoformat() if rng.random() < 0.2 else None
                status = rng.choice(("reported", "reported", "verified", "rejected"))
                # verified some hours later, or (a hand-written ledger) with no time recorded
                checked = int(at.timestamp()) + rng.randint(0, 90_000) if status != "reported" else None
                await conn.execute(
                    "INSERT INTO reports (campaign_id, member_id, task, delta, source, chat_id, message_id, "
                    "created_at, status, work_date, verified_at) VALUES (?, ?, ?, ?, 'text', 1, ?, ?, ?, ?, ?)",
                    (
                        cid,
                        rng.choice(members),
                        rng.choice(("visit", "checkup")),
                        rng.choice((1, 2, 3, 10, -1)),
                        rng.randrange(1 << 40),
                        int(at.timestamp()),
                        status,
                        work,
                        checked if rng.random() < 0.7 else None,
                    ),
                )
            elif kind in ("undo", "edit") and live:
                repo = ReportRepo(conn)
                row = await repo.get(rng.choice(live))
                assert row is not None
                later = row.created_at + timedelta(seconds=rng.randint(0, 3 * 86_400))
                chat, message = row.chat_id, row.message_id
                revision = row.revision + 1  # an edit: the message's next revision
                if kind == "edit":
                    fix = Origin(ReportSource.CORRECTION, chat, message, revision)
                else:  # an /undo is keyed by a message of its own
                    fix = Origin(ReportSource.CORRECTION, chat, rng.randrange(1 << 40))
                await repo.append(cid, row.member_id, row.task, -row.delta, fix, later, corrects=row)
                if kind == "edit":
                    named = (later - timedelta(days=1)).date() if rng.random() < 0.3 else None
                    edit = Origin(ReportSource.TEXT, chat, message, revision)
                    # Often the same count: an edit of the wording (a step of net 0 for the tie-break).
                    count = row.delta if row.delta > 0 and rng.random() < 0.5 else rng.randint(1, 5)
                    await repo.append_many(cid, row.member_id, [(row.task, count)], edit, later, named)
            elif kind in ("verify", "reject"):
                status = ReportStatus.VERIFIED if kind == "verify" else ReportStatus.REJECTED
                decided = NOW - timedelta(minutes=rng.randint(0, 20 * 1440))  # its verified_at: what counts
                await ReportRepo(conn).set_status(rng.sample(ids, min(3, len(ids))), status, None, decided)
            elif kind == "delete":
                await conn.execute(  # an entry no correction points at (the foreign key), or a correction
                    "DELETE FROM reports WHERE id = (SELECT id FROM reports r WHERE NOT EXISTS "
                    "(SELECT 1 FROM reports c WHERE c.corrects_id = r.id) ORDER BY random() LIMIT 1)"
                )
            elif kind == "move" and live:
                await conn.execute(
                    "UPDATE reports SET corrects_id = ? WHERE id = (SELECT MAX(id) FROM reports "
                    "WHERE source = 'correction')",
                    (rng.choice(live),),
                )
            elif kind == "update":
                await conn.execute(
                    "UPDATE reports SET delta = delta + 1, work_date = ? WHERE id = ?",
                    (rng.choice((None, "2026-11-15")), rng.choice(ids)),
                )
