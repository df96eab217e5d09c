"""The notification outbox's records: claimed before a send, completed after (SPEC §5, §9).

The scheduler keeps the mechanics (scheduler/outbox.py: claim → send → record, retries, what an
error means); this service owns the rows and the transactions around them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.services.clock import Clock
from bot.storage.db import Database
from bot.storage.outbox import Notification, OutboxRepo
from bot.storage.prefs import PrefsRepo

__all__ = ["Notification", "NotificationService", "Target", "claim_in"]


@dataclass(frozen=True, slots=True)
class Target:
    """One notification to one recipient: its outbox key and what the row records about it."""

    key: str
    campaign_id: int
    kind: str
    milestone_percent: int | None
    recipient: str  # "m<member id>" or "g<chat id>"
    due_at: datetime
    late: bool = False
    member_id: int | None = None

    @classmethod
    def private(cls, key: str, campaign_id: int, kind: str, member_id: int, at: datetime) -> Target:
        """A message to one member's private chat about something that just happened: due at once, on
        no milestone."""
        return cls(key, campaign_id, kind, None, f"m{member_id}", at, member_id=member_id)


async def claim_in(
    conn: aiosqlite.Connection, target: Target, now: datetime, *, state: str = "claimed", detail: str | None = None
) -> int | None:
    """Insert the target's row in the caller's transaction: a notice claimed with the change it tells of
    exists only if that change commits. None when its key exists already (told before)."""
    return await OutboxRepo(conn).claim(
        target.key,
        target.campaign_id,
        target.kind,
        target.milestone_percent,
        target.recipient,
        target.due_at,
        now,
        state=state,
        late=target.late,
        detail=detail,
    )


class NotificationService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def recover(self) -> int:
        """At start-up: rows claimed by a process that died mid-send become `uncertain`."""
        async with self.db.transaction() as conn:
            return await OutboxRepo(conn).mark_uncertain()

    async def exists(self, key: str) -> bool:
        """The notification was claimed before (sent, being sent, or recorded as not sent)."""
        return await OutboxRepo(self.db.reader).exists(key)

    async def claim(self, target: Target, state: str = "claimed", detail: str | None = None) -> int | None:
        """Insert the target's row (committed); None when its key exists already."""
        async with self.db.transaction() as conn:
            return await claim_in(conn, target, self.clock(), state=state, detail=detail)

    async def finish(
        self, notification_id: int, target: Target, state: str, message_id: int | None, detail: str | None
    ) -> None:
        """The outcome of a claimed send; a member's reachability follows the outcome (SPEC §3.2)."""
        async with self.db.transaction() as conn:
            await OutboxRepo(conn).finish(notification_id, state, self.clock(), message_id=message_id, detail=detail)
            if target.member_id is not None:
                await PrefsRepo(conn).set_unreachable(target.member_id, state == "unreachable")
