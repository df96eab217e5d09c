"""Schema versions: applied forward at start-up, from an empty file and from every older version."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from bot.storage.db import Database, DatabaseUnavailable
from bot.storage.migrations import LATEST_VERSION, MIGRATIONS


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


async def test_empty_file_is_migrated_to_the_latest_version(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "new.db")
    try:
        assert await db.schema_version() == LATEST_VERSION
        assert await db.integrity_ok()
    finally:
        await db.close()
    assert {"units", "members", "campaigns", "reports", "notifications", "audit_log"} <= _tables(tmp_path / "new.db")


async def test_every_older_version_upgrades_and_keeps_its_rows(tmp_path: Path) -> None:
    for version, _ in MIGRATIONS[:-1]:
        path = tmp_path / f"v{version}.db"
        # Build a file exactly as that version left it, with one row in it.
        with sqlite3.connect(path) as conn:
            for _, script in [m for m in MIGRATIONS if m[0] <= version]:  # by number
                conn.executescript(script)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("INSERT INTO units (code, name, level) VALUES ('ql', '七岭村', 'village')")
        db = await Database.open(path)
        try:
            assert await db.schema_version() == LATEST_VERSION
            async with db.reader.execute("SELECT name FROM units WHERE code = 'ql'") as cur:
                row = await cur.fetchone()
            assert row is not None
            assert row[0] == "七岭村"
        finally:
            await db.close()


async def test_reopening_a_current_database_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "same.db"
    for _ in range(2):
        db = await Database.open(path)
        assert await db.migrate() == LATEST_VERSION
        await db.close()


async def test_database_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "wal.db")
    try:
        async with db.reader.execute("PRAGMA journal_mode") as cur:
            mode = await cur.fetchone()
        async with db.reader.execute("PRAGMA busy_timeout") as cur:
            timeout = await cur.fetchone()
        assert mode is not None
        assert mode[0] == "wal"
        assert timeout is not None
        assert timeout[0] >= 1000
    finally:
        await db.close()


async def test_a_database_from_a_newer_bot_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE future (x)")
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    for migrate in (True, False):
        with pytest.raises(DatabaseUnavailable, match=r"^DATABASE_PATH: .*newer.*upgrade campaign-bot$"):
            await Database.open(path, migrate=migrate)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION + 1
        assert "units" not in _tables(path)


@pytest.mark.parametrize("where", ["directory", "under a file", "not a database", "unwritable"])
async def test_an_unusable_file_is_one_line_naming_the_setting(tmp_path: Path, where: str) -> None:
    (tmp_path / "afile").write_text("plain text, not SQLite")
    path = {
        "directory": tmp_path,
        "under a file": tmp_path / "afile" / "c.db",
        "not a database": tmp_path / "afile",
        "unwritable": Path("/proc/campaign.db"),  # refuses new files even to root
    }[where]
    with pytest.raises(DatabaseUnavailable) as caught:
        await Database.open(path)
    message = str(caught.value)
    assert message.startswith(f"DATABASE_PATH: cannot open {path}: ")
    assert "\n" not in message
    # No aiosqlite worker left behind: one would print a thread traceback when the loop closes. A
    # closed connection's worker has answered its last future and only has to return: join it.
    workers = [t for t in threading.enumerate() if "_connection_worker_thread" in t.name]
    for worker in workers:
        worker.join(timeout=2)
    assert not [t for t in workers if t.is_alive()]


async def test_a_v3_ledger_holding_the_doubled_corrections_of_a_redelivered_undo_upgrades(tmp_path: Path) -> None:
    # Before v4 a redelivered /undo wrote a second correction with the same origin; v4 must not choke on it.
    path = tmp_path / "v3.db"
    with sqlite3.connect(path) as conn:
        for _, script in MIGRATIONS[:3]:
            conn.executescript(script)
        conn.execute("PRAGMA user_version = 3")
        conn.executescript(
            "INSERT INTO reports (id, campaign_id, member_id, task, delta, source, chat_id, message_id, created_at)"
            " VALUES (1, 1, 1, 'visit', 3, 'text', 1001, 1, 0), (2, 1, 1, 'visit', 4, 'text', 1001, 2, 0);"
            "INSERT INTO reports (campaign_id, member_id, task, delta, source, chat_id, message_id, created_at,"
            " corrects_id) VALUES (1, 1, 'visit', -4, 'correction', 1001, 3, 0, 2),"
            " (1, 1, 'visit', -3, 'correction', 1001, 3, 0, 1);"
        )
    db = await Database.open(path)
    try:
        assert await db.schema_version() == LATEST_VERSION
        async with db.reader.execute("SELECT COUNT(*) FROM reports") as cur:
            row = await cur.fetchone()
        assert row is not None  # the ledger is history: nothing rewritten
        assert row[0] == 4
    finally:
        await db.close()
