"""A member-task's sums — every report's acknowledgement reads its member's in the report's own write, and
the ledger's path of a progress book the campaign's — are read down `reports_progress` alone (migration
v20): the recent sums' one day rule (`work_date`, `counted_at`) and the latest report sent, typed-and-taken-
back entries left out, need no row of the ledger looked up in the table but a corrected one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.storage.book_reads import aggregates_query
from bot.storage.db import Database


@pytest.mark.parametrize("member", [2, None])
async def test_the_sums_and_moments_are_read_down_covering_index_ranges(db: Database, member: int | None) -> None:
    sql, params = aggregates_query(1, datetime(2026, 11, 20, tzinfo=UTC), member)
    plan = [str(r[3]) for r in await db.reader.execute_fetchall(f"EXPLAIN QUERY PLAN {sql}", params)]
    ledger = [step for step in plan if step.startswith(("SEARCH reports ", "SEARCH r ", "SCAN reports", "SCAN r "))]
    assert ledger, plan
    assert all("USING COVERING INDEX reports_progress" in step for step in ledger), plan
