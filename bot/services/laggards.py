"""/laggards and /silent: who in a leader's scope lags behind (the one laggard rule) and who has sent
nothing today or for days (SPEC §5). Names and counts only; the policy decides the scope, as for
/progress: the leader's own subtree, an admin's first root."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from bot.domain.laggards import Silent, expected_to_report, silent_members
from bot.domain.model import Assignee, Milestone
from bot.domain.policy import Action
from bot.domain.standing import Standing
from bot.domain.tree import OrgTree
from bot.domain.warnings import WarningLevel
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.services.leader import LeaderService
from bot.services.leader_scope import Scope
from bot.services.warnings import WarningService
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo


@dataclass(frozen=True, slots=True)
class Silence:
    tree: OrgTree
    unit_code: str
    today: date  # in the campaign's time zone (its last day once it has ended)
    at_least: int
    members: list[Silent]


@dataclass(frozen=True, slots=True)
class Laggards:
    tree: OrgTree
    milestone: Milestone | None  # the next one; None once every milestone has passed
    behind: list[Standing]
    silence: Silence  # silent today, at least
    warned: dict[str, WarningLevel] = field(default_factory=dict)  # member key → graduated warning level
    away: list[tuple[str, date]] = field(default_factory=list)  # behind but on leave: name, last day of leave


class LaggardService:
    def __init__(self, db: Database, clock: Clock, leader: LeaderService) -> None:
        self.db = db
        self.clock = clock
        self.leader = leader
        self.warnings = WarningService(db, clock)

    async def laggards(self, actor: Actor, record: CampaignRecord, unit: str | None = None) -> Laggards:
        """`unit`: a unit below the actor's, by code or name (default: the actor's own)."""
        scope = await self.leader.scope(actor, record, Action.VIEW_LAGGARDS, unit)
        milestone = record.campaign.next_milestone(self.clock())
        listed = [] if milestone is None else scope.loaded.book.laggards(scope.unit_code, milestone)
        behind, away = scope.loaded.present(listed)
        silence = await self._silence(actor, record, scope, 1)
        return Laggards(
            scope.loaded.tree,
            milestone,
            behind,
            silence,
            await self.warnings.levels(record, scope.loaded.book.away),
            away,
        )

    async def silence(self, actor: Actor, record: CampaignRecord, at_least: int = 1) -> Silence:
        """Members in scope expected to report who sent nothing for `at_least` days in a row (1: today)."""
        scope = await self.leader.scope(actor, record, Action.VIEW_LAGGARDS)
        return await self._silence(actor, record, scope, at_least)

    async def _silence(self, actor: Actor, record: CampaignRecord, scope: Scope, at_least: int) -> Silence:
        campaign, loaded = record.campaign, scope.loaded
        zone = ZoneInfo(campaign.timezone)
        today = min(self.clock(), campaign.end).astimezone(zone).date()
        last = await ReportRepo(self.db.reader).last_reported(record.id)
        own = actor.member.key if actor.member is not None else None
        keys = [
            k
            for k in loaded.tree.subtree_member_keys(scope.unit_code)
            if k in loaded.members
            and k != own  # the leader asking is not listed to themselves
            and k not in loaded.away  # nobody is expected to report from their leave
            and expected_to_report(
                loaded.tree.member(k), any(loaded.quotas.get((Assignee.member(k), t.key)) for t in campaign.tasks)
            )
        ]
        last_days = {
            k: last[loaded.members[k].id].astimezone(zone).date() for k in keys if loaded.members[k].id in last
        }
        start = campaign.start.astimezone(zone).date()
        members = silent_members(loaded.tree, keys, last_days, start, today, at_least)
        return Silence(loaded.tree, scope.unit_code, today, at_least, members)
