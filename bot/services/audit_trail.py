"""Who an audit entry names (SPEC §8): the one place that turns the person acting into the audit log's
actor columns, so that every leader action names its doer the same way."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import aiosqlite

from bot.services.directory import Actor
from bot.storage.audit import AuditRepo


async def audit_action(
    conn: aiosqlite.Connection,
    action: str,
    now: datetime,
    by: Actor | None,
    campaign_id: int,
    /,
    **details: Any,
) -> int:
    """Record `action` in the campaign, in the caller's transaction (it lands with the change it records
    or not at all). `by` None: the command line, which acts as nobody. Returns the entry's id."""
    return await AuditRepo(conn).record(
        action,
        now,
        member_id=by.member_id if by is not None else None,
        user_id=by.user_id if by is not None else None,
        campaign_id=campaign_id,
        **details,
    )
