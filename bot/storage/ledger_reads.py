"""The report ledger's reads: a message's entries, the pending ones, the per-member sums (their
statement is bot/storage/book_reads.py's), the whole ledger in batches. The writes (and a typed
report's one-trip write) are in bot/storage/ledger.py."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.domain.model import ReportSource, ReportStatus
from bot.domain.reaching import NO_STEPS
from bot.storage.book_reads import TYPED_AND_TAKEN_BACK, Aggregate, aggregate, aggregates_query, counted_steps
from bot.storage.codec import from_ts, to_ts


@dataclass(frozen=True, slots=True)
class ReportRow:
    id: int
    campaign_id: int
    member_id: int
    task: str
    delta: int
    source: ReportSource
    chat_id: int | None
    message_id: int | None
    revision: int
    created_at: datetime
    status: ReportStatus
    verified_by: int | None
    corrects_id: int | None
    work_date: date | None = None  # the local day the member said the work was done; None: created_at's day
    entered_by: int | None = None  # the leader who reported it on the member's behalf (/report_for)
    # When the entry that dates this row was recorded (the one day rule, migration v18): a correction's is
    # the entry's it corrects, an undated edit revision's its message's first entry's; None: its own.
    counted_at: datetime | None = None


def _row(r: aiosqlite.Row) -> ReportRow:
    return ReportRow(
        id=r["id"],
        campaign_id=r["campaign_id"],
        member_id=r["member_id"],
        task=r["task"],
        delta=r["delta"],
        source=ReportSource(r["source"]),
        chat_id=r["chat_id"],
        message_id=r["message_id"],
        revision=r["revision"],
        created_at=from_ts(r["created_at"]),
        status=ReportStatus(r["status"]),
        verified_by=r["verified_by"],
        corrects_id=r["corrects_id"],
        work_date=date.fromisoformat(r["work_date"]) if r["work_date"] else None,
        entered_by=r["entered_by"],
        counted_at=from_ts(r["counted_at"]) if r["counted_at"] is not None else None,
    )


# A batch of the export's stream: from the last id on. `+campaign_id` keeps the planner off the campaign's
# indexes, which would sort the whole campaign again for every batch (quadratic); other campaigns' rows
# in the id range are skipped in passing.
LEDGER_BATCH_SQL = "SELECT * FROM reports WHERE +campaign_id = ? AND id > ? ORDER BY id LIMIT ?"


class LedgerReads:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def get(self, report_id: int) -> ReportRow | None:
        async with self.conn.execute("SELECT * FROM reports WHERE id = ?", (report_id,)) as cur:
            row = await cur.fetchone()
        return _row(row) if row else None

    async def by_message(self, chat_id: int, message_id: int) -> list[ReportRow]:
        """Live (uncorrected, non-correction) entries that came from one Telegram message."""
        rows = await self.conn.execute_fetchall(
            "SELECT r.* FROM reports r WHERE r.chat_id = ? AND r.message_id = ? AND r.source != 'correction' "
            "AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id) ORDER BY r.id",
            (chat_id, message_id),
        )
        return [_row(r) for r in rows]

    async def message_state(self, chat_id: int, message_id: int) -> tuple[int | None, list[ReportRow]]:
        """max_revision() and by_message() in one statement (one trip): the one-row aggregate is
        joined to the live entries, so it comes back even when there are none."""
        rows = await self.conn.execute_fetchall(
            "SELECT m.latest, r.* FROM (SELECT MAX(revision) AS latest FROM reports WHERE chat_id = ?1 "
            "AND message_id = ?2 AND source != 'correction') m LEFT JOIN reports r ON r.chat_id = ?1 "
            "AND r.message_id = ?2 AND r.source != 'correction' "
            "AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id) ORDER BY r.id",
            (chat_id, message_id),
        )
        rows = list(rows)
        latest = rows[0]["latest"] if rows else None
        return (None if latest is None else int(latest)), [_row(r) for r in rows if r["id"] is not None]

    async def reporters(self, chat_id: int, message_id: int) -> set[int]:
        """Members with an entry (live or corrected since) from one Telegram message."""
        async with self.conn.execute(
            "SELECT DISTINCT member_id FROM reports WHERE chat_id = ? AND message_id = ? AND source != 'correction'",
            (chat_id, message_id),
        ) as cur:
            return {int(r[0]) for r in await cur.fetchall()}

    async def max_revision(self, chat_id: int, message_id: int) -> int | None:
        rows = await self.conn.execute_fetchall(
            "SELECT MAX(revision) FROM reports WHERE chat_id = ? AND message_id = ? AND source != 'correction'",
            (chat_id, message_id),
        )
        return next((int(r[0]) for r in rows if r[0] is not None), None)

    async def pending(self, campaign_id: int, member_ids: Sequence[int], limit: int = 10) -> list[ReportRow]:
        marks = ",".join("?" * len(member_ids)) or "NULL"
        async with self.conn.execute(
            f"SELECT r.* FROM reports r WHERE r.campaign_id = ? AND r.status = 'reported' "
            f"AND r.source != 'correction' AND r.member_id IN ({marks}) "
            f"AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id) ORDER BY r.id LIMIT ?",
            (campaign_id, *member_ids, limit),
        ) as cur:
            return [_row(r) for r in await cur.fetchall()]

    async def pending_counts(self, campaign_id: int, before: datetime | None = None) -> dict[int, int]:
        """Reports awaiting review per member (those made before `before` only, when given): what
        /verify counts and a leader's digest calls the backlog. Same rows as pending()."""
        since_clause = " AND r.created_at < ?" if before is not None else ""
        params: tuple[int, ...] = (campaign_id,) + ((to_ts(before),) if before is not None else ())
        rows = await self.conn.execute_fetchall(
            "SELECT r.member_id, COUNT(*) FROM reports r WHERE r.campaign_id = ? AND r.status = 'reported' "
            f"AND r.source != 'correction'{since_clause} "
            "AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id) GROUP BY r.member_id",
            params,
        )
        return {int(r[0]): int(r[1]) for r in rows}

    async def aggregates(
        self,
        campaign_id: int,
        since: datetime,
        *,
        member_id: int | None = None,
        verified_only: bool = False,
        steps: bool = True,
    ) -> list[Aggregate]:
        """Per (member, task) with an entry: reported total (not rejected) and its part since `since`,
        the same two sums of verified entries, when the member last reported, and (`steps`) the steps of
        the sum that counts — the verified one when `verified_only` (Aggregate). Which sum counts is the
        domain's rule; an acknowledgement reads no steps (it ranks no one)."""
        sql, params = aggregates_query(campaign_id, since, member_id)
        rows = await self.conn.execute_fetchall(sql, params)
        found = (
            await counted_steps(
                self.conn, campaign_id, None if member_id is None else [member_id], verified_only=verified_only
            )
            if steps
            else {}
        )
        return [aggregate(r, found.get((int(r[0]), str(r[1])), NO_STEPS)) for r in rows]

    async def last_reported(self, campaign_id: int) -> dict[int, datetime]:
        """Member id → when they last sent a report in the campaign (whatever became of it: a rejected
        report was still sent). A correction is no report: undoing one is not reporting; nor is an entry
        typed for them and taken back (they sent nothing). By the moment that dates the entry (the one day
        rule): an edit of last week's message, or a report confirmed after midnight, is no report sent
        on the day of the edit or the confirmation."""
        rows = await self.conn.execute_fetchall(
            "SELECT member_id, MAX(COALESCE(counted_at, created_at)) FROM reports WHERE campaign_id = ? "
            "AND source != 'correction' "
            f"AND NOT {TYPED_AND_TAKEN_BACK.format(r='reports')} GROUP BY member_id",
            (campaign_id,),
        )
        return {int(r[0]): from_ts(r[1]) for r in rows}

    async def iterate(self, campaign_id: int, batch: int = 5000) -> AsyncIterator[ReportRow]:
        """Stream the whole ledger in id order without loading it into memory (export)."""
        last = 0
        while True:
            async with self.conn.execute(
                LEDGER_BATCH_SQL,
                (campaign_id, last, batch),
            ) as cur:
                rows = list(await cur.fetchall())
            if not rows:
                return
            for r in rows:
                yield _row(r)
            last = rows[-1]["id"]
