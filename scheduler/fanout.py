"""Who gets what when an event runs: reminders, digests, missed lists and nudges (SPEC §5); the
groups' bulletins in scheduler/bulletins.py, a checkpoint's warnings in scheduler/cards.py.

Every recipient of a fan-out is isolated: whatever goes wrong for one (a chart that cannot be drawn,
a text that cannot be composed, an unexpected error) is recorded `failed` on that recipient's key and
the fan-out goes on; the leaders' next digest lists it (issue 8 D).
"""

from __future__ import annotations

import logging

from bot.domain.model import Assignee, Member, Milestone
from bot.domain.standing import Standing
from bot.services.audience import Audience
from bot.services.forecast import Forecasts
from bot.services.progress import LoadedBook
from bot.services.records import CampaignRecord, MemberRecord
from bot.views import digests, notices
from bot.views import nudges as nudge_views
from scheduler.bulletins import post_bulletins
from scheduler.cards import send_warnings
from scheduler.crew import Recipients
from scheduler.outbox import Target, event_target, reason
from scheduler.planner import Event, closes_campaign

log = logging.getLogger(__name__)


class FanOut(Recipients):
    """The fan-outs of the events: reminders, digests, checkpoints and nudges (bulletins and warnings in
    their own modules, over the same recipients' machinery)."""

    async def reminders(self, record: CampaignRecord, event: Event, late: bool, missed: bool) -> None:
        assert event.milestone is not None
        milestone, loaded = event.milestone, await self.s.progress.load(record)
        reach = Audience.reach(loaded)
        for member in Audience.cadres(loaded):
            m = member.member
            assert m.telegram_user_id is not None
            target = event_target(event, record.id, "reminder", f"m{member.id}", late=late, member_id=member.id)

            async def remind(
                r: MemberRecord = member, m: Member = m, target: Target = target, chat_id: int = m.telegram_user_id
            ) -> None:
                # One key per member and event whatever the message holds (own tasks, a unit's, or
                # both): a re-run after a restart finds it claimed and never sends a second one.
                due = Audience.reminder(loaded, reach, r, milestone)
                if not due.due:
                    return  # on target, and so is every unit whose quota reaches them: nothing to say
                if missed:
                    await self.outbox.record(target, "missed", "fell due while the bot was down; milestone closed")
                    return
                text = notices.reminder(
                    m.language, record.campaign, milestone, m.name, due.personal, late, due.shares, loaded.tree
                )
                await self.outbox.deliver(target, self.sender(chat_id, text))

            await self.isolated(target, remind)
        if not missed:  # for a closed milestone the checkpoint's missed list replaces the digest
            await self.digests(record, event, loaded, late)

    async def digests(self, record: CampaignRecord, event: Event, loaded: LoadedBook, late: bool) -> None:
        assert event.milestone is not None
        milestone = event.milestone
        basis = await self.s.audience.digest_basis(loaded)
        leaders = Audience.leaders(loaded)
        forecasts = await self.forecasts(record, loaded, leaders, milestone)
        for leader in leaders:
            target = event_target(event, record.id, "digest", f"m{leader.id}", late=late, member_id=leader.id)

            async def digest(leader: MemberRecord = leader, target: Target = target) -> None:
                listed = await self.s.audience.digest(record, loaded, basis, leader, milestone)
                text = digests.digest(
                    leader.member.language,
                    record.campaign,
                    milestone,
                    loaded.tree,
                    listed.unit_code,
                    listed.laggards,
                    listed.unreachable,
                    listed.problems,
                    digests.Recipients(listed.members, listed.groups),
                    late,
                    listed.violations,
                    listed.backlog,
                    listed.overdue,
                    forecasts.get(Assignee.unit(listed.unit_code), []),
                    listed.flagged,
                    listed.warned,
                    listed.own,
                )
                assert leader.member.telegram_user_id is not None
                if await self.outbox.deliver(target, self.sender(leader.member.telegram_user_id, text)) == "sent":
                    await self.s.audience.digest_sent(listed, leader.id)

            await self.isolated(target, digest)

    async def forecasts(
        self, record: CampaignRecord, loaded: LoadedBook, leaders: list[MemberRecord], milestone: Milestone
    ) -> Forecasts:
        """Every leader's unit's forecast for the digest's checkpoint, from one read. Without them
        the digests still go (a forecast is extra): a failure is logged, without content."""
        try:
            units = list(dict.fromkeys(Assignee.unit(leader.member.unit_code) for leader in leaders))
            return await self.s.forecast.of(loaded, units, milestone)
        except Exception as error:
            log.warning("digest forecasts of campaign %s not computed (%s)", record.id, reason(error))
            return {}

    async def checkpoint(self, record: CampaignRecord, event: Event, late: bool) -> None:
        assert event.milestone is not None
        milestone = event.milestone
        loaded = await self.s.progress.load(record)
        try:  # the checkpoint's own judgement (and the warnings it causes); losing it must not cost the lists
            await self.s.checkpoints.record(record.id, loaded.book, milestone)
        except Exception as error:
            log.warning(
                "checkpoint %s of campaign %s: evaluation not stored (%s)", event.percent, record.id, reason(error)
            )
        # After the record: a bulletin names the members its warnings made public (bot/services/warnings.py).
        if not closes_campaign(record.campaign, milestone):  # at the deadline the final summary is the bulletin
            await post_bulletins(self, record, event, late, checkpoint=True)
        for leader in Audience.leaders(loaded):
            target = event_target(event, record.id, "missed", f"m{leader.id}", late=late, member_id=leader.id)

            async def missed(leader: MemberRecord = leader, target: Target = target) -> None:
                unit, lang = leader.member.unit_code, leader.member.language
                listed = Audience.missed(loaded, leader, milestone)
                text = notices.missed(
                    lang,
                    record.campaign,
                    milestone,
                    loaded.tree,
                    unit,
                    listed.members,
                    listed.units,
                    listed.violations,
                    listed.away,
                )
                assert leader.member.telegram_user_id is not None
                await self.outbox.deliver(target, self.sender(leader.member.telegram_user_id, text))

            await self.isolated(target, missed)
        await send_warnings(self, record, event, loaded, late)  # after the missed list it follows from

    async def nudges(self, record: CampaignRecord, event: Event, late: bool) -> None:
        """The evening nudge, at most once a day per cadre (the key holds the day)."""
        for nudge in await self.s.nudges.due(record, event.local_date):
            m, recipient = nudge.member.member, f"m{nudge.member.id}"
            target = event_target(event, record.id, "nudge", recipient, late=late, member_id=nudge.member.id)

            async def send(m: Member = m, standing: Standing = nudge.standing, target: Target = target) -> None:
                assert m.telegram_user_id is not None
                text = nudge_views.nudge(m.language, record.campaign, m.name, standing)
                await self.outbox.deliver(target, self.sender(m.telegram_user_id, text))

            await self.isolated(target, send)
