"""The member told privately when a leader sets, ends or calls off their leave (issue 11 §2).

The notice's outbox row is claimed inside the leave's own transaction, keyed by the /leave message and
the member: a redelivered update finds the leave written and claims nothing, so nobody is told twice,
even across a crash (a row claimed but not sent becomes `uncertain`, never re-sent). A member setting
their own leave, or one who never opened a private chat with the bot, is not told.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.leave import Leave
from bot.domain.origin import MessageKey
from bot.services.notifications import Target, claim_in
from bot.storage.org import MemberRecord

KIND = "leave_told"


class Change(enum.Enum):
    SET = "set"
    ENDED = "ended"  # today is the last day
    CANCELLED = "cancelled"  # a leave not yet begun, called off


@dataclass(frozen=True, slots=True)
class LeaveTold:
    """The member's private notice, its outbox row already claimed."""

    notification_id: int
    target: Target
    chat_id: int
    language: str
    by: str | None  # the leader's name (None: an administrator without a roster entry)
    change: Change
    leave: Leave  # as set, as it now ends, or as it was before it was called off


async def claim_told(
    conn: aiosqlite.Connection,
    campaign_id: int,
    member: MemberRecord,
    by: MemberRecord | None,
    change: Change,
    leave: Leave,
    message: MessageKey,
    now: datetime,
) -> LeaveTold | None:
    """Claim the notice to `member` about a change `by` made to their leave; None when there is nobody
    to tell (their own change, no private chat) or it was claimed before."""
    chat_id = member.member.telegram_user_id
    if chat_id is None or (by is not None and by.id == member.id):
        return None
    key = f"{campaign_id}:{KIND}:c{message.chat_id}:u{message.message_id}:m{member.id}"
    target = Target.private(key, campaign_id, KIND, member.id, now)
    nid = await claim_in(conn, target, now)
    if nid is None:
        return None
    name = by.member.name if by is not None else None
    return LeaveTold(nid, target, chat_id, member.member.language, name, change, leave)
