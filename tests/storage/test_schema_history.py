"""The schema is history. A fresh file made by the start-up runner up to v20 holds exactly the schema recorded
from it (every table, index and trigger with its SQL to the byte, in the order SQLite keeps them: triggers on
one table fire in that order), each migration's script is the very text it shipped as (so its data
statements, the backfills, are unchanged too), and a file made at any older version ends, upgraded,
identical to a fresh one.

schema_v20.json was recorded once, from the code at commit ed7ba12 (before the migrations were split into
modules): `sqlite_master` and `PRAGMA user_version` of a file made as below, and the sha256 of each script.
It is never recorded again: a new migration appends to the list, and v1–v20 stay as they are."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from bot.storage import db as runner
from bot.storage.db import Database
from bot.storage.migrations import LATEST_VERSION, MIGRATIONS

RECORDED = json.loads((Path(__file__).parent / "schema_v20.json").read_text(encoding="utf-8"))


def _schema(path: Path) -> dict[str, Any]:
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid").fetchall()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    return {"user_version": version, "sqlite_master": [list(r) for r in rows]}


async def _made_up_to(path: Path, last: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file as the start-up runner leaves it when its list of migrations ends at `last`."""
    with monkeypatch.context() as patch:
        patch.setattr(runner, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= last])
        db = await Database.open(path)
        await db.close()


async def test_a_fresh_file_at_v20_holds_the_recorded_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    await _made_up_to(tmp_path / "v20.db", 20, monkeypatch)
    schema = _schema(tmp_path / "v20.db")
    assert schema["user_version"] == RECORDED["user_version"] == 20
    assert schema["sqlite_master"] == RECORDED["sqlite_master"]


def test_each_migration_script_is_the_text_it_shipped_as() -> None:
    shipped = {int(v): digest for v, digest in RECORDED["scripts"].items()}
    now = {v: hashlib.sha256(script.encode()).hexdigest() for v, script in MIGRATIONS if v in shipped}
    assert [v for v, _ in MIGRATIONS][: len(shipped)] == list(range(1, len(shipped) + 1))  # same numbers, order
    assert now == shipped


@pytest.mark.parametrize("version", range(1, LATEST_VERSION))
async def test_a_file_made_at_an_older_version_ends_identical_to_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: int
) -> None:
    await _made_up_to(tmp_path / "old.db", version, monkeypatch)
    assert _schema(tmp_path / "old.db")["user_version"] == version
    await (await Database.open(tmp_path / "old.db")).close()
    await (await Database.open(tmp_path / "fresh.db")).close()
    assert _schema(tmp_path / "old.db") == _schema(tmp_path / "fresh.db")
