"""Use case: a checkpoint's own evaluation, stored when the checkpoint runs (SPEC §5).

The scheduler's checkpoint event calls `record` with the book it judges by; the export reads the
stored results back for milestones already closed. A re-run of the same checkpoint (after a crash)
keeps the first judgement; a milestone moved to a new due is judged again.
"""

from __future__ import annotations

from bot.domain.checkpoint import evaluate
from bot.domain.model import Milestone
from bot.domain.progress import ProgressBook
from bot.services.clock import Clock
from bot.services.warnings import record_steps
from bot.storage.checkpoints import CheckpointRepo, StoredCheckpoint
from bot.storage.codec import to_ts
from bot.storage.db import Database


class CheckpointService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def record(self, campaign_id: int, book: ProgressBook, milestone: Milestone) -> bool:
        """Store the evaluation of `milestone` by `book`; False when it was judged at this due already.
        The graduated warnings it causes are recorded in the same transaction (bot/services/warnings.py)."""
        results = evaluate(book, milestone)
        async with self.db.transaction() as conn:
            repo = CheckpointRepo(conn)
            if await repo.judged_due(campaign_id, milestone.percent) == to_ts(milestone.due):
                return False
            await repo.replace(campaign_id, milestone.percent, milestone.due, self.clock(), results)
            if book.campaign.warnings is not None:
                await record_steps(conn, book, campaign_id, milestone, self.clock())
        return True

    async def results(self, campaign_id: int) -> dict[int, StoredCheckpoint]:
        """The stored evaluations, by milestone percent (a milestone not yet judged is absent)."""
        return await CheckpointRepo(self.db.reader).results(campaign_id)
