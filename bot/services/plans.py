"""Use case: import a validated plan atomically (SPEC §4), if the uploader may make every change
it brings to the shared organisation and to the campaign (SPEC §1, bot/domain/plan_authority.py)."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.domain.errors import DomainError, NotAllowed
from bot.domain.model import Assignee
from bot.domain.plan_authority import Organisation, placed, plan_refusals
from bot.domain.policy import OPERATOR, Action, Refusal, decide
from bot.domain.warnings import counting_from, not_counted
from bot.plans.types import PlanDoc
from bot.services.audit_trail import audit_action
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.storage.campaigns import CampaignRecord, CampaignRepo, QuotaRepo
from bot.storage.db import Database
from bot.storage.org import MemberRepo, UnitRepo


@dataclass(frozen=True, slots=True)
class ImportSummary:
    campaign_key: str
    campaign_id: int
    created: bool  # False when an existing campaign was updated
    units: int
    members: int
    quotas: int
    removed_members: int


@dataclass(frozen=True, slots=True)
class Preview:
    """What a leader reads before confirming an import: the changes they may not make (any refuses the
    plan), and the checkpoints already past that a warning ladder switched on or changed now will not
    count (it counts forward only)."""

    refusals: list[Refusal]
    not_counted: tuple[int, ...] = ()


class PlanRefused(DomainError):
    """The plan changed nothing: the uploader may not make these changes (listed in the preview)."""

    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__("plan.auth.not_applied", count=len(refusals))
        self.refusals = refusals


class PlanService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def preview(self, plan: PlanDoc, actor: Actor | None = None) -> Preview:
        """Every change of the plan the actor may not make (none: it may be imported), and what of the
        campaign's past a new warning ladder leaves out."""
        refusals = await self._refusals(self.db.reader, plan, actor)
        existing = await CampaignRepo(self.db.reader).get(plan.campaign.key)
        if existing is None:  # a new campaign's ladder counts from its start
            return Preview(refusals)
        c = plan.campaign
        return Preview(refusals, not_counted(c.warnings, existing.campaign.warnings, c.milestones, self.clock()))

    async def _refusals(self, conn: aiosqlite.Connection, plan: PlanDoc, actor: Actor | None) -> list[Refusal]:
        facts = actor.facts if actor is not None else OPERATOR
        if not facts.is_leader:
            raise NotAllowed("error.not_leader")
        org = Organisation(await UnitRepo(conn).all(), await MemberRepo(conn).all())
        existing = await CampaignRepo(conn).get(plan.campaign.key)
        roots: list[str] = []
        dropped = []
        if existing is not None:  # a re-import: the campaign belongs to its current root unit(s)
            roots = [u.code for u in await UnitRepo(conn).for_campaign(existing.id) if u.parent_code is None]
            listed = {m.key for m in plan.members}
            active = await MemberRepo(conn).for_campaign(existing.id)
            dropped = [r.member for r in active if r.key not in listed]
        return plan_refusals(facts, org, plan.units, plan.members, campaign_roots=roots, dropped=dropped)

    async def cancel(self, key: str, *, actor: Actor | None = None) -> tuple[CampaignRecord, bool]:
        """Cancel the campaign (its reminders and bulletins stop: the scheduler derives them from the
        database). Returns the record and whether it was cancelled already (then nothing is audited).
        Only a leader of the campaign's root unit, an admin or the operator (`actor` None) may."""
        facts = actor.facts if actor is not None else OPERATOR
        async with self.db.transaction() as conn:
            campaigns = CampaignRepo(conn)
            record = await campaigns.get(key)
            if record is None:
                raise DomainError("campaign.unknown", key=key)
            org = Organisation(await UnitRepo(conn).all(), {}).tree()
            for unit in await UnitRepo(conn).for_campaign(record.id):
                if unit.parent_code is None and decide(facts, Action.CANCEL_CAMPAIGN, org, Assignee.unit(unit.code)):
                    raise NotAllowed("plan.auth.not_owner", unit=unit.name)
            already = record.campaign.cancelled
            if not already:
                await campaigns.set_cancelled(record.id, True)
                await audit_action(
                    conn,
                    "campaign_cancel",
                    self.clock(),
                    actor,
                    record.id,
                    campaign=key,
                    via="chat" if actor else "cli",
                )
            updated = await campaigns.get(key)
        assert updated is not None
        return updated, already

    async def import_plan(self, plan: PlanDoc, *, actor: Actor | None = None) -> ImportSummary:
        """All or nothing: one BEGIN IMMEDIATE transaction. Re-import updates quotas and milestones;
        reports are never touched, and members dropped from the roster are only deactivated.
        `actor`: the leader or admin who uploaded it in chat; None is the operator (CLI), who may
        change anything. The authority check runs again inside the transaction: the organisation
        may have changed since the preview."""
        now = self.clock()
        async with self.db.transaction() as conn:
            refusals = await self._refusals(conn, plan, actor)
            if refusals:
                raise PlanRefused(refusals)
            campaigns = CampaignRepo(conn)
            existing = await campaigns.get(plan.campaign.key)
            members = MemberRepo(conn)
            before = {m.id for m in await members.for_campaign(existing.id)} if existing else set()
            # A ladder switched on or changed by a re-import counts forward only (bot/domain/warnings.py).
            since = (
                None
                if existing is None
                else counting_from(plan.campaign.warnings, existing.campaign.warnings, existing.warnings_since, now)
            )
            cid = await campaigns.save(plan.campaign, now, since)
            units = UnitRepo(conn)
            await units.upsert_many(placed(plan.units, Organisation(await units.all(), {})))
            await units.set_campaign_units(cid, [u.code for u in plan.units])
            ids = [await members.upsert(m) for m in plan.members]
            await members.set_campaign_members(cid, ids)
            await QuotaRepo(conn).replace_all(cid, plan.quotas)
            removed = len(before - set(ids))
            await audit_action(
                conn,
                "plan_import",
                now,
                actor,
                cid,
                campaign=plan.campaign.key,
                units=len(plan.units),
                members=len(ids),
                quotas=len(plan.quotas),
                removed_members=removed,
            )
        return ImportSummary(
            plan.campaign.key, cid, existing is None, len(plan.units), len(ids), len(plan.quotas), removed
        )
