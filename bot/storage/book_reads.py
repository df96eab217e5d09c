"""What a progress book reads of the ledger per (member, task): the sums, when the member last sent a
report, and the counted steps the ranking's tie-break is found on (bot/domain/reaching.py). The ledger's
statement (`aggregates_query`, LedgerReads.aggregates and a typed report's one-trip write) and the day
sums' (bot/storage/day_sums.py DaySumRepo.book) seek the moment with the same SQL (`moments_sql`), and
read the steps with the same statement (`counted_steps`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.reaching import NO_STEPS, Steps
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
    # The steps of the sum that counts (the reader says which: bot/domain/counting.py), the ranking's
    # tie-break is found on: NO_STEPS where the reader needs none (a report's acknowledgement).
    steps: Steps = NO_STEPS


# An entry someone else typed for the member (/report_for) and took back — typed for the wrong namesake,
# say — is no report of theirs: they sent nothing. Asked of corrected entries only (the conjunction stops
# at the first term), and the typist looked up by id, so the seeks below stay covering.
TYPED_AND_TAKEN_BACK = (
    "(EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = {r}.id) "
    "AND (SELECT e.entered_by FROM reports e WHERE e.id = {r}.id) IS NOT NULL)"
)


def _latest(status: str) -> str:
    """When the member last sent a report of the grouped member-task (`g`) with `status` — no correction,
    nor an entry typed for them and taken back — by the moment that dates it (the one day rule: an edit's
    new revision dates itself by its message's first entry, a confirmed report by when it was sent,
    `counted_at`), only when `g` has entries of the status (`g.<status>_n`). Two covering seeks down
    `reports_progress` (migrations v16, v20): the latest entry dated by when it was written; and, of the
    few written after it, the latest `counted_at` — which is never later than the entry's own writing,
    so nothing written before the first can be later."""
    where = (
        "FROM reports r INDEXED BY reports_progress WHERE r.campaign_id = ?1 AND r.member_id = g.member_id "
        f"AND r.task = g.task AND r.status = '{status}' AND r.source != 'correction' "
        f"AND NOT {TYPED_AND_TAKEN_BACK.format(r='r')}"
    )
    written = f"(SELECT r.created_at {where} AND r.counted_at IS NULL ORDER BY r.created_at DESC LIMIT 1)"
    dated = f"(SELECT MAX(r.counted_at) {where} AND r.counted_at IS NOT NULL AND r.created_at > COALESCE({written}, 0))"
    return f"CASE WHEN g.{status}_n THEN NULLIF(MAX(COALESCE({written}, 0), COALESCE({dated}, 0)), 0) END"


_STATUSES = ("reported", "verified", "rejected")


def moments_sql() -> str:
    """When a member-task `g` (campaign ?1) last sent a report, after its sums in both the ledger's and
    the day sums' statement: each status's latest (three columns, `sent_moment` reads them). `g` counts
    its entries of each status (`status_counts`), so a status it has none of costs no seek."""
    return ", ".join(_latest(s) for s in _STATUSES)


def status_counts(entries: str) -> str:
    """`g`'s columns `moments_sql` reads: how many entries of each status (`entries` summed per row)."""
    return ", ".join(f"SUM(CASE WHEN status = '{s}' THEN {entries} ELSE 0 END) AS {s}_n" for s in _STATUSES)


def sent_moment(r: Sequence[int | None]) -> datetime | None:
    """`moments_sql`'s three columns as the latest report sent. A county's book reads one such row per
    member-task: the latest is taken on the integers, and only it made a datetime."""
    sent = max((t for t in r if t is not None), default=None)
    return None if sent is None else datetime.fromtimestamp(sent, _UTC)


_UTC = ZoneInfo("UTC")  # what from_ts gives


MEMBERS_ONLY = " AND member_id IN (SELECT value FROM json_each(?2))"  # a kept book's moved members


def steps_sql(verified_only: bool, only: str = "") -> str:
    """Per member-task, its counted entries' moments and deltas in time order, down one index range
    (migration v19): every entry not rejected, from when it was sent — or, `verified_only`, every
    verified one from when it was verified (a verification with no time recorded, never through the bot,
    and a verified entry's correction: from when it was written)."""
    moment, index, status = (
        ("COALESCE(verified_at, created_at)", "reports_verified_steps", "status = 'verified'")
        if verified_only
        else ("created_at", "reports_steps", "status != 'rejected'")
    )
    return (
        f"SELECT member_id, task, group_concat({moment}), group_concat(delta) FROM reports INDEXED BY {index} "
        f"WHERE campaign_id = ?1 AND {status}{only} GROUP BY member_id, task"
    )


async def counted_steps(
    conn: aiosqlite.Connection, campaign_id: int, members: Sequence[int] | None, *, verified_only: bool
) -> dict[tuple[int, str], Steps]:
    """Per (member, task) — of `members` only, when given — the steps of the sum that counts: the same
    statement on the ledger's path and the day sums'. One grouped read, two lists of integers a
    member-task, made steps only when looked at (Steps)."""
    only = "" if members is None else MEMBERS_ONLY
    params: tuple[object, ...] = (campaign_id,) if members is None else (campaign_id, json.dumps(list(members)))
    rows = await conn.execute_fetchall(steps_sql(verified_only, only), params)
    return {(int(m), str(t)): Steps(raw=(str(at), str(net))) for m, t, at, net in rows}


# An entry's part of the recent sums (the at-risk rule's last working days): counted on a day from the
# window's first on, by the one day rule (README) — the day it names, else the day of the moment that dates
# it (`counted_at`: a correction's, an undated edit's, is its original's), so fixing an old slip today is
# no work undone today. ?2: the window's first local midnight; ?3: that day.
RECENT = "(CASE WHEN work_date IS NOT NULL THEN work_date >= ?3 ELSE COALESCE(counted_at, created_at) >= ?2 END)"


def aggregates_query(campaign_id: int, since: datetime, member_id: int | None) -> tuple[str, tuple[object, ...]]:
    """LedgerReads.aggregates()'s statement, also run inside a typed report's one-trip write. The recent
    sums are those counted on `since`'s day or later (in `since`'s zone: the campaign's)."""
    member_clause = " AND member_id = ?4" if member_id is not None else ""
    day = since.date()
    midnight = datetime.combine(day, time(), since.tzinfo)
    params: tuple[object, ...] = (campaign_id, to_ts(midnight), day.isoformat())
    params += (member_id,) if member_id is not None else ()
    sql = (
        f"SELECT g.*, {moments_sql()} FROM (SELECT member_id, task, SUM(CASE WHEN status != 'rejected' "
        f"THEN delta ELSE 0 END), SUM(CASE WHEN status != 'rejected' AND {RECENT} THEN delta ELSE 0 END), "
        "SUM(CASE WHEN status = 'verified' THEN delta ELSE 0 END), "
        f"SUM(CASE WHEN status = 'verified' AND {RECENT} THEN delta ELSE 0 END), {status_counts('1')} "
        f"FROM reports WHERE campaign_id = ?1{member_clause} GROUP BY member_id, task) g"
    )
    return sql, params


def aggregate(r: sqlite3.Row, steps: Steps = NO_STEPS) -> Aggregate:
    """A row of `aggregates_query`, with the member-task's `steps` when read."""
    return Aggregate(r[0], r[1], int(r[2]), int(r[3]), sent_moment(r[9:12]), int(r[4]), int(r[5]), steps)
