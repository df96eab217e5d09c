"""The export streams a campaign's ledger in id order, a batch at a time (LedgerReads.iterate): each batch
must start where the last one stopped, not sort the whole campaign again — with the campaign's index
chosen, a million-row export read every row once per 5,000 (quadratic; minutes instead of seconds)."""

from __future__ import annotations

from bot.storage.db import Database
from bot.storage.ledger_reads import LEDGER_BATCH_SQL

from .conftest import seed


async def test_a_ledger_batch_starts_at_its_id_without_sorting_the_campaign(db: Database) -> None:
    cid, _ = await seed(db)
    plan = await db.reader.execute_fetchall(f"EXPLAIN QUERY PLAN {LEDGER_BATCH_SQL}", (cid, 0, 5000))
    steps = [str(r[3]) for r in plan]
    assert steps == ["SEARCH reports USING INTEGER PRIMARY KEY (rowid>?)"]
