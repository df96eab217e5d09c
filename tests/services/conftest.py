"""The services tier: use cases run on a real SQLite file (the storage tier's `db` fixture), wired as
the bot wires them (Services.build), with no Telegram in between."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from bot.domain.model import Assignee, Member, Role, Unit, VerificationMode
from bot.services.clock import ManualClock
from bot.services.container import Services
from bot.services.directory import Actor
from bot.settings import load_settings
from bot.storage.campaigns import CampaignRecord, CampaignRepo, QuotaRepo
from bot.storage.db import Database
from bot.storage.org import MemberRepo, UnitRepo
from tests.services.towns import required_town, town, working_town  # noqa: F401  (the town fixtures, for the modules using them)
from tests.storage.conftest import NOW, db, small_campaign  # noqa: F401  (db: the storage tier's fixture)

CADRE_USER, LEADER_USER = 601, 501
CHAT = CADRE_USER  # the cadre's private chat with the bot has the cadre's id


@dataclass(frozen=True, slots=True)
class World:
    """One campaign (verification optional), one village with its leader and a cadre, both joined."""

    services: Services
    clock: ManualClock
    record: CampaignRecord
    cadre: Actor
    leader: Actor


@pytest.fixture
async def world(db: Database, tmp_path: Path) -> World:  # noqa: F811  (the imported fixture, requested)
    clock = ManualClock(NOW)
    campaign = replace(small_campaign(), verification=VerificationMode.OPTIONAL)
    async with db.transaction() as conn:
        cid = await CampaignRepo(conn).save(campaign, NOW)
        await UnitRepo(conn).upsert_many([Unit("ql", "七岭村", "village")])
        await UnitRepo(conn).set_campaign_units(cid, ["ql"])
        members = MemberRepo(conn)
        cadre = await members.upsert(Member("张三", "张三", "ql", Role.CADRE))
        leader = await members.upsert(Member("李书记", "李书记", "ql", Role.LEADER))
        await members.set_campaign_members(cid, [cadre, leader])
        await members.bind_user(cadre, CADRE_USER, 0)
        await members.bind_user(leader, LEADER_USER, 0)
        await QuotaRepo(conn).replace_all(
            cid, {(Assignee.member("张三"), "visit"): 40, (Assignee.member("张三"), "checkup"): 20}
        )
    settings = load_settings(database_path=tmp_path / "campaign.db", quiet_hours="")
    services = Services.build(settings, db, clock)
    cadre_actor = await services.directory.actor(CADRE_USER)
    record = await services.directory.current_campaign(cadre_actor)
    return World(services, clock, record, cadre_actor, await services.directory.actor(LEADER_USER))
