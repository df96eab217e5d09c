"""The scheduler's tick: find every event that is due, run each exactly once (SPEC §5, §9).

Nothing is scheduled ahead in memory. Every tick re-reads the campaigns from the database,
derives their events (planner), and runs those that are due and not yet marked done in the
outbox. A restart, a moved milestone or a cancelled campaign therefore needs no special code,
and an event that fell due while the bot was down is simply found on the first tick.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.delivery import BulletinPost
from bot.domain.model import Assignee, Role
from bot.services.container import Services
from bot.services.progress import LoadedBook
from bot.storage.campaigns import CampaignRecord, CampaignRepo
from bot.storage.ops import GroupRepo, PrefsRepo
from bot.storage.outbox import OutboxRepo
from scheduler import notices
from scheduler.outbox import Outbox, Sleep, Target
from scheduler.planner import Event, Kind, plan_events

log = logging.getLogger(__name__)
LATE_AFTER = timedelta(minutes=10)
UNBOUND_GRACE = timedelta(days=1)  # later than this after its time, a notification carries the late mark


class Runner:
    def __init__(self, services: Services, bot: Bot, outbox: Outbox) -> None:
        self.s = services
        self.bot = bot
        self.outbox = outbox

    @classmethod
    def create(cls, services: Services, bot: Bot, sleep: Sleep | None = None) -> Runner:
        outbox = Outbox(services.db, services.clock, sleep) if sleep else Outbox(services.db, services.clock)
        return cls(services, bot, outbox)

    async def startup(self) -> int:
        """Rows claimed by a process that died mid-send become `uncertain` (see scheduler/outbox.py)."""
        async with self.s.db.transaction() as conn:
            return await OutboxRepo(conn).mark_uncertain()

    async def leave_unbound_groups(self) -> int:
        """SPEC §3.1: the bot leaves groups that no leader binds within a day."""
        now = self.s.clock()
        stale = await GroupRepo(self.s.db.reader).unbound_since(now - UNBOUND_GRACE)
        for chat_id in stale:
            log.info("leaving group %s: no leader bound it within %s", chat_id, UNBOUND_GRACE)
            with contextlib.suppress(TelegramError):  # already gone, or kicked: either way we are out
                await self.bot.leave_chat(chat_id)
            async with self.s.db.transaction() as conn:
                await GroupRepo(conn).left(chat_id, now)
        return len(stale)

    async def tick(self) -> int:
        await self.leave_unbound_groups()
        now, ran = self.s.clock(), 0
        for record in await CampaignRepo(self.s.db.reader).all():
            events = plan_events(record.campaign, self.s.settings.quiet_hours)
            due = [e for e in events if e.at <= now and (record.created_at is None or e.at >= record.created_at)]
            for event in due:
                done = event.key(record.id, "all", kind=f"event-{event.kind.value}")
                if await OutboxRepo(self.s.db.reader).exists(done):
                    continue
                superseded = any(o.kind is event.kind and o.at > event.at and o.percent == event.percent for o in due)
                outcome = await self._run(record, event, now, superseded)
                await self.outbox.record(Target(done, record.id, "event", event.percent, "all", event.at), outcome)
                ran += 1
        return ran

    async def _run(self, record: CampaignRecord, event: Event, now: datetime, superseded: bool) -> str:
        late = now - event.at > LATE_AFTER
        if event.kind is Kind.DAILY:
            today = now.astimezone(record.campaign.start.tzinfo).date()
            if superseded or (late and event.local_date != today):
                return "skipped"  # a stale daily bulletin is replaced by the next one, not sent late
            await self._bulletins(record, event, late)
            return "sent"
        assert event.milestone is not None
        if event.kind is Kind.CHECKPOINT:
            await self._checkpoint(record, event, late)
            return "sent"
        if superseded:
            return "skipped"  # only the latest reminder of a milestone is caught up
        await self._reminders(record, event, late, missed=late and now > event.milestone.due)
        return "sent"

    async def _reminders(self, record: CampaignRecord, event: Event, late: bool, missed: bool) -> None:
        assert event.milestone is not None
        loaded = await self.s.progress.load(record)
        for member in loaded.members.values():
            m = member.member
            if m.role is not Role.CADRE or m.telegram_user_id is None:
                continue
            standing = loaded.book.standing(Assignee.member(m.key), event.milestone)
            if not standing.raw_quota or standing.milestone_met:
                continue  # on target: nothing to say
            target = Target(
                event.key(record.id, f"m{member.id}"),
                record.id,
                "reminder",
                event.percent,
                f"m{member.id}",
                event.at,
                late,
                member.id,
            )
            if missed:
                await self.outbox.record(target, "missed", "fell due while the bot was down; milestone closed")
                continue
            text = notices.reminder(m.language, record.campaign, event.milestone, m.name, standing, late)
            await self.outbox.deliver(target, self._sender(m.telegram_user_id, text))
        if not missed:  # for a closed milestone the checkpoint's missed list replaces the digest
            await self._digests(record, event, loaded, late)

    async def _digests(self, record: CampaignRecord, event: Event, loaded: LoadedBook, late: bool) -> None:
        assert event.milestone is not None
        unreachable_ids = await PrefsRepo(self.s.db.reader).unreachable_ids()
        names = {f"m{r.id}": r.member.name for r in loaded.by_id.values()}
        for leader in [r for r in loaded.members.values() if r.member.role is Role.LEADER]:
            if leader.member.telegram_user_id is None or not loaded.tree.has_unit(leader.member.unit_code):
                continue
            unit = leader.member.unit_code
            in_scope = set(loaded.tree.subtree_member_keys(unit))
            scope_ids = {f"m{loaded.members[k].id}" for k in in_scope if k in loaded.members}
            problems = [
                p
                for p in await OutboxRepo(self.s.db.reader).unreported_problems(record.id, leader.id)
                if p.recipient in scope_ids
            ]
            unreachable = [
                loaded.members[k].member.name
                for k in in_scope
                if k in loaded.members
                and (loaded.members[k].id in unreachable_ids or loaded.members[k].member.telegram_user_id is None)
            ]
            laggards = loaded.book.laggards(unit, event.milestone)
            text = notices.digest(
                leader.member.language,
                record.campaign,
                event.milestone,
                loaded,
                unit,
                laggards,
                unreachable,
                problems,
                names,
                late,
            )
            target = Target(
                event.key(record.id, f"m{leader.id}", kind="digest"),
                record.id,
                "digest",
                event.percent,
                f"m{leader.id}",
                event.at,
                late,
                leader.id,
            )
            if await self.outbox.deliver(target, self._sender(leader.member.telegram_user_id, text)) == "sent":
                async with self.s.db.transaction() as conn:
                    await OutboxRepo(conn).mark_reported([p.id for p in problems], leader.id)

    async def _checkpoint(self, record: CampaignRecord, event: Event, late: bool) -> None:
        assert event.milestone is not None
        await self._bulletins(record, event, late, checkpoint=True)
        loaded = await self.s.progress.load(record)
        for leader in [r for r in loaded.members.values() if r.member.role is Role.LEADER]:
            if leader.member.telegram_user_id is None or not loaded.tree.has_unit(leader.member.unit_code):
                continue
            behind = [
                s
                for s in loaded.book.laggards(leader.member.unit_code, event.milestone)
                if s.assignee.kind.value == "member"
            ]
            text = notices.missed(
                leader.member.language, record.campaign, event.milestone, loaded, leader.member.unit_code, behind
            )
            target = Target(
                event.key(record.id, f"m{leader.id}", kind="missed"),
                record.id,
                "missed",
                event.percent,
                f"m{leader.id}",
                event.at,
                late,
                leader.id,
            )
            await self.outbox.deliver(target, self._sender(leader.member.telegram_user_id, text))

    async def _bulletins(self, record: CampaignRecord, event: Event, late: bool, checkpoint: bool = False) -> None:
        loaded = await self.s.progress.load(record)
        lang = self.s.settings.default_language
        for group in await GroupRepo(self.s.db.reader).all():
            if not loaded.tree.has_unit(group.unit_code):
                continue
            kind = "checkpoint" if checkpoint else "daily"
            target = Target(
                event.key(record.id, f"g{group.chat_id}", kind=kind),
                record.id,
                kind,
                event.percent,
                f"g{group.chat_id}",
                event.at,
                late,
            )
            composed = await self.s.bulletins.compose(
                record, group.unit_code, lang, event.milestone if checkpoint else None
            )

            post = BulletinPost(group.chat_id, composed)  # one per delivery: a retry resumes it

            async def send(chat_id: int = group.chat_id, post: BulletinPost = post) -> int:
                used, messages = await post.send(self.bot)
                if used != chat_id:  # migrated to a supergroup while we were away
                    async with self.s.db.transaction() as conn:
                        await GroupRepo(conn).migrate(chat_id, used)
                return messages[-1].message_id

            if await self.outbox.deliver(target, send) == "sent":
                await self.s.bulletins.remember(record, composed)

    def _sender(self, chat_id: int, parts: list[str]):  # type: ignore[no-untyped-def]
        """One notification may be several messages (scheduler/notices.py). The outbox retries
        `send` after a 429 or a network error: it resumes after the parts already delivered, so a
        retry never repeats one."""
        pending, last = list(parts), 0

        async def send() -> int:
            nonlocal last
            while pending:
                last = (await self.bot.send_message(chat_id, pending[0], parse_mode=ParseMode.HTML)).message_id
                pending.pop(0)
            return last

        return send
