"""/undo finds what its sender sent by index seeks only (bot/storage/undos.py): their own reports through an
index led by (campaign, member) — `reports_progress`, or `reports_steps` (v19), as the planner likes —
what they typed for others through `reports_entered` (migration v17) — never a scan of the campaign's
ledger, however large the county's campaign grows."""

from __future__ import annotations

import re

from bot.storage.db import Database
from bot.storage.undos import ENTERED_BY_OTHERS, SENT_BY


async def plan(db: Database, sql: str) -> list[str]:
    rows = await db.reader.execute_fetchall("EXPLAIN QUERY PLAN " + sql, {"campaign": 1, "member": 2})
    return [str(r[3]) for r in rows]


def by_member(steps: list[str]) -> bool:
    """A seek down one of the ledger's indexes led by (campaign, member)."""
    return any(
        re.fullmatch(r"SEARCH r USING (COVERING )?INDEX reports_\w+ \(campaign_id=\? AND member_id=\?.*\)", s)
        for s in steps
    )


def scans(steps: list[str]) -> list[str]:
    """Steps that read the ledger table itself from end to end (a SCAN of it, or a seek on the campaign alone)."""
    return [s for s in steps if re.match(r"SCAN (r|c|reports)\b", s) or s.endswith("(campaign_id=?)")]


async def test_what_a_member_sent_is_found_by_two_seeks(db: Database) -> None:
    steps = await plan(db, SENT_BY)
    assert by_member(steps)  # their own
    assert "SEARCH r USING INDEX reports_entered (campaign_id=? AND entered_by=?)" in steps  # typed for others
    assert scans(steps) == []


async def test_an_entry_someone_else_typed_for_a_member_is_found_by_a_seek(db: Database) -> None:
    steps = await plan(db, ENTERED_BY_OTHERS)
    assert by_member(steps)
    assert scans(steps) == []
