"""Ranked progress bulletins for a unit's scope: text per SPEC §3.3 plus the PNG chart.

Used by /bulletin and by the scheduler (daily and checkpoint bulletins), so both post the same thing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from bot.domain.counting import Counted, counting_rule
from bot.domain.model import Assignee, AssigneeKind, Milestone
from bot.domain.progress import Standing, Status
from bot.domain.ranking import most_improved, rank, warnings
from bot.render.chart import ChartRow, draw_off_loop, render_completion_chart
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.services.progress import LoadedBook, ProgressService
from bot.storage.audit import AuditRepo
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.groups import GroupRepo
from bot.storage.snapshots import SnapshotRepo
from bot.texts import th
from bot.views import bulletins as views
from bot.views.bulletins import BulletinFacts
from bot.views.names import display_name

PRAISED = 3
PRAISEWORTHY = (Status.AHEAD, Status.ON_TRACK)


@dataclass(frozen=True, slots=True)
class Bulletin:
    unit_code: str
    title: str
    lines: list[str]
    chart_png: bytes
    completions: dict[str, float]  # assignee key → completion, remembered for "most improved"


# Posts a composed bulletin to a chat (the chat adapter's part, bot/chat/delivery.py). Returns the chat
# it reached (a group may have become a supergroup meanwhile), or None when it was not posted.
Deliver = Callable[[int, Bulletin], Awaitable[int | None]]


class BulletinService:
    def __init__(self, db: Database, clock: Clock, progress: ProgressService) -> None:
        self.db = db
        self.clock = clock
        self.progress = progress

    async def compose(
        self, record: CampaignRecord, unit_code: str, lang: str, checkpoint: Milestone | None = None
    ) -> Bulletin:
        campaign, now = record.campaign, self.clock()
        loaded = await self.progress.load(record)
        unit = loaded.tree.unit(unit_code)
        overall = loaded.book.standing(Assignee.unit(unit_code))
        # Without a quota there is no completion: such a unit is listed, not ranked or charted.
        listed = self._rankable(record, loaded, unit_code)
        rows = [s for s in listed if s.completion is not None]
        unquoted = [s for s in listed if s.completion is None]
        ranked = rank(rows)
        missed = {s.assignee for s in loaded.book.laggards(unit_code, checkpoint)} if checkpoint else set()
        # Praise is for keeping pace: the best of a field that is behind is still behind.
        praised = [r.standing for r in ranked if r.standing.completion and r.standing.status in PRAISEWORTHY]
        previous = await self._previous(record.id, unit_code)
        improved = most_improved(previous, rows) if previous else None
        gain = ((improved.completion or 0) - previous.get(improved.assignee.key, 0.0)) * 100 if improved else 0.0
        facts = BulletinFacts(
            campaign=campaign,
            unit=unit,
            at=now,
            overall=overall,
            checkpoint=checkpoint,
            upcoming=campaign.next_milestone(now),
            ranked=ranked,
            unquoted=unquoted,
            missed=missed,
            praised=praised[:PRAISED],
            improved=improved,
            gain=gain,
            warned=warnings(rows, campaign.public_warning_gap),
        )
        title = views.title(lang, facts)
        # With verification on the number that does not count is drawn too, as a lighter bar.
        rule = counting_rule(campaign.verification)
        other = Counted.REPORTED if rule.counts is Counted.VERIFIED else Counted.VERIFIED
        bars = [
            ChartRow(
                display_name(loaded.tree, r.standing.assignee),
                r.standing.completion or 0.0,
                r.standing.completion_of(other) if rule.both_shown else None,
            )
            for r in ranked
        ]
        label, other_label = th(lang, "bulletin.expected_label"), th(lang, f"bulletin.chart_{other.value}")
        draw = partial(
            render_completion_chart, title, bars, overall.expected, expected_label=label, other_label=other_label
        )
        chart = await draw_off_loop(draw)
        completions = {s.assignee.key: s.completion or 0.0 for s in rows}
        return Bulletin(unit_code, title, views.lines(lang, loaded.tree, facts), chart, completions)

    @staticmethod
    def _rankable(record: CampaignRecord, loaded: LoadedBook, unit_code: str) -> list[Standing]:
        """Units of the next level; cadres only where the campaign allows naming them in groups."""
        children = loaded.book.children(unit_code)
        units = [s for s in children if s.assignee.kind is AssigneeKind.UNIT]
        if units or not record.campaign.name_cadres_in_bulletin:
            return units
        return [s for s in children if s.assignee.kind is AssigneeKind.MEMBER]

    async def _previous(self, campaign_id: int, unit_code: str) -> dict[str, float]:
        return await SnapshotRepo(self.db.reader).last(campaign_id, unit_code)

    async def post(
        self,
        record: CampaignRecord,
        unit_code: str,
        chat_id: int,
        deliver: Deliver,
        *,
        lang: str,
        checkpoint: Milestone | None = None,
        posted_by: Actor | None = None,
    ) -> int | None:
        """Compose the unit's bulletin, have `deliver` post it, and remember what was posted: one use
        case for /bulletin and the scheduler. Returns the chat it reached, or None when not posted."""
        composed = await self.compose(record, unit_code, lang, checkpoint)
        used = await deliver(chat_id, composed)
        if used is not None:
            await self.remember(record, composed, posted_by=posted_by, chat_id=used, migrated_from=chat_id)
        return used

    async def remember(
        self,
        record: CampaignRecord,
        bulletin: Bulletin,
        *,
        posted_by: Actor | None = None,
        chat_id: int | None = None,
        migrated_from: int | None = None,
    ) -> None:
        """Store what was posted so the next bulletin can name the most improved unit; a bulletin a
        leader posted (/bulletin, not the schedule) is also a leader action for the audit log. A group
        that became a supergroup on the way (`migrated_from` ≠ `chat_id`) keeps its binding."""
        async with self.db.transaction() as conn:
            if chat_id is not None and migrated_from is not None and migrated_from != chat_id:
                await GroupRepo(conn).migrate(migrated_from, chat_id)
            if posted_by is not None:
                await AuditRepo(conn).record(
                    "bulletin_post",
                    self.clock(),
                    member_id=posted_by.member_id,
                    user_id=posted_by.user_id,
                    campaign_id=record.id,
                    unit=bulletin.unit_code,
                    chat_id=chat_id,
                )
            await SnapshotRepo(conn).save(record.id, bulletin.unit_code, self.clock(), bulletin.completions)
