"""/undo's part of the ledger: which entries an /undo may revert, and each /undo keyed by its own
message (the `undos` table), so a redelivered /undo reverts nothing more."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.storage.codec import to_ts
from bot.storage.ledger import ReportRow, _row


class UndoRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def last_undoable(self, campaign_id: int, member_id: int) -> list[ReportRow]:
        """The member's most recent live submission (all entries of one message or one button press)."""
        async with self.conn.execute(
            "SELECT r.* FROM reports r WHERE r.campaign_id = ? AND r.member_id = ? AND r.source != 'correction' "
            "AND r.status != 'rejected' AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id) "
            "ORDER BY r.id DESC LIMIT 20",
            (campaign_id, member_id),
        ) as cur:
            rows = [_row(r) for r in await cur.fetchall()]
        if not rows:
            return []
        head = rows[0]
        same = [
            r for r in rows if (r.chat_id, r.message_id, r.revision) == (head.chat_id, head.message_id, head.revision)
        ]
        return same if head.message_id is not None else [head]

    async def claim_undo(self, chat_id: int, message_id: int, member_id: int, at: datetime) -> bool:
        """Key an /undo by its own message. False when that message was handled before (a redelivery)."""
        async with self.conn.execute(
            "INSERT INTO undos (chat_id, message_id, member_id, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING RETURNING chat_id",
            (chat_id, message_id, member_id, to_ts(at)),
        ) as cur:
            return await cur.fetchone() is not None

    async def undone_by(self, chat_id: int, message_id: int) -> list[ReportRow]:
        """The entries one /undo message reverted (its corrections carry that message's key)."""
        async with self.conn.execute(
            "SELECT r.* FROM reports r JOIN reports c ON c.corrects_id = r.id WHERE c.source = 'correction' "
            "AND c.chat_id = ? AND c.message_id = ? AND c.revision = 0 ORDER BY r.id",
            (chat_id, message_id),
        ) as cur:
            return [_row(r) for r in await cur.fetchall()]
