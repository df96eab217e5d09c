"""The notification outbox: one row per (campaign, kind, milestone, recipient, due date) key.

The row is claimed (committed) *before* the message is sent and completed with Telegram's
message id *after*, so a notification is sent at most once. A row still `claimed` after a crash
is `uncertain`: it may or may not have reached the user. It is never re-sent (that could send it
twice) and never dropped silently: it is listed in the leader's next digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.codec import from_ts, to_ts

STATES = ("claimed", "sent", "failed", "missed", "unreachable", "skipped", "uncertain")


@dataclass(frozen=True, slots=True)
class Notification:
    id: int
    key: str
    campaign_id: int
    kind: str
    milestone_percent: int | None
    recipient: str
    due_at: datetime
    state: str
    late: bool
    detail: str | None


def _row(r: aiosqlite.Row) -> Notification:
    return Notification(
        r["id"],
        r["key"],
        r["campaign_id"],
        r["kind"],
        r["milestone_percent"],
        r["recipient"],
        from_ts(r["due_at"]),
        r["state"],
        bool(r["late"]),
        r["detail"],
    )


class OutboxRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def claim(
        self,
        key: str,
        campaign_id: int,
        kind: str,
        milestone_percent: int | None,
        recipient: str,
        due_at: datetime,
        now: datetime,
        *,
        state: str = "claimed",
        late: bool = False,
        detail: str | None = None,
    ) -> int | None:
        """Insert the key; None when it exists already (sent, or being sent, by someone before)."""
        async with self.conn.execute(
            "INSERT INTO notifications (key, campaign_id, kind, milestone_percent, recipient, due_at, state, "
            "claimed_at, late, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING RETURNING id",
            (
                key,
                campaign_id,
                kind,
                milestone_percent,
                recipient,
                to_ts(due_at),
                state,
                to_ts(now),
                int(late),
                detail,
            ),
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else None

    async def exists(self, key: str) -> bool:
        async with self.conn.execute("SELECT 1 FROM notifications WHERE key = ?", (key,)) as cur:
            return await cur.fetchone() is not None

    async def finish(
        self,
        notification_id: int,
        state: str,
        now: datetime,
        *,
        message_id: int | None = None,
        detail: str | None = None,
    ) -> None:
        assert state in STATES
        await self.conn.execute(
            "UPDATE notifications SET state = ?, sent_at = ?, message_id = ?, detail = COALESCE(?, detail) "
            "WHERE id = ?",
            (state, to_ts(now), message_id, detail, notification_id),
        )

    async def mark_uncertain(self) -> int:
        """At start-up: rows claimed by a process that died before recording the outcome."""
        cur = await self.conn.execute("UPDATE notifications SET state = 'uncertain' WHERE state = 'claimed'")
        return cur.rowcount

    async def unreported_problems(self, campaign_id: int, leader_id: int) -> list[Notification]:
        """Missed, uncertain, failed and unreachable notifications this leader's digests have not listed
        (a whole event that failed is one row, recipient "all")."""
        async with self.conn.execute(
            "SELECT * FROM notifications n WHERE campaign_id = ? "
            "AND state IN ('missed', 'uncertain', 'failed', 'unreachable') AND reported = 0 "
            "AND NOT EXISTS (SELECT 1 FROM problem_reports r WHERE r.notification_id = n.id AND r.leader_id = ?) "
            "ORDER BY id",
            (campaign_id, leader_id),
        ) as cur:
            return [_row(r) for r in await cur.fetchall()]

    async def mark_reported(self, ids: list[int], leader_id: int) -> None:
        await self.conn.executemany(
            "INSERT OR IGNORE INTO problem_reports (notification_id, leader_id) VALUES (?, ?)",
            [(i, leader_id) for i in ids],
        )

    async def by_key_prefix(self, prefix: str) -> list[Notification]:
        async with self.conn.execute(
            "SELECT * FROM notifications WHERE key >= ? AND key < ? ORDER BY id", (prefix, prefix + "\uffff")
        ) as cur:
            return [_row(r) for r in await cur.fetchall()]
