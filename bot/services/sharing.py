"""Leader use cases that hand data out or reach a group: /invite, /export, /bulletin, /bindgroup.

Each asks the authority policy through LeaderService.scope; none of them trusts the handler to
have decided who may see what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.errors import NotAllowed
from bot.domain.model import Assignee
from bot.domain.plan_authority import Organisation
from bot.domain.policy import Action, decide
from bot.services.audit_trail import audit_action
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.services.export import ExportService
from bot.services.invites import Invite, InviteService
from bot.services.leader import LeaderService
from bot.services.leader_scope import Scope
from bot.storage.campaigns import CampaignRecord
from bot.storage.db import Database
from bot.storage.groups import BoundGroup, GroupRepo
from bot.storage.org import MemberRecord, MemberRepo, UnitRepo


@dataclass(frozen=True, slots=True)
class Binding:
    unit_name: str
    replaced: MemberRecord | None  # the leader whose binding of this group was just replaced
    replaced_unit_name: str | None


class SharingService:
    def __init__(
        self, db: Database, clock: Clock, leader: LeaderService, invites: InviteService, export: ExportService
    ) -> None:
        self.db = db
        self.clock = clock
        self.leader = leader
        self.invites_service = invites
        self.export_service = export

    async def invites(
        self, actor: Actor, record: CampaignRecord, unit_code: str | None, bot_username: str
    ) -> list[Invite]:
        """Join codes of the not-yet-joined members in the subtree the leader asked for."""
        scope = await self.leader.scope(actor, record, Action.INVITE, unit_code)
        tree = scope.loaded.tree
        keys = {  # each code is that person's roster entry: the policy decides per person (no co-leaders)
            k
            for k in tree.subtree_member_keys(scope.unit_code)
            if decide(actor.facts, Action.INVITE, tree, Assignee.member(k)) is None
        }
        return await self.invites_service.invites(record.id, None, bot_username, requested_by=actor, member_keys=keys)

    async def export(self, actor: Actor, record: CampaignRecord, lang: str) -> bytes:
        """The workbook of the leader's subtree; an admin's is the whole campaign."""
        scope = await self.leader.scope(actor, record, Action.EXPORT)
        unit = None if actor.is_admin else scope.unit_code
        return await self.export_service.workbook(record, lang, unit, exported_by=actor)

    async def bulletin_groups(self, actor: Actor, record: CampaignRecord) -> tuple[Scope, list[BoundGroup]]:
        scope = await self.leader.scope(actor, record, Action.BULLETIN)
        return scope, await GroupRepo(self.db.reader).for_unit(scope.unit_code)

    async def group_migrated(self, old_chat_id: int, new_chat_id: int) -> None:
        async with self.db.transaction() as conn:
            await GroupRepo(conn).migrate(old_chat_id, new_chat_id)

    async def group_joined(self, chat_id: int) -> None:
        """The bot was added: remembered, so the scheduler leaves the group after a day unbound."""
        async with self.db.transaction() as conn:
            await GroupRepo(conn).seen(chat_id, self.clock())

    async def group_left(self, chat_id: int) -> None:
        async with self.db.transaction() as conn:
            await GroupRepo(conn).unbind(chat_id)
            await GroupRepo(conn).left(chat_id, self.clock())

    async def unbound_groups(self, before: datetime) -> list[int]:
        """Groups the bot joined before `before`, is still in, and nobody bound."""
        return await GroupRepo(self.db.reader).unbound_since(before)

    async def group_abandoned(self, chat_id: int, at: datetime) -> None:
        """The bot left a group nobody bound (SPEC §3.1)."""
        async with self.db.transaction() as conn:
            await GroupRepo(conn).left(chat_id, at)

    async def is_bound(self, chat_id: int) -> bool:
        return await GroupRepo(self.db.reader).get(chat_id) is not None

    async def bind_group(self, actor: Actor, record: CampaignRecord, chat_id: int) -> Binding:
        """Bind the group to the leader's unit. A group bound to another unit is taken over only by
        someone whose scope contains that unit (judged on the shared organisation: the unit may
        belong to another campaign)."""
        scope = await self.leader.scope(actor, record, Action.BIND_GROUP)
        member_id = actor.member_id
        if member_id is None:
            raise NotAllowed("error.not_member")
        async with self.db.transaction() as conn:
            groups = GroupRepo(conn)
            previous = await groups.get(chat_id)
            replaced, replaced_unit = None, None
            if previous is not None and (previous.unit_code, previous.bound_by) != (scope.unit_code, member_id):
                org = Organisation(await UnitRepo(conn).all(), {})
                unit = org.units.get(previous.unit_code)
                replaced_unit = unit.name if unit else previous.unit_code
                target = Assignee.unit(previous.unit_code)
                if decide(actor.facts, Action.BIND_GROUP, org.tree(), target) is not None:
                    raise NotAllowed("error.group_bound_elsewhere", unit=replaced_unit)
                if previous.bound_by != member_id:
                    replaced = await MemberRepo(conn).get(previous.bound_by)
            await groups.bind(chat_id, scope.unit_code, member_id, self.clock())
            await audit_action(
                conn,
                "group_bind",
                self.clock(),
                actor,
                record.id,
                chat_id=chat_id,
                unit=scope.unit_code,
                replaced_unit=previous.unit_code if previous else None,
            )
        return Binding(scope.loaded.tree.unit(scope.unit_code).name, replaced, replaced_unit)
