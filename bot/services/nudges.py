"""Who gets the evening nudge (SPEC §5): cadres who joined, are behind, and sent nothing that day.
The scheduler decides when (scheduler/planner.py: `reminders.nudge_at`, quiet hours); this decides who."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain.model import Assignee
from bot.domain.standing import Standing, is_laggard
from bot.services.audience import Audience
from bot.services.clock import Clock
from bot.services.progress import ProgressService
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRecord


def behind(standing: Standing, at: datetime) -> bool:
    """Who is behind is the one laggard rule of the domain (the same as /laggards and the digests)."""
    return is_laggard(standing, at)


@dataclass(frozen=True, slots=True)
class Nudge:
    member: MemberRecord
    standing: Standing


class NudgeService:
    def __init__(self, db: Database, clock: Clock, progress: ProgressService) -> None:
        self.db = db
        self.clock = clock
        self.progress = progress

    async def due(self, record: CampaignRecord, day: date) -> list[Nudge]:
        """The cadres to nudge on the campaign-local `day`, each with their standing."""
        loaded = await self.progress.load(record)
        day_began = datetime.combine(day, time(0), tzinfo=ZoneInfo(record.campaign.timezone))
        last_reported = await ReportRepo(self.db.reader).last_reported(record.id)
        out = []
        for member in Audience.cadres(loaded):
            sent = last_reported.get(member.id)
            if sent is not None and sent >= day_began:
                continue  # they reported today: a nudge would only nag
            standing = loaded.book.standing(Assignee.member(member.key))
            if behind(standing, self.clock()):
                out.append(Nudge(member, standing))
        return out
