"""Migration v18 holds the day an entry counts on in its row: a ledger written before it — corrections made a
day or two after the reports they fix, edits with and without a day of their own — is dated by the one day
rule afterwards, in every row, in the kept day sums (taken again at the offset they were kept at, their
version grown) and in the task marks of the member-tasks it touched (judged again)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from bot.storage.db import Database
from bot.storage.migrations import MIGRATIONS
from tests.counted_rule import by_the_rule, kept

from .conftest import TZ

OFFSET = 8 * 3600


def at(day: int) -> int:
    """11-`day` 10:00 in Shanghai, unix seconds."""
    return int(datetime(2026, 11, day, 10, 0, tzinfo=TZ).timestamp())


# (id, delta, source, message, revision, sent on, work date, corrects): member 1, visits, chat 1
LEDGER = [
    (1, 10, "text", 1, 0, at(20), None, None),  # 11-20 走访10
    (2, -10, "correction", 1, 1, at(21), None, 1),  # edited on 11-21 …
    (3, 5, "text", 1, 1, at(21), None, None),  # … to 走访5: counts on 11-20
    (4, 40, "text", 2, 0, at(20), None, None),  # 11-20 走访40
    (5, -40, "correction", 9, 0, at(22), None, 4),  # /undo on 11-22: nets out on 11-20
    (6, 10, "text", 3, 0, at(21), "2026-11-20", None),  # 11-21 昨天走访10
    (7, -10, "correction", 3, 1, at(22), "2026-11-20", 6),  # edited on 11-22 …
    (8, 6, "text", 3, 1, at(22), None, None),  # … to 走访6, no day said: still 11-20
    (9, 10, "text", 4, 0, at(20), None, None),  # 11-20 走访10
    (10, -10, "correction", 4, 1, at(22), None, 9),  # edited on 11-22 …
    (11, 5, "text", 4, 1, at(22), "2026-11-21", None),  # … to 昨天走访5: 11-21, the day it names
    (12, 3, "text", 5, 0, at(22), None, None),  # 11-22 走访3
]


def _v16_file(path: Path) -> None:
    """A file as v16 left it, with LEDGER written and the day sums kept (at v12's rule)."""
    with sqlite3.connect(path) as conn:
        for version, script in [m for m in MIGRATIONS if m[0] <= 16]:
            conn.executescript(script)
            assert version <= 16
        conn.execute("PRAGMA user_version = 16")
        conn.execute("INSERT INTO units (code, name, level) VALUES ('ql', '七岭村', 'village')")
        conn.execute("INSERT INTO members (key, name, unit_code, role) VALUES ('m1', '甲', 'ql', 'cadre')")
        conn.execute(
            "INSERT INTO campaigns (key, name, start_at, end_at, timezone, settings, created_at, updated_at) "
            "VALUES ('c', 'c', 0, 1, 'Asia/Shanghai', '{}', 0, 0)"
        )
        conn.execute("INSERT INTO day_sum_zones (campaign_id, offset_seconds, version) VALUES (1, ?, 3)", (OFFSET,))
        conn.executemany(
            "INSERT INTO reports (id, campaign_id, member_id, task, delta, source, chat_id, message_id, revision, "
            "created_at, work_date, corrects_id) VALUES (?, 1, 1, 'visit', ?, ?, 1, ?, ?, ?, ?, ?)",
            LEDGER,
        )


async def test_a_v16_ledger_is_dated_by_the_one_day_rule_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "v16.db"
    _v16_file(path)
    with sqlite3.connect(path) as conn:
        marks_before = conn.execute("SELECT version FROM task_marks").fetchone()[0]
        version_before = conn.execute("SELECT version FROM day_sum_zones").fetchone()[0]
        old = {r[0]: r[1] for r in conn.execute("SELECT day, SUM(total) FROM day_sums GROUP BY day")}
    assert old == {"2026-11-20": 60, "2026-11-21": 0, "2026-11-22": -41}  # v12's rule: the fix's day
    db = await Database.open(path)
    try:
        rows = await db.reader.execute_fetchall("SELECT id, work_date, counted_at FROM reports ORDER BY id")
        carried = {int(r[0]): (r[1], r[2]) for r in rows if (r[1], r[2]) != (LEDGER[int(r[0]) - 1][6], None)}
        assert carried == {
            2: (None, at(20)),  # a correction: the moment its entry counts at
            3: (None, at(20)),  # an undated revision: its message's first entry
            5: (None, at(20)),
            7: ("2026-11-20", at(21)),
            8: ("2026-11-20", at(21)),  # … with the day that entry named
            10: (None, at(20)),
        }
        sums = await kept(db.reader, 1)
        assert sums == await by_the_rule(db.reader, 1, OFFSET)
        assert {day: n for (_, _, day, _), n in sums.items()} == {"2026-11-20": 11, "2026-11-21": 5, "2026-11-22": 3}
        zone = await db.reader.execute_fetchall("SELECT offset_seconds, version FROM day_sum_zones")
        assert [tuple(r) for r in zone] == [(OFFSET, version_before + 1)]  # taken again, at their offset
        marks = await db.reader.execute_fetchall("SELECT version FROM task_marks")
        assert next(iter(marks))[0] > marks_before  # the member-task is judged again
    finally:
        await db.close()


async def test_after_the_upgrade_the_triggers_keep_the_sums_by_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "v16.db"
    _v16_file(path)
    db = await Database.open(path)
    try:
        async with db.transaction() as conn:  # 11-23: an /undo of the 走访3 of 11-22, written as v18 writes it
            await conn.execute(
                "INSERT INTO reports (campaign_id, member_id, task, delta, source, chat_id, message_id, created_at, "
                "corrects_id, counted_at) VALUES (1, 1, 'visit', -3, 'correction', 1, 10, ?, 12, ?)",
                (at(23), at(22)),
            )
        sums = await kept(db.reader, 1)
        assert sums == await by_the_rule(db.reader, 1, OFFSET)
        assert {day: n for (_, _, day, _), n in sums.items()} == {"2026-11-20": 11, "2026-11-21": 5}
    finally:
        await db.close()
