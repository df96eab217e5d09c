"""Checkpoint results: a checkpoint's own evaluation, stored when it runs (SPEC §5; bot/domain/checkpoint.py).
One row per (campaign, milestone percent, assignee, task)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import aiosqlite

from bot.domain.checkpoint import TaskResult
from bot.domain.model import Assignee, AssigneeKind
from bot.storage.codec import from_ts, to_ts


@dataclass(frozen=True, slots=True)
class StoredCheckpoint:
    """One milestone's stored evaluation and the due it was judged at."""

    due_at: datetime
    results: list[TaskResult] = field(default_factory=list)


class CheckpointRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def judged_due(self, campaign_id: int, percent: int) -> int | None:
        """The due (unix seconds) the stored evaluation of this milestone was judged at; None if none is."""
        async with self.conn.execute(
            "SELECT MAX(due_at) FROM checkpoint_results WHERE campaign_id = ? AND percent = ?", (campaign_id, percent)
        ) as cur:
            row = await cur.fetchone()
        return None if row is None or row[0] is None else int(row[0])

    async def replace(
        self, campaign_id: int, percent: int, due: datetime, at: datetime, results: Sequence[TaskResult]
    ) -> None:
        await self.conn.execute(
            "DELETE FROM checkpoint_results WHERE campaign_id = ? AND percent = ?", (campaign_id, percent)
        )
        await self.conn.executemany(
            "INSERT INTO checkpoint_results (campaign_id, percent, assignee_kind, assignee_key, task, done, target, "
            "met, due_at, evaluated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    campaign_id,
                    percent,
                    r.assignee.kind.value,
                    r.assignee.key,
                    r.task,
                    r.done,
                    r.target,
                    int(r.met),
                    to_ts(due),
                    to_ts(at),
                )
                for r in results
            ],
        )

    async def results(self, campaign_id: int) -> dict[int, StoredCheckpoint]:
        """Every stored evaluation of the campaign, by milestone percent."""
        out: dict[int, StoredCheckpoint] = {}
        async with self.conn.execute(
            "SELECT percent, assignee_kind, assignee_key, task, done, target, due_at FROM checkpoint_results "
            "WHERE campaign_id = ? ORDER BY percent, assignee_kind, assignee_key, task",
            (campaign_id,),
        ) as cur:
            async for percent, kind, key, task, done, target, due_at in cur:
                stored = out.setdefault(int(percent), StoredCheckpoint(from_ts(int(due_at))))
                stored.results.append(
                    TaskResult(Assignee(AssigneeKind(kind), str(key)), str(task), int(done), int(target))
                )
        return out
