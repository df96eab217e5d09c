"""Acknowledgements owed to members (SPEC §9): written in the transaction that committed the report,
marked done when sent (or refused by Telegram for good). Keys only — never the member's text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.origin import MessageKey
from bot.storage.codec import to_ts


@dataclass(frozen=True, slots=True)
class OwedReply:
    key: MessageKey  # the member's message (and revision) the reply answers
    kind: str  # report
    campaign_id: int
    member_id: int


# OwedReplyRepo.owe(), also run inside a typed report's one-trip write (bot/storage/ledger.py). A reply
# owed again (a redelivery) keeps its row: RETURNING tells whether it was sent already.
OWE_SQL = (
    "INSERT INTO owed_replies (chat_id, message_id, revision, kind, campaign_id, member_id, owed_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id, message_id, revision) DO UPDATE SET kind = kind "
    "RETURNING done_at"
)


def owe_params(reply: OwedReply, at: datetime) -> tuple[object, ...]:
    key = reply.key
    return key.chat_id, key.message_id, key.revision, reply.kind, reply.campaign_id, reply.member_id, to_ts(at)


def still_owed(rows: Sequence[Sequence[object]]) -> bool:
    return not rows or rows[0][0] is None


class OwedReplyRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def owe(self, reply: OwedReply, at: datetime) -> bool:
        """Record that `reply` is owed; False when the same reply was owed before and is done already
        (a redelivered update whose acknowledgement was sent: answering it again would be noise)."""
        # execute_fetchall: one trip to the connection's thread (execute, fetch and close are three).
        rows = list(await self.conn.execute_fetchall(OWE_SQL, owe_params(reply, at)))
        return still_owed(rows)

    async def open(self) -> list[OwedReply]:
        """Every reply still owed, oldest first."""
        async with self.conn.execute(
            "SELECT chat_id, message_id, revision, kind, campaign_id, member_id FROM owed_replies "
            "WHERE done_at IS NULL ORDER BY owed_at, chat_id, message_id, revision"
        ) as cur:
            rows = await cur.fetchall()
        return [OwedReply(MessageKey(r[0], r[1], r[2]), r[3], r[4], r[5]) for r in rows]

    async def done(self, marks: Mapping[MessageKey, str], at: datetime) -> None:
        """Mark each reply done with its outcome: one executemany, one trip for the whole batch."""
        await self.conn.executemany(
            "UPDATE owed_replies SET done_at = ?, outcome = ? WHERE chat_id = ? AND message_id = ? AND revision = ? "
            "AND done_at IS NULL",
            [(to_ts(at), outcome, k.chat_id, k.message_id, k.revision) for k, outcome in marks.items()],
        )

    async def forget_done(self, before: datetime) -> None:
        await self.conn.execute("DELETE FROM owed_replies WHERE done_at IS NOT NULL AND done_at < ?", (to_ts(before),))
