"""/undo's part of the ledger: which entries an /undo may revert, and each /undo keyed by its own
message (the `undos` table), so a redelivered /undo reverts nothing more."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.storage.codec import to_ts
from bot.storage.ledger import ReportRow, _row

# A live entry: no correction itself, not rejected, not corrected since (undone, or replaced by an edit).
_LIVE = (
    "r.source != 'correction' AND r.status != 'rejected' "
    "AND NOT EXISTS (SELECT 1 FROM reports c WHERE c.corrects_id = r.id)"
)

# What :member sent, newest first: their own reports (no one typed them for them) and the entries they
# typed for others with /report_for. Two seeks, never a scan of the campaign (tests/storage/
# test_undo_seeks.py): `reports_progress` (campaign, member) and `reports_entered` (campaign, entered_by,
# migration v17), merged by id. An OR of the two would seek on the campaign alone.
SENT_BY = (
    f"SELECT r.* FROM reports r WHERE r.campaign_id = :campaign AND r.member_id = :member "
    f"AND r.entered_by IS NULL AND {_LIVE} "
    f"UNION ALL SELECT r.* FROM reports r WHERE r.campaign_id = :campaign AND r.entered_by = :member AND {_LIVE} "
    "ORDER BY id DESC LIMIT 20"
)

# The latest live entry someone else typed for :member, and who typed it: a seek on `reports_progress`
# (the member's rows). `+` keeps the planner off `reports_entered`, where `!=` would range over every
# entry typed in the campaign; a NULL `entered_by` (the member's own report) fails the `!=`.
ENTERED_BY_OTHERS = (
    "SELECT e.name FROM reports r JOIN members e ON e.id = r.entered_by "
    "WHERE r.campaign_id = :campaign AND r.member_id = :member "
    f"AND +r.entered_by != :member AND {_LIVE} ORDER BY r.id DESC LIMIT 1"
)


class UndoRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def last_undoable(self, campaign_id: int, member_id: int) -> list[ReportRow]:
        """What the member sent last and may still take back: all entries of one message or one button
        press — their own report, or one they typed for someone else — never one typed for them."""
        async with self.conn.execute(SENT_BY, {"campaign": campaign_id, "member": member_id}) as cur:
            rows = [_row(r) for r in await cur.fetchall()]
        if not rows:
            return []
        head = rows[0]
        same = [
            r for r in rows if (r.chat_id, r.message_id, r.revision) == (head.chat_id, head.message_id, head.revision)
        ]
        return same if head.message_id is not None else [head]

    async def entered_for(self, campaign_id: int, member_id: int) -> str | None:
        """The name of whoever typed the latest live entry for the member (/report_for); None: nobody did."""
        async with self.conn.execute(ENTERED_BY_OTHERS, {"campaign": campaign_id, "member": member_id}) as cur:
            row = await cur.fetchone()
        return None if row is None else str(row[0])

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
