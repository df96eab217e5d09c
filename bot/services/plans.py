"""Use case: import a validated plan atomically (SPEC §4)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.plans.types import PlanDoc
from bot.services.clock import Clock
from bot.storage.campaigns import CampaignRepo, QuotaRepo
from bot.storage.db import Database
from bot.storage.ops import AuditRepo
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


class PlanService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def import_plan(
        self, plan: PlanDoc, *, actor_member_id: int | None = None, actor_user_id: int | None = None
    ) -> ImportSummary:
        """All or nothing: one BEGIN IMMEDIATE transaction. Re-import updates quotas and milestones;
        reports are never touched, and members dropped from the roster are only deactivated."""
        now = self.clock()
        async with self.db.transaction() as conn:
            campaigns = CampaignRepo(conn)
            existing = await campaigns.get(plan.campaign.key)
            members = MemberRepo(conn)
            before = {m.id for m in await members.for_campaign(existing.id)} if existing else set()
            cid = await campaigns.save(plan.campaign, now)
            units = UnitRepo(conn)
            await units.upsert_many(plan.units)
            await units.set_campaign_units(cid, [u.code for u in plan.units])
            ids = [await members.upsert(m) for m in plan.members]
            await members.set_campaign_members(cid, ids)
            await QuotaRepo(conn).replace_all(cid, plan.quotas)
            removed = len(before - set(ids))
            await AuditRepo(conn).record(
                "plan_import",
                now,
                member_id=actor_member_id,
                user_id=actor_user_id,
                campaign_id=cid,
                campaign=plan.campaign.key,
                units=len(plan.units),
                members=len(ids),
                quotas=len(plan.quotas),
                removed_members=removed,
            )
        return ImportSummary(
            plan.campaign.key, cid, existing is None, len(plan.units), len(ids), len(plan.quotas), removed
        )
