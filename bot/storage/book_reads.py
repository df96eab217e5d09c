"""What a progress book reads of the ledger per (member, task): the sums, and the moments — when the
member last sent a report, when the sum that counts reached what it is. The ledger's statement
(`aggregates_query`, LedgerReads.aggregates and a typed report's one-trip write) and the day sums'
(bot/storage/day_sums.py DaySumRepo.book) seek the moments with the same SQL (`moments_sql`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.storage.codec import to_ts


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
