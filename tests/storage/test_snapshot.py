"""`Database.snapshot()`: one read transaction on a connection of its own — it sees every write
committed before it, and its statements agree with each other while writes land between them."""

from __future__ import annotations

from pathlib import Path

from bot.storage.db import Database


async def _count(conn: object) -> int:
    rows = await conn.execute_fetchall("SELECT COUNT(*) FROM units")  # type: ignore[attr-defined]
    return int(next(iter(rows))[0])


async def _add(db: Database, code: str) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO units (code, name, level) VALUES (?, ?, 'village')", (code, code))


async def test_a_snapshot_sees_what_was_committed_and_holds_still_while_writes_land(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "s.db")
    try:
        for code in ("a", "a2", "a3"):
            await _add(db, code)
        pinned = await db.reader.execute("SELECT code FROM units")  # another task's read, not finished
        await pinned.fetchone()
        await _add(db, "b")
        assert await _count(db.reader) == 3  # the shared reader sits in its older snapshot
        async with db.snapshot() as conn:
            first = await _count(conn)
            await _add(db, "c")  # a write between two statements of the snapshot
            assert (first, await _count(conn)) == (4, 4)
        await pinned.close()
        async with db.snapshot() as conn:
            assert await _count(conn) == 5
    finally:
        await db.close()
