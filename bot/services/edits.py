"""An edit that leaves no report ("走访50" edited to "发错了"): the new text records nothing, so what the
message recorded before still counts. The member is told so, and how to take it back, rather than only
how to report — otherwise they believe the edit took the slip back."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.model import Campaign, ReportStatus
from bot.domain.origin import MessageKey
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRecord
from bot.storage.undos import UndoRepo


@dataclass(frozen=True, slots=True)
class StillCounted:
    """The edited message's entries that still count, by task key, and whether /undo would take back
    exactly these (the member's latest submission in the campaign, unreviewed): for an older message it
    would take another report back."""

    campaign: Campaign
    counts: list[tuple[str, int]]
    undoable: bool


async def still_counted(
    db: Database, record: CampaignRecord, member: MemberRecord, key: MessageKey
) -> StillCounted | None:
    """What the member's message `key` recorded and still counts; None when it counts nothing."""
    _, live = await ReportRepo(db.reader).message_state(key.chat_id, key.message_id)
    rows = [r for r in live if r.member_id == member.id and r.status is not ReportStatus.REJECTED]
    if not rows:
        return None
    latest = await UndoRepo(db.reader).last_undoable(record.id, member.id)
    undoable = {r.id for r in latest} == {r.id for r in rows} and all(r.status is ReportStatus.REPORTED for r in rows)
    return StillCounted(record.campaign, [(r.task, r.delta) for r in rows], undoable)
