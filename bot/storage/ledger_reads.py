"""The report ledger's reads: a message's entries, the pending ones, the per-member sums, the whole
ledger in batches. The writes (and a typed report's one-trip write) are in bot/storage/ledger.py."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.model import ReportSource, ReportStatus
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
    )


@dataclass(frozen=True, slots=True)
class Aggregate:
    """Per (member, task), from every entry of the member's in the task (rejected ones add to no sum)."""

    member_id: int
    task: str
    total: int  # reported: every entry not rejected
    recent: int
    sent_at: datetime | None  # the latest report sent, whatever became of it (a correction is none)
    verified: int = 0  # of which verified
    verified_recent: int = 0
    # When the sum that counts (the reader says which: bot/domain/counting.py) reached what it is: its
    # latest live entry (no correction, not corrected since) — one not rejected, since it was sent; a
    # verified one, since it was verified.
    reached_at: datetime | None = None


def _latest(status: str, *, live: bool, verified: bool = False) -> str:
    """The latest entry of the grouped member-task (`g`) with `status`, no correction: one covering seek
    down an index (migration v16), stepping over entries corrected since when `live` — a few rows, not
    the member's whole ledger — and only when `g` has entries of the status (`g.<status>_n`). By when
    it was sent; `verified`: by when it was verified (one verified with no time recorded — never through
    the bot — ranks after those with one, counted from when it was sent)."""
    corrected = " AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id)" if live else ""
    column, index, order = (
        ("COALESCE(r.verified_at, r.created_at)", "reports_counted", "r.verified_at DESC, r.created_at DESC")
        if verified
        else ("r.created_at", "reports_progress", "r.created_at DESC")
    )
    # The latest live entry by when it was sent is the latest sent unless `g` may hold a corrected
    # one: only then is it sought (`moments` takes the sent one else).
    needed = f"g.{status}_dead" if live and not verified else f"g.{status}_n"
    return (
        f"CASE WHEN {needed} THEN (SELECT {column} FROM reports r INDEXED BY {index} WHERE r.campaign_id = ?1 "
        f"AND r.member_id = g.member_id AND r.task = g.task AND r.status = '{status}' AND r.source != 'correction'"
        f"{corrected} ORDER BY {order} LIMIT 1) END"
    )


_SENT = ", ".join(_latest(s, live=False) for s in ("reported", "verified", "rejected"))
_REACHED = ", ".join(_latest(s, live=True) for s in ("reported", "verified"))
_REACHED_VERIFIED = _latest("verified", live=True, verified=True) + ", NULL"


def moments_sql(verified_only: bool) -> str:
    """The moments of a member-task `g` (campaign ?1), after its sums in both the ledger's and the day
    sums' statement (seven columns, `moments` reads them): when it last sent a report (each status's
    latest), and when the sum that counts reached what it is — the reported sum: its latest live entry
    pending or verified; the verified sum (`verified_only`): its latest live verified entry's
    verification (`_latest`). `g` counts its entries of each status, and those of them that may be
    corrected (`status_counts`), so a status it has none of costs no seek."""
    return f"{_SENT}, {_REACHED_VERIFIED if verified_only else _REACHED}, g.reported_dead, g.verified_dead"


def status_counts(entries: str, dead: str) -> str:
    """`g`'s columns `moments_sql` reads: how many entries of each status (`entries` summed per row), and
    how many of the reported and verified ones may be corrected (`dead` true of their row)."""
    counts = [f"SUM(CASE WHEN status = '{s}' THEN {entries} ELSE 0 END) AS {s}_n" for s in _STATUSES]
    counts += [f"SUM(CASE WHEN status = '{s}' AND {dead} THEN {entries} ELSE 0 END) AS {s}_dead" for s in _STATUSES[:2]]
    return ", ".join(counts)


_STATUSES = ("reported", "verified", "rejected")


