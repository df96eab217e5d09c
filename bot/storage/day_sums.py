"""The ledger's day sums (migration v12, bot/storage/migration_v12.py): per member, task, counted day,
sent day, status and liveness, kept by triggers in the transaction of every ledger write. Reads that
scale with members × days instead of ledger rows: the forecast's sums and the anomaly rules' day totals.

A campaign's sums exist once built at the offset its readers take the local day at (`build`, in the
caller's write transaction: one grouped statement over its ledger); a reader first asks `zone()` and
takes the ledger's own path while the sums are missing or were taken at another offset.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import aiosqlite

from bot.domain.forecast import Sums
from bot.domain.reaching import NO_STEPS
from bot.storage.book_reads import Aggregate, counted_steps, moments_sql, sent_moment, status_counts
from bot.storage.codec import to_ts

# Every key and sum of a campaign's day sums, as `build` computes them from the ledger: the definition
# the triggers keep to (tests/storage/test_day_sums.py compares the two after random writes).
_FRESH = (
    "SELECT r.member_id, r.task, "
    "COALESCE(r.work_date, date(COALESCE(r.counted_at, r.created_at) + :offset, 'unixepoch')) AS day, "
    "(r.created_at + :offset) / 86400 AS sent, r.status, (r.source != 'correction' AND NOT EXISTS "
    "(SELECT 1 FROM reports c WHERE c.corrects_id = r.id)) AS live, SUM(r.delta), COUNT(*), SUM(r.delta < 0) "
    "FROM reports r WHERE r.campaign_id = :campaign GROUP BY r.member_id, r.task, day, sent, r.status, live"
)


_LIVE = "live = 1 AND status != 'rejected' AND entries != 0"  # the anomaly rules' live entries


@dataclass(frozen=True, slots=True)
class Zone:
    """The offset a campaign's day sums are taken at, and its ledger's version (grows with every write)."""

    offset_seconds: int
    version: int


Window = tuple[date, date, bool]  # the forecast's window: its first day, today, verified entries only


@dataclass(frozen=True, slots=True)
class BookSums:
    """A whole campaign's book sums (ReportRepo.aggregates) and, when asked, the forecast's window sums
    (DaySumRepo.window_sums), read in one pass over the day sums."""

    aggregates: list[Aggregate]
    window: dict[int, dict[str, Sums]] | None = None


class DaySumRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def zone(self, campaign_id: int) -> Zone | None:
        rows = await self.conn.execute_fetchall(
            "SELECT offset_seconds, version FROM day_sum_zones WHERE campaign_id = ?", (campaign_id,)
        )
        return next((Zone(int(r[0]), int(r[1])) for r in rows), None)

    async def build(self, campaign_id: int, offset_seconds: int) -> None:
        """(Re)compute the campaign's sums at `offset_seconds`; from then on the triggers keep them.
        The version grows, so nothing derived from the sums taken at another offset is served again."""
        await self.conn.execute("DELETE FROM day_sums WHERE campaign_id = ?", (campaign_id,))
        await self.conn.execute(
            "INSERT INTO day_sum_zones (campaign_id, offset_seconds) VALUES (?, ?) ON CONFLICT DO UPDATE "
            "SET offset_seconds = excluded.offset_seconds, version = version + 1",
            (campaign_id, offset_seconds),
        )
        await self.conn.execute(
            "INSERT INTO day_sums (campaign_id, member_id, task, day, sent, status, live, total, entries, negatives) "
            f"SELECT :campaign, * FROM ({_FRESH})",
            {"campaign": campaign_id, "offset": offset_seconds},
        )

    async def rows(self, campaign_id: int) -> set[tuple[object, ...]]:
        """Every kept row with entries (for checks): member, task, day, sent, status, live, total, entries,
        negatives."""
        rows = await self.conn.execute_fetchall(
            "SELECT member_id, task, day, sent, status, live, total, entries, negatives FROM day_sums "
            "WHERE campaign_id = ? AND entries != 0",
            (campaign_id,),
        )
        return {tuple(r) for r in rows}

    async def fresh(self, campaign_id: int, offset_seconds: int) -> set[tuple[object, ...]]:
        """The same rows computed from the ledger now (what `rows` must equal)."""
        rows = await self.conn.execute_fetchall(_FRESH, {"campaign": campaign_id, "offset": offset_seconds})
        return {tuple(r) for r in rows}

    async def pending_counts(self, campaign_id: int, offset_seconds: int, before: int | None = None) -> dict[int, int]:
        """What ReportRepo.pending_counts gives — per member, the live reports awaiting review, sent
        before `before` (unix seconds) when given — from the kept sums (`backlogs`)."""
        every, earlier = await self.backlogs(campaign_id, offset_seconds, before)
        return every if before is None else earlier

    async def backlogs(
        self, campaign_id: int, offset_seconds: int, before: int | None
    ) -> tuple[dict[int, int], dict[int, int]]:
        """Per member, the live reports awaiting review, and those of them sent before `before` (unix
        seconds; None: all of them), from the kept sums in one pass: whole sent days from the sums; of
        the day holding `before`, only the member-tasks with a pending entry that day, each looked up in
        the reporting index. The caller reads in one snapshot."""
        every: dict[int, int] = {}
        earlier: dict[int, int] = {}
        boundary = None if before is None else (before + offset_seconds) // 86_400
        rows = await self.conn.execute_fetchall(
            "SELECT member_id, SUM(entries), SUM(CASE WHEN sent < ? THEN entries ELSE 0 END) FROM day_sums "
            "WHERE campaign_id = ? AND status = 'reported' AND live = 1 GROUP BY member_id",
            ((1 << 62) if boundary is None else boundary, campaign_id),
        )
        for member, n, m in rows:
            every[int(member)], earlier[int(member)] = int(n), int(m)
        if boundary is not None and before is not None:
            rows = await self.conn.execute_fetchall(
                "SELECT r.member_id, COUNT(*) FROM (SELECT DISTINCT member_id, task FROM day_sums "
                "WHERE campaign_id = ? AND status = 'reported' AND live = 1 AND sent = ? AND entries > 0) k "
                "CROSS JOIN reports r INDEXED BY reports_progress WHERE r.campaign_id = ? "
                "AND r.member_id = k.member_id AND r.task = k.task AND r.status = 'reported' "
                "AND r.created_at >= ? AND r.created_at < ? AND r.source != 'correction' "
                "AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id) GROUP BY r.member_id",
                (campaign_id, boundary, campaign_id, boundary * 86_400 - offset_seconds, before),
            )
            for member, n in rows:
                earlier[int(member)] = earlier.get(int(member), 0) + int(n)
        return {m: n for m, n in every.items() if n}, {m: n for m, n in earlier.items() if n}

    async def aggregates(
        self, campaign_id: int, offset_seconds: int, since: datetime, *, verified_only: bool = False
    ) -> list[Aggregate]:
        """What ReportRepo.aggregates gives for the whole campaign (`book` without a window)."""
        return (await self.book(campaign_id, offset_seconds, since, verified_only=verified_only)).aggregates

    async def book(
        self,
        campaign_id: int,
        offset_seconds: int,
        since: datetime,
        window: Window | None = None,
        members: Sequence[int] | None = None,
        *,
        verified_only: bool = False,
    ) -> BookSums:
        """What ReportRepo.aggregates gives for the whole campaign — per member-task with an entry:
        the reported and verified sums, their parts counted on `since`'s day or later (the one day rule,
        as the ledger's statement: book_reads.RECENT), the moments (Aggregate) — from the kept sums
        (members × days); when each member-task last reported and its counted steps (of the
        verified sum when `verified_only`) are the ledger's own statements' (`moments_sql`, a few index
        seeks per member-task; `counted_steps`). With a
        `window`, what `window_sums` gives for it too, from the same pass over the sums (a digest
        needs both). `members`: of those members only (a kept book's changed ones). The caller reads in
        one snapshot."""
        since_day = datetime.fromtimestamp(to_ts(since) + offset_seconds, UTC).date()
        first, today, window_verified = window or (date.min, date.min, False)
        counted = "status = 'verified'" if window_verified else "status != 'rejected'"
        only = "" if members is None else " AND member_id IN (SELECT value FROM json_each(?5))"
        chosen = () if members is None else (json.dumps(list(members)),)
        rows = await self.conn.execute_fetchall(
            f"SELECT g.*, {moments_sql()} FROM (SELECT member_id, task, "
            "SUM(CASE WHEN status != 'rejected' THEN total ELSE 0 END), "
            "SUM(CASE WHEN status != 'rejected' AND day >= ?2 THEN total ELSE 0 END), "
            "SUM(CASE WHEN status = 'verified' THEN total ELSE 0 END), "
            "SUM(CASE WHEN status = 'verified' AND day >= ?2 THEN total ELSE 0 END), "
            f"SUM(CASE WHEN {counted} THEN total ELSE 0 END), SUM(CASE WHEN {counted} AND day < ?3 THEN total "
            f"ELSE 0 END), SUM(CASE WHEN {counted} AND day >= ?4 AND day < ?3 THEN total ELSE 0 END), "
            f"{status_counts('entries')} FROM day_sums WHERE campaign_id = ?1{only} "
            "GROUP BY member_id, task "
            "HAVING SUM(entries) != 0) g",
            (campaign_id, since_day.isoformat(), today.isoformat(), first.isoformat(), *chosen),
        )
        found: dict[tuple[int, str], list[int]] = {}
        when: dict[tuple[int, str], datetime | None] = {}
        sums: dict[int, dict[str, Sums]] = {}
        for r in rows:
            member, task, total, recent, verified, verified_recent, done, before, days, pending, checked = r[:11]
            key = (int(member), str(task))
            found[key] = [int(total), int(recent), int(verified), int(verified_recent)]
            when[key] = sent_moment(r[12:15])
            if window is not None and (pending or checked):  # as window_sums: none of rejected entries only
                sums.setdefault(key[0], {})[key[1]] = Sums(int(done), int(before), int(days))
        steps = await counted_steps(self.conn, campaign_id, members, verified_only=verified_only)
        aggregates = [
            Aggregate(m, t, s[0], s[1], when[m, t], s[2], s[3], steps.get((m, t), NO_STEPS))
            for (m, t), s in found.items()
        ]
        return BookSums(aggregates, sums if window is not None else None)

    async def window_sums(
        self,
        campaign_id: int,
        window_first: date,
        today: date,
        *,
        verified_only: bool,
        members: Sequence[int] | None = None,
    ) -> dict[int, dict[str, Sums]]:
        """What SeriesRepo.window_sums gives, from the day sums (every entry of the status, live or not:
        corrections net out as in the ledger's sums): per member and task the sum of every day, of the
        days before today and of those from `window_first` to yesterday. A row whose entries all left
        (rejected since) names no member-task: the ledger's grouping has none for it either."""
        status = "status = 'verified'" if verified_only else "status != 'rejected'"
        member_clause = f" AND member_id IN ({', '.join('?' * len(members))})" if members is not None else ""
        rows = await self.conn.execute_fetchall(
            "SELECT member_id, task, SUM(total), SUM(CASE WHEN day < ? THEN total ELSE 0 END), "
            "SUM(CASE WHEN day >= ? AND day < ? THEN total ELSE 0 END) FROM day_sums "
            f"WHERE campaign_id = ? AND {status} AND entries != 0{member_clause} GROUP BY member_id, task",
            [today.isoformat(), window_first.isoformat(), today.isoformat(), campaign_id, *(members or ())],
        )
        out: dict[int, dict[str, Sums]] = {}
        for member, task, done, before_today, window in rows:
            out.setdefault(member, {})[task] = Sums(int(done), int(before_today), int(window))
        return out
