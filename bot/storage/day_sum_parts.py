"""Per member-task parts of the day sums' reads (bot/storage/day_sums.py), for the sums a process keeps
between a county's digests (bot/services/kept_book.py, kept_backlog.py): each member-task's ledger mark,
and the parts of its review backlog, for every member or only for those whose mark moved."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import aiosqlite

Key = tuple[int, str]  # member id, task


@dataclass(frozen=True, slots=True)
class BacklogParts:
    """Per member-task, its live reports awaiting review: all of them, those sent on whole days before
    the boundary day, and the sending times of those sent on the boundary day itself (what is overdue of
    that day depends on the moment asked)."""

    every: dict[Key, int] = field(default_factory=dict)
    earlier: dict[Key, int] = field(default_factory=dict)
    on_boundary: dict[Key, list[int]] = field(default_factory=dict)


class DaySumParts:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def marks(self, campaign_id: int) -> dict[Key, int]:
        """Per member-task of the campaign, the count of writes to its ledger rows (migration v13's
        task_marks, moved in every writing transaction): a member-task whose count is the one a kept
        sum was read at has the same sums. Its corrections are its own rows: an edit or an undo writes
        them for the corrected entry's member and task (bot/services/recording.py, undoing.py)."""
        rows = await self.conn.execute_fetchall(
            "SELECT member_id, task, version FROM task_marks WHERE campaign_id = ?", (campaign_id,)
        )
        return {(int(m), str(t)): int(v) for m, t, v in rows}

    async def backlog(
        self, campaign_id: int, offset_seconds: int, boundary: int, members: Sequence[int] | None = None
    ) -> BacklogParts:
        """The backlog's parts (BacklogParts) with `boundary` the sent day (days since the epoch at the
        offset) holding the overdue cut, of `members` only when given: whole sent days from the kept sums;
        the boundary day's pending entries from the reporting index, only for the member-tasks with a
        pending entry that day (DaySumRepo.backlogs' reads, per member-task). The caller reads in one
        snapshot."""
        only = "" if members is None else " AND member_id IN (SELECT value FROM json_each(?3))"
        chosen = () if members is None else (json.dumps(list(members)),)
        out = BacklogParts()
        rows = await self.conn.execute_fetchall(
            "SELECT member_id, task, SUM(entries), SUM(CASE WHEN sent < ?2 THEN entries ELSE 0 END) FROM day_sums "
            f"WHERE campaign_id = ?1 AND status = 'reported' AND live = 1{only} GROUP BY member_id, task",
            (campaign_id, boundary, *chosen),
        )
        for member, task, n, m in rows:
            if n:
                out.every[int(member), str(task)] = int(n)
            if m:
                out.earlier[int(member), str(task)] = int(m)
        rows = await self.conn.execute_fetchall(
            "SELECT r.member_id, r.task, r.created_at FROM (SELECT DISTINCT member_id, task FROM day_sums "
            f"WHERE campaign_id = ?1 AND status = 'reported' AND live = 1 AND sent = ?2 AND entries > 0{only}) k "
            "CROSS JOIN reports r INDEXED BY reports_progress WHERE r.campaign_id = ?1 "
            "AND r.member_id = k.member_id AND r.task = k.task AND r.status = 'reported' "
            "AND r.created_at >= ?4 AND r.created_at < ?5 AND r.source != 'correction' "
            "AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id)",
            (campaign_id, boundary, *(chosen or ("[]",)), boundary * 86_400 - offset_seconds,
             (boundary + 1) * 86_400 - offset_seconds),
        )  # fmt: skip
        for member, task, at in rows:
            out.on_boundary.setdefault((int(member), str(task)), []).append(int(at))
        return out