def moments(r: Sequence[int | None], verified_only: bool) -> tuple[datetime | None, datetime | None]:
    """`moments_sql`'s seven columns as (sent_at, reached_at). A county's book reads one such row per
    member-task: the latest is taken on the integers, and only it made a datetime."""
    sent = _latest_of(r[0], r[1], r[2])
    reached = r[3] if verified_only else _latest_of(r[3] if r[5] else r[0], r[4] if r[6] else r[1])
    return (
        None if sent is None else datetime.fromtimestamp(sent, _UTC),
        None if reached is None else datetime.fromtimestamp(reached, _UTC),
    )


def _latest_of(*seconds: int | None) -> int | None:
    latest = None
    for t in seconds:
        if t is not None and (latest is None or t > latest):
            latest = t
    return latest


_UTC = ZoneInfo("UTC")  # what from_ts gives


def aggregates_query(
    campaign_id: int, since: datetime, member_id: int | None, *, verified_only: bool = False
) -> tuple[str, tuple[int, ...]]:
    """LedgerReads.aggregates()'s statement, also run inside a typed report's one-trip write."""
    member_clause = " AND member_id = ?3" if member_id is not None else ""
    params: tuple[int, ...] = (campaign_id, to_ts(since)) + ((member_id,) if member_id is not None else ())
    sql = (
        f"SELECT g.*, {moments_sql(verified_only)} FROM (SELECT member_id, task, SUM(CASE WHEN status != 'rejected' "
        "THEN delta ELSE 0 END), SUM(CASE WHEN status != 'rejected' AND created_at >= ?2 THEN delta ELSE 0 END), "
        "SUM(CASE WHEN status = 'verified' THEN delta ELSE 0 END), "
        f"SUM(CASE WHEN status = 'verified' AND created_at >= ?2 THEN delta ELSE 0 END), {status_counts('1', '1')} "
        f"FROM reports WHERE campaign_id = ?1{member_clause} GROUP BY member_id, task) g"
    )
    return sql, params


def aggregate(r: sqlite3.Row, verified_only: bool = False) -> Aggregate:
    """A row of `aggregates_query` (the ledger's grouping cannot tell a corrected entry: it always seeks)."""
    sent, reached = moments(r[11:18], verified_only)
    return Aggregate(r[0], r[1], int(r[2]), int(r[3]), sent, int(r[4]), int(r[5]), reached)


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
        self, campaign_id: int, since: datetime, *, member_id: int | None = None, verified_only: bool = False
    ) -> list[Aggregate]:
        """Per (member, task) with an entry: reported total (not rejected) and its part since `since`,
        the same two sums of verified entries, and the moments (Aggregate), `reached_at` of the verified
        sum when `verified_only`. Which of them counts is the domain's rule."""
        sql, params = aggregates_query(campaign_id, since, member_id, verified_only=verified_only)
        return [aggregate(r, verified_only) for r in await self.conn.execute_fetchall(sql, params)]

    async def last_reported(self, campaign_id: int) -> dict[int, datetime]:
        """Member id → when they last sent a report in the campaign (whatever became of it: a rejected
        report was still sent). A correction is no report: undoing one is not reporting."""
        rows = await self.conn.execute_fetchall(
            "SELECT member_id, MAX(created_at) FROM reports WHERE campaign_id = ? AND source != 'correction' "
            "GROUP BY member_id",
            (campaign_id,),
        )
        return {int(r[0]): from_ts(r[1]) for r in rows}

    async def iterate(self, campaign_id: int, batch: int = 5000) -> AsyncIterator[ReportRow]:
        """Stream the whole ledger in id order without loading it into memory (export)."""
        last = 0
        while True:
            async with self.conn.execute(
                "SELECT * FROM reports WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT ?",
                (campaign_id, last, batch),
            ) as cur:
                rows = list(await cur.fetchall())
            if not rows:
                return
            for r in rows:
                yield _row(r)
            last = rows[-1]["id"]
