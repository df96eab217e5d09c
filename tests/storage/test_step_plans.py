"""The counted steps the ranking's tie-break is found on (bot/storage/book_reads.py counted_steps) are
read down one covering index range per member-task, in time order (migration v19): no row of the ledger
looked up in the table, nothing sorted — a county's million entries cost one pass."""

from __future__ import annotations

import pytest

from bot.storage.book_reads import MEMBERS_ONLY, steps_sql
from bot.storage.db import Database


@pytest.mark.parametrize(("verified_only", "index"), [(False, "reports_steps"), (True, "reports_verified_steps")])
@pytest.mark.parametrize("only", ["", MEMBERS_ONLY])
async def test_the_steps_are_read_down_a_covering_index_unsorted(
    db: Database, verified_only: bool, index: str, only: str
) -> None:
    params: tuple[object, ...] = (1,) if not only else (1, "[1, 2]")
    plan = [
        str(r[3])
        for r in await db.reader.execute_fetchall(f"EXPLAIN QUERY PLAN {steps_sql(verified_only, only)}", params)
    ]
    assert any(f"USING COVERING INDEX {index}" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
