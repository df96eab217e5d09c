"""What the anomaly rules read beyond the day sums the ledger's writes keep (bot/storage/day_sums.py):
the same inputs bot/storage/signals.py groups from the whole ledger, from members × days plus the few
entries the pending ones point at."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from bot.domain.anomalies import LAST_WINDOW, ROUND_BASE, Entry
from bot.domain.pending_flags import Slice, TaskDays
from bot.storage.day_sums import DaySumRepo, sent_day, window_start
from bot.storage.signals import _DAY, _LIVE, _Days


class KeptSignalRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def kept(
        self,
        campaign_id: int,
        offset_seconds: int,
        checkpoints: Sequence[datetime],
        pending: Sequence[Entry],
        member_ids: Sequence[int] | None = None,
        with_peers: bool = True,
    ) -> tuple[list[TaskDays], list[Slice], dict[str, list[int]] | None]:
        """What `slices` gives the pending entries' rules, from the day sums kept by the ledger's writes
        (bot/storage/day_sums.py, built at `offset_seconds`) instead of every entry: each member-task's
        days (TaskDays; of `member_ids` only, with every member's day totals per task for the peers),
        and slices that add the only parts the rules read beyond those: the rounds of
        the pending round numbers' member-tasks, and each checkpoint's sums for the member-tasks with a
        pending entry inside its last 24 h (another member-task's are left at zero: never read)."""
        dues = [int(due.timestamp()) for due in checkpoints]
        sums = DaySumRepo(self.conn)
        summed = await sums.task_days(campaign_id, member_ids)
        peers = None if member_ids is None or not with_peers else await sums.peer_days(campaign_id)
        rounds = {
            (e.member_id, e.task, e.delta) for e in pending if e.delta >= ROUND_BASE and e.delta % ROUND_BASE == 0
        }
        windows = {
            (e.member_id, e.task, i)
            for e in pending
            for i, due in enumerate(checkpoints)
            if due - LAST_WINDOW < e.at <= due
        }
        found = await self._rounds(campaign_id, offset_seconds, sorted(rounds), len(dues))
        found += await self._windows(campaign_id, offset_seconds, sorted(windows), dues)
        return summed, found, peers

    async def _rounds(
        self, campaign_id: int, offset_seconds: int, needs: Sequence[tuple[int, str, int]], n: int
    ) -> list[Slice]:
        """Per (member, task, round number) asked, on which days it was reported live, how many times."""
        if not needs:
            return []
        rows = await self.conn.execute_fetchall(
            f"SELECT r.member_id, r.task, r.delta, {_DAY} AS day, COUNT(*) "
            "FROM json_each(?) j CROSS JOIN reports r INDEXED BY reports_progress "
            "WHERE r.member_id = json_extract(j.value, '$[0]') AND r.task = json_extract(j.value, '$[1]') "
            f"AND r.delta = json_extract(j.value, '$[2]') AND {_LIVE} GROUP BY r.member_id, r.task, r.delta, day",
            [offset_seconds, json.dumps(needs), campaign_id],
        )
        days, none = _Days(), tuple(0 for _ in range(n))
        out = []
        for member, task, value, day, times in rows:
            when = days(day)
            sent = (when - sent_day(0)).days
            out.append(Slice(member, task, when, sent, 0, 0, 0, ((value, times),), none, none))
        return out

    async def _windows(
        self, campaign_id: int, offset_seconds: int, needs: Sequence[tuple[int, str, int]], dues: Sequence[int]
    ) -> list[Slice]:
        """Per (member, task, checkpoint) asked, the live entries sent from the first second of the sent
        day holding due − 24 h up to due (what DaySumRepo.slices leaves out of `upto`), and of them those
        after due − 24 h (`late`)."""
        if not needs:
            return []
        keys = [[m, t, *window_start(dues[i], offset_seconds), dues[i], dues[i] - 86_400] for m, t, i in needs]
        rows = await self.conn.execute_fetchall(
            "SELECT j.key, SUM(r.delta), SUM(CASE WHEN r.created_at > json_extract(j.value, '$[5]') THEN r.delta "
            "ELSE 0 END), (SELECT SUM(total) FROM day_sums WHERE campaign_id = ? "
            "AND member_id = json_extract(j.value, '$[0]') AND task = json_extract(j.value, '$[1]') "
            "AND sent < json_extract(j.value, '$[2]') AND live = 1 AND status != 'rejected') "
            "FROM json_each(?) j CROSS JOIN reports r INDEXED BY reports_progress "
            "WHERE r.member_id = json_extract(j.value, '$[0]') AND r.task = json_extract(j.value, '$[1]') "
            "AND r.created_at >= json_extract(j.value, '$[3]') AND r.created_at <= json_extract(j.value, '$[4]') "
            f"AND {_LIVE} GROUP BY j.key",
            [campaign_id, json.dumps(keys), campaign_id],
        )
        out = []
        for key, upto, late, before in rows:
            member, task, i = needs[key]
            sent = window_start(dues[i], offset_seconds)[0]
            ups = tuple(int(upto) + int(before or 0) if k == i else 0 for k in range(len(dues)))
            lates = tuple(int(late) if k == i else 0 for k in range(len(dues)))
            out.append(Slice(member, task, sent_day(sent), sent, 0, 0, 0, (), ups, lates))
        return out
