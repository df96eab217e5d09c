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
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.error import TelegramError

from bot.services.clock import Monotonic, monotonic_for
from bot.services.container import Services
from bot.services.records import CampaignRecord
from scheduler.bulletins import post_bulletins, post_final
from scheduler.clockguard import ClockGuard
from scheduler.fanout import FanOut
from scheduler.outbox import Outbox, Sleep, Target, reason
from scheduler.planner import Event, Kind, in_quiet_hours, plan_events

log = logging.getLogger(__name__)
LATE_AFTER = timedelta(minutes=10)  # later than this after its time, a notification carries the late mark
UNBOUND_GRACE = timedelta(days=1)


class Runner:
    def __init__(self, services: Services, bot: Bot, outbox: Outbox, guard: ClockGuard) -> None:
        self.s = services
        self.bot = bot
        self.outbox = outbox
        self.guard = guard
        self.fan = FanOut(services, bot, outbox)

    @classmethod
    def create(
        cls, services: Services, bot: Bot, sleep: Sleep | None = None, monotonic: Monotonic | None = None
    ) -> Runner:
        outbox = Outbox(services.notifications, sleep) if sleep else Outbox(services.notifications)
        guard = ClockGuard(services.clock, monotonic or monotonic_for(services.clock))
        return cls(services, bot, outbox, guard)

    async def startup(self) -> int:
        """Rows claimed by a process that died mid-send become `uncertain` (see scheduler/outbox.py)."""
        return await self.s.notifications.recover()

    async def leave_unbound_groups(self) -> int:
        """SPEC §3.1: the bot leaves groups that no leader binds within a day."""
        now = self.s.clock()
        stale = await self.s.sharing.unbound_groups(now - UNBOUND_GRACE)
        for chat_id in stale:
            log.info("leaving group %s: no leader bound it within %s", chat_id, UNBOUND_GRACE)
            with contextlib.suppress(TelegramError):  # already gone, or kicked: either way we are out
                await self.bot.leave_chat(chat_id)
            await self.s.sharing.group_abandoned(chat_id, now)
        return len(stale)

    async def tick(self) -> int:
        if not self.guard.steady():
            return 0  # a jumped clock: nothing irreversible until it is consistent again (clockguard.py)
        try:
            await self.leave_unbound_groups()
        except Exception as error:  # housekeeping: never a reason to skip the campaigns' events
            log.warning("leaving unbound groups failed (%s); the tick goes on", reason(error))
        now, ran = self.s.clock(), 0
        campaigns = await self.s.directory.all_campaigns()
        for record in campaigns:
            try:
                events = plan_events(record.campaign, self.s.settings.quiet_hours)
            except Exception as error:  # one campaign's schedule, not every campaign's
                log.warning("campaign %s: its events cannot be planned (%s)", record.id, reason(error))
                continue
            due = [e for e in events if e.at <= now and (record.created_at is None or e.at >= record.created_at)]
            for event in due:
                done = event.key(record.id, "all", kind=f"event-{event.kind.value}")
                if await self.s.notifications.exists(done):
                    continue
                superseded = any(o.kind is event.kind and o.at > event.at and o.percent == event.percent for o in due)
                target = Target(done, record.id, event.kind.value, event.percent, "all", event.at)
                try:
                    outcome = await self._run(record, event, now, superseded)
                except Exception as error:  # one broken event must not stop the others (issue 8 D)
                    await self.outbox.fail(target, error)
                else:
                    await self.outbox.record(target, outcome)
                ran += 1
        for record in campaigns:  # after the events: judging a county's writes must not delay them
            try:
                await self.s.integrity.keep_judged(record)
            except Exception as error:  # housekeeping: a digest judges what is left itself
                log.warning(
                    "campaign %s: judging its written reports failed (%s); the tick goes on", record.id, reason(error)
                )
        return ran

    async def _run(self, record: CampaignRecord, event: Event, now: datetime, superseded: bool) -> str:
        late = now - event.at > LATE_AFTER
        if event.kind is Kind.DAILY:
            today = now.astimezone(record.campaign.start.tzinfo).date()
            if superseded or (late and event.local_date != today):
                return "skipped"  # a stale daily bulletin is replaced by the next one, not sent late
            await post_bulletins(self.fan, record, event, late)
            return "sent"
        if event.kind is Kind.NUDGE:
            local = now.astimezone(ZoneInfo(record.campaign.timezone))
            if (
                superseded
                or event.local_date != local.date()
                or in_quiet_hours(local.time(), self.s.settings.quiet_hours)
            ):
                return "skipped"  # a nudge is about its own evening: never the next day, never at night
            await self.fan.nudges(record, event, late)
            return "sent"
        if event.kind is Kind.FINAL:  # like a checkpoint evaluation: always runs, late or not
            await post_final(self.fan, record, event, late)
            return "sent"
        assert event.milestone is not None
        if event.kind is Kind.CHECKPOINT:
            await self.fan.checkpoint(record, event, late)
            return "sent"
        if superseded:
            return "skipped"  # only the latest reminder of a milestone is caught up
        await self.fan.reminders(record, event, late, missed=late and now > event.milestone.due)
        return "sent"
