"""核查 records (issue 11 §4): reconciliations and their rows (numbers only), the reported counts up to an
as-of date they are compared with, and the durable "/reconcile, then the file" intent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.domain.model import Assignee, AssigneeKind
from bot.domain.reconcile import Line
from bot.storage.codec import from_ts, to_ts


@dataclass(frozen=True, slots=True)
class Reconciliation:
    id: int
    campaign_id: int
    source: str
    as_of: date
    member_id: int | None  # who uploaded it; None: the operator (command line)
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Totals:
    """Per (member id, task), up to a day: reported (every entry not rejected) and verified."""

    reported: dict[tuple[int, str], int]
    verified: dict[tuple[int, str], int]


def _reconciliation(r: aiosqlite.Row) -> Reconciliation:
    return Reconciliation(
        r["id"], r["campaign_id"], r["source"], date.fromisoformat(r["as_of"]), r["member_id"], from_ts(r["created_at"])
    )


class ReconciliationRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def totals_until(self, campaign_id: int, day: date, day_end: datetime) -> Totals:
        """What was reported up to the end of `day`, each entry on the day it counts on (the one day rule,
        README): the day the work was done when the member named it, else by the moment it counts at
        (before `day_end`): a correction and an undated edit's new revision carry the entry that dates them."""
        rows = await self.conn.execute_fetchall(
            "SELECT member_id, task, SUM(delta), SUM(CASE WHEN status = 'verified' THEN delta ELSE 0 END) "
            # In the table's own order: the covering index lacks the days, and following it would look
            # every row up by a random jump (≈4× slower at a million rows, as signals.py found).
            "FROM reports NOT INDEXED WHERE campaign_id = ? AND status != 'rejected' AND ((work_date IS NOT NULL AND "
            "work_date <= ?) OR (work_date IS NULL AND COALESCE(counted_at, created_at) < ?)) GROUP BY member_id, task",
            (campaign_id, day.isoformat(), to_ts(day_end)),
        )
        reported = {(int(r[0]), str(r[1])): int(r[2]) for r in rows}
        verified = {(int(r[0]), str(r[1])): int(r[3]) for r in rows}
        return Totals(reported, verified)

    async def by_update(self, update_key: str) -> Reconciliation | None:
        async with self.conn.execute("SELECT * FROM reconciliations WHERE update_key = ?", (update_key,)) as cur:
            row = await cur.fetchone()
        return _reconciliation(row) if row else None

    async def add(
        self,
        campaign_id: int,
        source: str,
        as_of: date,
        member_id: int | None,
        now: datetime,
        update_key: str | None,
        lines: Iterable[Line],
    ) -> int:
        cur = await self.conn.execute(
            "INSERT INTO reconciliations (campaign_id, source, as_of, member_id, created_at, update_key) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (campaign_id, source, as_of.isoformat(), member_id, to_ts(now), update_key),
        )
        rid = cur.lastrowid
        assert rid is not None
        await self.conn.executemany(
            "INSERT INTO reconciliation_rows (reconciliation_id, position, assignee_kind, assignee_key, task, "
            "checked, reported, verified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (rid, i, ln.assignee.kind.value, ln.assignee.key, ln.task, ln.checked, ln.reported, ln.verified)
                for i, ln in enumerate(lines)
            ],
        )
        return rid

    async def lines(self, reconciliation_id: int) -> list[Line]:
        rows = await self.conn.execute_fetchall(
            "SELECT assignee_kind, assignee_key, task, checked, reported, verified FROM reconciliation_rows "
            "WHERE reconciliation_id = ? ORDER BY position",
            (reconciliation_id,),
        )
        return [Line(Assignee(AssigneeKind(r[0]), r[1]), r[2], r[3], r[4], r[5]) for r in rows]

    async def latest_rows(self, campaign_id: int) -> list[tuple[Reconciliation, Line]]:
        """Per (assignee, task), the row of the latest reconciliation that checked it."""
        rows = await self.conn.execute_fetchall(
            "SELECT c.*, r.assignee_kind, r.assignee_key, r.task, r.checked, r.reported, r.verified "
            "FROM reconciliation_rows r JOIN reconciliations c ON c.id = r.reconciliation_id "
            "WHERE c.campaign_id = ? AND c.id = (SELECT MAX(r2.reconciliation_id) FROM reconciliation_rows r2 "
            "JOIN reconciliations c2 ON c2.id = r2.reconciliation_id WHERE c2.campaign_id = c.campaign_id "
            "AND r2.assignee_kind = r.assignee_kind AND r2.assignee_key = r.assignee_key AND r2.task = r.task) "
            "ORDER BY c.id, r.position",
            (campaign_id,),
        )
        return [
            (
                _reconciliation(r),
                Line(
                    Assignee(AssigneeKind(r["assignee_kind"]), r["assignee_key"]),
                    r["task"],
                    r["checked"],
                    r["reported"],
                    r["verified"],
                ),
            )
            for r in rows
        ]

    # The intent: one per person; a newer /reconcile replaces it.
    async def intend(self, user_id: int, campaign_id: int, expires_at: datetime) -> None:
        await self.conn.execute(
            "INSERT INTO reconcile_intents (user_id, campaign_id, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET campaign_id = excluded.campaign_id, expires_at = excluded.expires_at",
            (user_id, campaign_id, to_ts(expires_at)),
        )

    async def intent(self, user_id: int, now: datetime) -> int | None:
        """The campaign of the person's open intent, None when there is none or it expired."""
        async with self.conn.execute(
            "SELECT campaign_id FROM reconcile_intents WHERE user_id = ? AND expires_at > ?", (user_id, to_ts(now))
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else None

    async def lapsed_intent(self, user_id: int, now: datetime) -> bool:
        """Whether the person's last /reconcile is still on record but expired (no file came in time)."""
        async with self.conn.execute(
            "SELECT 1 FROM reconcile_intents WHERE user_id = ? AND expires_at <= ?", (user_id, to_ts(now))
        ) as cur:
            return await cur.fetchone() is not None

    async def drop_intent(self, user_id: int) -> None:
        await self.conn.execute("DELETE FROM reconcile_intents WHERE user_id = ?", (user_id,))
