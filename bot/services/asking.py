"""Questions about a report message that the member answers with a button (SPEC §3.2):

- typo: `走防5` — "did you mean 走访?"; yes records the corrected reading;
- total: `累计走访40` — a running total is never added as new work; yes records the difference from
  the member's recorded total *at the moment they answer* (so a report sent in between is not counted
  twice), and nothing when the total is not above it.

Like the "are you sure?" of a large count (bot/services/questions.py answers all three), a question
is stored with the exact message revision it asked about and the parsed counts only, answered at most
once, and withdrawn when the message is edited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

import aiosqlite

from bot.domain.origin import MessageKey
from bot.domain.parser import ParsedItem, ParsedReport, ReportParseError
from bot.services.clock import Clock
from bot.services.directory import Resolved, check, work_day
from bot.services.recording import QuestionClosed, still_authorized
from bot.storage.campaigns import CampaignRecord
from bot.storage.confirmations import Confirmation, ConfirmationRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRecord

TYPO = "typo"
TOTAL = "total"


@dataclass(frozen=True, slots=True)
class Asked:
    """A question put to the member (or, `open` False, the answer that there is nothing to ask)."""

    kind: str  # typo | total
    campaign: CampaignRecord
    key: MessageKey  # the message revision the question is about
    items: Resolved  # typo: the corrected reading; total: the stated running totals
    current: tuple[tuple[str, int], ...] = ()  # total: the member's recorded total per task named
    word: str = ""  # typo: as the member wrote it
    suggestion: str = ""  # typo: the task word it is one character away from
    work_date: date | None = None
    open: bool = True  # False: every stated total is at or below the recorded one; nothing asked

    def differences(self) -> Resolved:
        return differences(self.items, dict(self.current))


def differences(stated: Resolved, current: Mapping[str, int]) -> Resolved:
    """What a running total adds: stated minus recorded, for the tasks where it is above."""
    return tuple((task, n - current.get(task.key, 0)) for task, n in stated if n > current.get(task.key, 0))


async def recorded_totals(conn: aiosqlite.Connection, record: CampaignRecord, member: MemberRecord) -> dict[str, int]:
    """The member's own recorded (not rejected) total per task in the campaign."""
    rows = await ReportRepo(conn).aggregates(record.id, record.campaign.start, member_id=member.id)
    return {row.task: row.total for row in rows}


async def typo(
    db: Database,
    clock: Clock,
    record: CampaignRecord,
    member: MemberRecord,
    user_id: int,
    key: MessageKey,
    refused: ReportParseError,
) -> Asked:
    """Ask "did you mean …?" about a message refused for one misspelt task word (its corrected reading)."""
    assert refused.corrected is not None, "a typo carries the corrected reading"
    asked = await _asked(db, clock, record, member, key, TYPO, refused.corrected)
    asked = replace(asked, word=refused.params["word"], suggestion=refused.params["suggestion"])
    return await ask(db, asked, member, user_id, clock())


async def total(
    db: Database,
    clock: Clock,
    record: CampaignRecord,
    member: MemberRecord,
    user_id: int,
    key: MessageKey,
    parsed: ParsedReport,
) -> Asked:
    """Ask whether to record the difference between a running total and the member's recorded one."""
    return await ask(db, await _asked(db, clock, record, member, key, TOTAL, parsed), member, user_id, clock())


async def _asked(
    db: Database,
    clock: Clock,
    record: CampaignRecord,
    member: MemberRecord,
    key: MessageKey,
    kind: str,
    parsed: ParsedReport,
) -> Asked:
    """A question about a parsed message, after the checks every count passes (nothing is asked in a
    campaign that takes no reports, nor about a day before it started)."""
    items = await check(db, clock(), record, member, parsed.items)
    return Asked(kind, record, key, items, work_date=work_day(record.campaign, clock(), parsed.day_offset))


async def ask(db: Database, asked: Asked, member: MemberRecord, user_id: int, at: datetime) -> Asked:
    """Store the question (a redelivered message finds it stored) and return it; QuestionClosed when
    it was answered or withdrawn before. A running total no higher than the recorded one asks nothing.
    Raises Stale (nothing stored) when the member may no longer report (still_authorized)."""
    key = asked.key
    async with db.transaction() as conn:
        await still_authorized(conn, asked.campaign, member, user_id)
        if asked.kind == TOTAL:
            current = await recorded_totals(conn, asked.campaign, member)
            asked = replace(asked, current=tuple((task.key, current.get(task.key, 0)) for task, _ in asked.items))
            if not asked.differences():
                return replace(asked, open=False)
        question = Confirmation(
            key.chat_id,
            key.message_id,
            key.revision,
            campaign_id=asked.campaign.id,
            member_id=member.id,
            user_id=user_id,
            items=tuple(ParsedItem(task.key, n) for task, n in asked.items),
            state="open",
            kind=asked.kind,
            work_date=asked.work_date,
        )
        stored = await ConfirmationRepo(conn).ask(question, at)
    if stored.state != "open" or stored.kind != asked.kind:
        raise QuestionClosed()
    return asked
