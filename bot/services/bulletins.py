"""Ranked progress bulletins for a unit's scope: text per SPEC §3.3 plus the PNG chart.

Used by /bulletin and by the scheduler (daily and checkpoint bulletins), so both post the same thing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from bot.domain.counting import Counted, counting_rule
from bot.domain.leave import expected_on
from bot.domain.model import Assignee, AssigneeKind, Milestone, Role
from bot.domain.ranking import RankedRow, most_improved, praise, rank, warnings
from bot.domain.standing import Standing
from bot.render.chart import ChartRow, draw_off_loop, render_completion_chart
from bot.services.audit_trail import audit_action
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.services.progress import LoadedBook, ProgressService
from bot.services.warnings import WarningService
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.groups import GroupRepo
from bot.storage.snapshots import SnapshotRepo
from bot.texts import th
from bot.views import bulletins as views
from bot.views import final as final_views
from bot.views import warnings as warning_views
from bot.views.bulletins import BulletinFacts, LeafFacts
from bot.views.final import FinalFacts
from bot.views.names import display_name

PRAISED = 3


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
        self.warnings = WarningService(db, clock)

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
        missed = (
            {s.assignee for s in loaded.present(loaded.book.laggards(unit_code, checkpoint))[0]}
            if checkpoint
            else set()
        )
        praised = praise(ranked, missed)
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
            leaf=self._leaf(loaded, unit_code, checkpoint),
        )
        title = views.title(lang, facts)
        chart = await self._chart(lang, title, loaded, ranked, overall)
        completions = {s.assignee.key: s.completion or 0.0 for s in rows}
        lines = views.lines(lang, loaded.tree, facts) + await self._named(record, loaded, unit_code, lang, checkpoint)
        return Bulletin(unit_code, title, lines, chart, completions)

    async def compose_final(self, record: CampaignRecord, unit_code: str, lang: str) -> Bulletin:
        """The final summary that closes the campaign (SPEC §3.3): met or missed per unit against the
        quotas, the totals, praise for the best of those who met every quota."""
        campaign = record.campaign
        loaded = await self.progress.load(record)
        book, whole = loaded.book, Milestone(100, campaign.end)  # the final targets: the whole quotas
        overall = book.standing(Assignee.unit(unit_code), whole)
        listed = [book.standing(s.assignee, whole) for s in self._rankable(record, loaded, unit_code)]
        ranked = rank([s for s in listed if s.completion is not None])
        met = [r.standing for r in ranked if r.standing.milestone_met]
        facts = FinalFacts(
            campaign=campaign,
            unit=loaded.tree.unit(unit_code),
            at=self.clock(),
            overall=overall,
            ranked=ranked,
            # Without a quota there is no result: listed only if something was done (a leader is not)
            unquoted=[
                s for s in listed if s.completion is None and (s.assignee.kind is AssigneeKind.UNIT or s.raw_done)
            ],
            praised=met[:PRAISED],
            leaf=self._leaf(loaded, unit_code, whole),
        )
        title = final_views.bulletin_title(lang, facts)
        chart = await self._chart(lang, title, loaded, ranked, overall)
        completions = {r.standing.assignee.key: r.standing.completion or 0.0 for r in ranked}
        lines = final_views.bulletin_lines(lang, loaded.tree, facts)
        lines += await self._named(
            record, loaded, unit_code, lang, campaign.milestones[-1] if campaign.milestones else None
        )
        return Bulletin(unit_code, title, lines, chart, completions)

    async def _named(
        self, record: CampaignRecord, loaded: LoadedBook, unit_code: str, lang: str, checkpoint: Milestone | None
    ) -> list[str]:
        """A checkpoint's (or the final summary's, for the last milestone) line naming the members of the
        unit's subtree its evaluation put at the public warning step, when the campaign names cadres."""
        if checkpoint is None:
            return []
        named = await self.warnings.named(record, loaded, unit_code, checkpoint.percent)
        return warning_views.bulletin_lines(lang, loaded.tree, [(w.member.member, w.level, w.missed) for w in named])

    @staticmethod
    def _leaf(loaded: LoadedBook, unit_code: str, milestone: Milestone | None) -> LeafFacts | None:
        """A unit with no units below it: its own progress per task, and its members on and off target.
        Counts only: whether names are shown is the ranking's business (name_cadres_in_bulletin)."""
        tree, book = loaded.tree, loaded.book
        if tree.children_units(unit_code):
            return None
        own = book.standing(Assignee.unit(unit_code), milestone)
        members = {k: book.standing(Assignee.member(k), milestone) for k in tree.subtree_member_keys(unit_code)}
        quoted = [s for s in members.values() if s.raw_quota]
        on_target = sum(1 for s in quoted if s.milestone_met)
        today = book.at.astimezone(book.clock.zone).date()  # on leave today: away, not behind
        behind = sum(1 for s in quoted if not s.milestone_met and expected_on(book.away, s.assignee.key, today))
        no_quota = sum(1 for k, s in members.items() if not s.raw_quota and tree.member(k).role is Role.CADRE)
        return LeafFacts(own.next_milestone, own.tasks, on_target, behind, no_quota)

    @staticmethod
    async def _chart(lang: str, title: str, loaded: LoadedBook, ranked: list[RankedRow], overall: Standing) -> bytes:
        """Bars per ranked unit (or named member); with nobody to rank — a village, cadres unnamed —
        bars per task of the unit itself, so the chart is never empty."""
        campaign = loaded.record.campaign
        # With verification on the number that does not count is drawn too, as a lighter bar.
        rule = counting_rule(campaign.verification)
        other = Counted.REPORTED if rule.counts is Counted.VERIFIED else Counted.VERIFIED
        if ranked:
            bars = [
                ChartRow(
                    display_name(loaded.tree, r.standing.assignee),
                    r.standing.completion or 0.0,
                    r.standing.completion_of(other) if rule.both_shown else None,
                )
                for r in ranked
            ]
        else:
            bars = [ChartRow(campaign.task_name(ts.task), ts.done / ts.quota) for ts in overall.tasks if ts.quota]
        label, other_label = th(lang, "bulletin.expected_label"), th(lang, f"bulletin.chart_{other.value}")
        draw = partial(
            render_completion_chart, title, bars, overall.expected, expected_label=label, other_label=other_label
        )
        return await draw_off_loop(draw)

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
        final: bool = False,
    ) -> int | None:
        """Compose the unit's bulletin (`final`: the final summary), have `deliver` post it, and remember
        what was posted: one use case for /bulletin and the scheduler. Returns the chat it reached, or
        None when not posted."""
        # A leader's /bulletin after the deadline shows the final result; a scheduled bulletin says what
        # its event asks for (a checkpoint caught up after the deadline is still that checkpoint's).
        if final or (posted_by is not None and self.clock() > record.campaign.end):
            composed = await self.compose_final(record, unit_code, lang)
        else:
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
                await audit_action(
                    conn, "bulletin_post", self.clock(), posted_by, record.id, unit=bulletin.unit_code, chat_id=chat_id
                )
            await SnapshotRepo(conn).save(record.id, bulletin.unit_code, self.clock(), bulletin.completions)
