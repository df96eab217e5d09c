"""Open questions about a report message (SPEC §3.2, §9): "are you sure?" above max_per_report (large),
"did you mean 走访?" (typo), "record the difference from your total?" (total). Each is bound to the
exact message revision it asked about, answered at most once, and kept across restarts. Only parsed
counts (and the day the work was done) are stored, never text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.domain.parser import ParsedItem
from bot.storage.codec import from_ts, to_ts


@dataclass(frozen=True, slots=True)
class Confirmation:
    chat_id: int
    message_id: int
    revision: int
    campaign_id: int
    member_id: int
    user_id: int  # only this Telegram account may answer
    items: tuple[ParsedItem, ...]
    state: str  # open | confirmed | cancelled | superseded
    kind: str = "large"  # large | typo | total (items are then the stated running totals)
    work_date: date | None = None  # the day the work was done, when the member named one
    # When it was asked, i.e. when the report was sent: what its entries count at once answered (the one day
    # rule), however late the answer comes. Set when read back; `ask` stores its own `at`.
    asked_at: datetime | None = None


class ConfirmationRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def ask(self, question: Confirmation, at: datetime) -> Confirmation:
        """Store the question; the one stored before for the same revision wins (a redelivery)."""
        items = json.dumps([[i.task, i.count] for i in question.items])
        await self.conn.execute(
            "INSERT INTO confirmations (chat_id, message_id, revision, campaign_id, member_id, user_id, items, "
            "asked_at, kind, work_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (
                question.chat_id,
                question.message_id,
                question.revision,
                question.campaign_id,
                question.member_id,
                question.user_id,
                items,
                to_ts(at),
                question.kind,
                question.work_date.isoformat() if question.work_date else None,
            ),
        )
        stored = await self.get(question.chat_id, question.message_id, question.revision)
        assert stored is not None
        return stored

    async def get(self, chat_id: int, message_id: int, revision: int) -> Confirmation | None:
        async with self.conn.execute(
            "SELECT * FROM confirmations WHERE chat_id = ? AND message_id = ? AND revision = ?",
            (chat_id, message_id, revision),
        ) as cur:
            r = await cur.fetchone()
        if r is None:
            return None
        items = tuple(ParsedItem(str(task), int(count)) for task, count in json.loads(r["items"]))
        return Confirmation(
            r["chat_id"],
            r["message_id"],
            r["revision"],
            r["campaign_id"],
            r["member_id"],
            r["user_id"],
            items,
            r["state"],
            r["kind"],
            date.fromisoformat(r["work_date"]) if r["work_date"] else None,
            from_ts(r["asked_at"]),
        )

    async def close(self, chat_id: int, message_id: int, revision: int, state: str) -> bool:
        """Answer an open question; False when it was answered (or withdrawn) before."""
        cur = await self.conn.execute(
            "UPDATE confirmations SET state = ? WHERE chat_id = ? AND message_id = ? AND revision = ? "
            "AND state = 'open'",
            (state, chat_id, message_id, revision),
        )
        return cur.rowcount == 1

    async def any_open(self, chat_id: int, message_id: int) -> bool:
        async with self.conn.execute(
            "SELECT 1 FROM confirmations WHERE chat_id = ? AND message_id = ? AND state = 'open' LIMIT 1",
            (chat_id, message_id),
        ) as cur:
            return await cur.fetchone() is not None

    async def withdraw_newest(self, campaign_id: int, member_id: int, since: datetime | None) -> Confirmation | None:
        """/undo while a question is open: the member's newest open question in the campaign, asked at or
        after `since` (their last recorded report), is withdrawn and returned; None when there is none."""
        async with self.conn.execute(
            "SELECT chat_id, message_id, revision FROM confirmations WHERE campaign_id = ? AND member_id = ? "
            "AND state = 'open' AND asked_at >= ? ORDER BY asked_at DESC, revision DESC LIMIT 1",
            (campaign_id, member_id, to_ts(since) if since else 0),
        ) as cur:
            row = await cur.fetchone()
        if row is None or not await self.close(row[0], row[1], row[2], "cancelled"):
            return None
        return await self.get(row[0], row[1], row[2])

    async def supersede(self, chat_id: int, message_id: int, revision: int) -> None:
        """The message was edited to `revision`: every question about an earlier text is withdrawn."""
        if revision <= 0:
            return  # a message's first text (revision 0) has no earlier one: spare every report the statement
        await self.conn.execute(
            "UPDATE confirmations SET state = 'superseded' WHERE chat_id = ? AND message_id = ? AND revision < ? "
            "AND state = 'open'",
            (chat_id, message_id, revision),
        )
