"""Leave (请假, issue 11 §2): set, end early and list members' leave.

Anyone may set their own leave from today on; a leader also for members in scope, past days too (the
policy decides: Action.SET_LEAVE; bot/domain/leave.py `check_own` why not one's own past).
Only dates are kept, never a reason. Every write is keyed by the update that caused it, so a redelivered
/leave or /leave off writes nothing more and is answered from what it wrote the first time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain import policy
from bot.domain.errors import DomainError
from bot.domain.leave import (
    Leave,
    campaign_days,
    check,
    check_own,
    checkpoint_day,
    ended_early,
    merged,
    parse_day,
    within_campaign,
)
from bot.domain.model import Assignee, Campaign
from bot.domain.origin import MessageKey
from bot.domain.policy import Action
from bot.services import naming
from bot.services.audit_trail import audit_action
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.services.leader import LeaderService
from bot.services.leave_told import Change, LeaveTold, claim_told
from bot.services.progress import LoadedBook, ProgressService
from bot.services.resplit import ResplitOffer, claim_offers
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.leaves import LeaveRepo, LeaveRow
from bot.storage.org import MemberRecord


@dataclass(frozen=True, slots=True)
class LeaveSet:
    """A leave as set (after merging with the member's touching leaves)."""

    leave_id: int
    member: MemberRecord
    leave: Leave
    own: bool  # the actor set their own leave
    duplicate: bool = False  # a redelivered update: nothing was written
    offers: list[ResplitOffer] = field(default_factory=list)  # to the unit's leaders: re-split (claimed)
    told: LeaveTold | None = None  # to the member, when a leader set it (claimed)
    clipped: bool = False  # asked past the campaign's last day: kept to it


@dataclass(frozen=True, slots=True)
class LeaveEnded:
    member: MemberRecord
    leave: Leave | None  # as it now stands (today its last day); None: called off before it began
    own: bool
    duplicate: bool = False
    told: LeaveTold | None = None  # to the member, when a leader ended it (claimed)


@dataclass(frozen=True, slots=True)
class LeaveEntry:
    member: MemberRecord
    leave: Leave


def local_day(campaign: Campaign, at: datetime) -> date:
    return at.astimezone(ZoneInfo(campaign.timezone)).date()


class LeaveService:
    def __init__(self, db: Database, clock: Clock, leader: LeaderService, progress: ProgressService) -> None:
        self.db = db
        self.clock = clock
        self.leader = leader
        self.progress = progress

    async def _target(self, actor: Actor, record: CampaignRecord, who: str | None) -> tuple[LoadedBook, MemberRecord]:
        """The member whose leave this is (the actor without a name), once the policy allowed it."""
        if who and not actor.is_leader and actor.member is not None and who == actor.member.member.name:
            who = None  # a cadre writing their own name, as the leader's form shows: their own leave
        if who:
            home, reach = await self.leader.nameable(actor, record)
            loaded = home.loaded
            key = naming.member(loaded.tree, reach, who).key
            member = loaded.members[key]
        else:
            own = actor.require_member()
            loaded = await self.progress.load(record)
            if own.key not in loaded.members:
                raise DomainError("leave.not_on_roster")
            member = loaded.members[own.key]
        policy.require(actor.facts, Action.SET_LEAVE, loaded.tree, Assignee.member(member.key))
        return loaded, member

    async def set(
        self, actor: Actor, record: CampaignRecord, first: str, last: str, message: MessageKey, who: str | None = None
    ) -> LeaveSet:
        """`/leave [who] FIRST LAST`: a leave from `first` to `last` as typed (M-D, 12月10日, ISO)."""
        campaign = record.campaign
        start, end = campaign_days(campaign)
        asked = Leave(parse_day(first, start, end), parse_day(last, start, end))
        loaded, member = await self._target(actor, record, who)
        own = member.id == actor.member_id
        now = self.clock()
        today = local_day(campaign, now)
        async with self.db.transaction() as conn:
            repo = LeaveRepo(conn)
            if (done := await repo.caused_by(message)) is not None:
                return LeaveSet(done.id, member, done.leave, own, duplicate=True, clipped=asked.last > end)
            check(within_campaign(asked, start, end), today, start, end)
            if own:
                due = [checkpoint_day(m.due, campaign.timezone) for m in campaign.milestones if m.due <= now]
                check_own(within_campaign(asked, start, end), today, due)
            existing = [r for r in await repo.of_member(record.id, member.id) if r.leave.last >= today]
            union, replaced = merged(asked, [r.leave for r in existing])
            union = within_campaign(union, start, end)  # only the campaign's days are leave that counts
            check(union, today, start, end)
            for row in existing:
                if row.leave in replaced:
                    await repo.end(row.id, None, now, message)
            leave_id = await repo.add(record.id, member.id, union, actor.member_id, now, message)
            await audit_action(
                conn,
                "leave_set",
                now,
                actor,
                record.id,
                leave=leave_id,
                member=member.id,
                first=union.first.isoformat(),
                last=union.last.isoformat(),
            )
            offers = await claim_offers(conn, loaded, member, leave_id, union, (start, end), now)
            told = await claim_told(conn, record.id, member, actor.member, Change.SET, union, message, now)
        return LeaveSet(leave_id, member, union, own, offers=offers, told=told, clipped=asked.last > end)

    async def end(
        self, actor: Actor, record: CampaignRecord, message: MessageKey, who: str | None = None
    ) -> LeaveEnded:
        """`/leave [who] off`: the leave under way ends today; one not yet begun (the next one) is called off."""
        campaign = record.campaign
        _, member = await self._target(actor, record, who)
        own = member.id == actor.member_id
        now = self.clock()
        today = local_day(campaign, now)
        async with self.db.transaction() as conn:
            repo = LeaveRepo(conn)
            if done := await repo.ended_by(message):
                row = done[0]
                return LeaveEnded(member, None if row.cancelled else row.leave, own, duplicate=True)
            pending = [r for r in await repo.of_member(record.id, member.id) if r.leave.last >= today]
            if not pending:
                raise DomainError("leave.none", name=member.member.name)
            row = pending[0]  # earliest first: the one under way, else the next
            if row.leave.first <= today == row.leave.last:
                # Ended already (a second /leave off, not a redelivery) or ending today anyway: ending
                # it again would tell the member twice and must not reach past it to the next leave.
                raise DomainError("leave.already_ends_today", name=member.member.name)
            kept = ended_early(row.leave, today)
            await repo.end(row.id, None if kept is None else kept.last, now, message)
            await audit_action(conn, "leave_end", now, actor, record.id, leave=row.id, member=member.id)
            change, told_leave = (Change.CANCELLED, row.leave) if kept is None else (Change.ENDED, kept)
            told = await claim_told(conn, record.id, member, actor.member, change, told_leave, message, now)
        return LeaveEnded(member, kept, own, told=told)

    async def listing(self, actor: Actor, record: CampaignRecord) -> list[LeaveEntry]:
        """`/leave`: current and upcoming leave — a leader's whole scope, anyone else their own."""
        today = local_day(record.campaign, self.clock())
        if actor.is_leader:
            home, _ = await self.leader.nameable(actor, record)
            loaded = home.loaded
            keys = set(loaded.tree.subtree_member_keys(home.unit_code))
            if actor.member is not None:
                keys.add(actor.member.key)
        else:
            own = actor.require_member()
            loaded = await self.progress.load(record)
            keys = {own.key}
        ids = {loaded.members[k].id for k in keys if k in loaded.members}
        rows = await LeaveRepo(self.db.reader).for_campaign(record.id, ending_from=today)
        span = campaign_days(record.campaign)  # a leave stored before it was kept to the campaign: its days
        return [
            LeaveEntry(loaded.by_id[r.member_id], within_campaign(r.leave, *span)) for r in rows if r.member_id in ids
        ]

    async def own(self, record: CampaignRecord, member_id: int) -> Leave | None:
        """A member's leave under way, else the next one (for /me); None when there is none."""
        today = local_day(record.campaign, self.clock())
        rows = await LeaveRepo(self.db.reader).of_member(record.id, member_id)
        found = next((r.leave for r in rows if r.leave.last >= today), None)
        return None if found is None else within_campaign(found, *campaign_days(record.campaign))

    async def row(self, leave_id: int) -> LeaveRow | None:
        return await LeaveRepo(self.db.reader).get(leave_id)
