"""Who may import which plan, judged against the organisation stored in SQLite (SPEC §1, §4).

The organisation is the example plan's, imported by the operator: county → 白洋渡镇 (bydz: ql, sq,
qlj) and 元木镇 (ymz: ym, byd). 郭镇长 leads bydz; 陈主任 leads the county.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.errors import DomainError
from bot.domain.model import Role
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.plans.loader import load_plan
from bot.services.clock import ManualClock
from bot.services.directory import Actor, Directory
from bot.services.plans import PlanService
from bot.services.progress import ProgressService
from bot.storage.campaigns import CampaignRepo
from bot.storage.db import Database
from bot.storage.org import MemberRepo

from .conftest import NOW

KEY = "winter-service-2026"
HEADER = EXAMPLE_PLAN_YAML[: EXAMPLE_PLAN_YAML.index("units:")].replace("  # or: off", "")
TOWN_ID, COUNTY_ID, VILLAGE_ID = 2001, 3001, 2002
TABLES = ("campaigns", "units", "members", "campaign_units", "campaign_members", "quotas")


BYDZ_QUOTA = "  - {assignee: bydz, visit: 10}\n"


def plan_text(units: str, members: str, key: str = KEY) -> bytes:
    header = HEADER.replace(f"key: {KEY}", f"key: {key}")
    return f"{header}units:\n{units}members:\n{members}quotas:\n{BYDZ_QUOTA}".encode()


# 郭镇长's own town, drawn as the root of his file.
BYDZ = """\
  - code: bydz
    name: 白洋渡镇
    level: town
    children:
      - {code: ql,  name: 七岭村,  level: village}
      - {code: sq,  name: 双泉村,  level: village}
"""
# ... and the other town drawn under it, as if it were his.
BYDZ_WITH_YMZ = (
    BYDZ
    + """\
      - code: ymz
        name: 元木镇
        level: town
        children:
          - {code: ym,  name: 元木村, level: village}
"""
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
async def service(db: Database, clock: ManualClock) -> PlanService:
    plans = PlanService(db, clock)
    await plans.import_plan(load_plan(EXAMPLE_PLAN_YAML.encode(), "plan.yaml"))  # the operator
    async with db.transaction() as conn:
        for name, user in (("郭镇长", TOWN_ID), ("陈主任", COUNTY_ID), ("李书记", VILLAGE_ID)):
            member = await MemberRepo(conn).by_key(name)
            assert member is not None
            await MemberRepo(conn).bind_user(member.id, user, 0)
    return plans


async def actor(db: Database, clock: ManualClock, user_id: int) -> Actor:
    return await Directory(db, clock, (), "zh").actor(user_id)


async def snapshot(db: Database) -> dict[str, list[Any]]:
    out = {}
    for table in TABLES:
        async with db.reader.execute(f"SELECT * FROM {table} ORDER BY 1, 2") as cur:
            out[table] = [tuple(r) for r in await cur.fetchall()]
    return out


async def refused(service: PlanService, who: Actor, data: bytes) -> list[str]:
    """The refusal keys of the preview; the import itself must refuse as well, changing nothing."""
    plan = load_plan(data, "plan.yaml")
    keys = [r.key for r in (await service.preview(plan, who)).refusals]
    with pytest.raises(DomainError):
        await service.import_plan(plan, actor=who)
    return keys


async def test_a_town_leader_cannot_take_over_the_county_campaign_with_its_key(
    db: Database, clock: ManualClock, service: PlanService
) -> None:
    before = await snapshot(db)
    town = await actor(db, clock, TOWN_ID)
    members = "  - {name: 郭镇长, unit: bydz, role: leader}\n  - {name: 孙七, unit: ymz, role: leader}\n"
    keys = await refused(service, town, plan_text(BYDZ_WITH_YMZ, members))
    assert "plan.auth.not_owner" in keys  # the campaign belongs to the county
    assert "plan.auth.unit_outside" in keys  # 元木镇 is not his
    assert "plan.auth.member_outside" in keys  # 孙七 is not his to promote
    assert "plan.auth.member_removed" in keys  # 陈主任 and 元木镇's people would be dropped
    assert await snapshot(db) == before
    county = await actor(db, clock, COUNTY_ID)
    assert county.is_leader
    record = await CampaignRepo(db.reader).get(KEY)
    assert record is not None
    loaded = await ProgressService(db, clock).load(record)
    assert (len(loaded.tree.units()), len(loaded.members)) == (8, 9)


async def test_a_fresh_campaign_key_cannot_demote_the_county_leader(
    db: Database, clock: ManualClock, service: PlanService
) -> None:
    before = await snapshot(db)
    town = await actor(db, clock, TOWN_ID)
    members = "  - {name: 郭镇长, unit: bydz, role: leader}\n  - {name: 陈主任, unit: ql, role: cadre}\n"
    keys = await refused(service, town, plan_text(BYDZ, members, key="bydz-own"))
    assert keys == ["plan.auth.member_outside"]
    assert await snapshot(db) == before
    chen = await MemberRepo(db.reader).by_key("陈主任")
    assert chen is not None
    assert (chen.member.unit_code, chen.member.role) == ("county", Role.LEADER)


async def test_a_town_leader_cannot_appoint_a_leader_at_their_own_level(
    db: Database, clock: ManualClock, service: PlanService
) -> None:
    before = await snapshot(db)
    town = await actor(db, clock, TOWN_ID)
    members = "  - {name: 郭镇长, unit: bydz, role: leader}\n  - {name: 王五, unit: bydz, role: leader}\n"
    assert await refused(service, town, plan_text(BYDZ, members, key="bydz-own")) == ["plan.auth.leader_too_high"]
    assert await snapshot(db) == before


async def test_a_village_leader_cannot_re_root_a_campaign_above_their_village(
    db: Database, clock: ManualClock, service: PlanService
) -> None:
    before = await snapshot(db)
    village = await actor(db, clock, VILLAGE_ID)
    members = "  - {name: 李书记, unit: ql, role: leader}\n"
    keys = await refused(service, village, plan_text(BYDZ, members, key="ql-own"))
    assert set(keys) == {"plan.auth.unit_outside"}
    assert await snapshot(db) == before


async def test_a_town_leader_may_run_a_campaign_of_their_own_town_and_it_stays_under_the_county(
    db: Database, clock: ManualClock, service: PlanService
) -> None:
    town = await actor(db, clock, TOWN_ID)
    members = (
        "  - {name: 郭镇长, unit: bydz, role: leader}\n"
        "  - {name: 王五, unit: sq, role: leader}\n"  # a leader below his own level: his to appoint
        "  - {name: 张三, unit: ql, role: cadre}\n"
    )
    plan = load_plan(plan_text(BYDZ, members, key="bydz-own"), "plan.yaml")
    assert (await service.preview(plan, town)).refusals == []
    summary = await service.import_plan(plan, actor=town)
    assert summary.created
    async with db.reader.execute("SELECT code, parent_code FROM units") as cur:
        units = {r[0]: r[1] for r in await cur.fetchall()}
    assert units["bydz"] == "county"  # the town's own campaign does not detach it from the county
    record = await CampaignRepo(db.reader).get(KEY)
    assert record is not None
    loaded = await ProgressService(db, clock).load(record)
    assert len(loaded.tree.units()) == 8
    assert loaded.tree.ancestors("ql") == ["bydz", "county"]
    own = await CampaignRepo(db.reader).get("bydz-own")
    assert own is not None
    mine = await ProgressService(db, clock).load(own)
    assert [u.code for u in mine.tree.roots()] == ["bydz"]


async def test_the_county_leader_may_re_import_the_county_campaign(
    db: Database, clock: ManualClock, service: PlanService
) -> None:
    county = await actor(db, clock, COUNTY_ID)
    plan = load_plan(EXAMPLE_PLAN_YAML.replace("visit: 164", "visit: 170").encode(), "plan.yaml")
    assert (await service.preview(plan, county)).refusals == []
    assert not (await service.import_plan(plan, actor=county)).created


async def test_a_leader_removed_from_every_campaign_leads_nothing(
    db: Database, clock: ManualClock, service: PlanService
) -> None:
    without_guo = EXAMPLE_PLAN_YAML.replace("  - {name: 郭镇长, unit: bydz, role: leader}\n", "")
    await service.import_plan(load_plan(without_guo.encode(), "plan.yaml"))
    town = await actor(db, clock, TOWN_ID)
    assert not town.is_leader
    plan = load_plan(plan_text(BYDZ, "  - {name: 郭镇长, unit: bydz, role: leader}\n", key="bydz-own"), "plan.yaml")
    with pytest.raises(DomainError) as refusal:
        await service.import_plan(plan, actor=town)
    assert refusal.value.key == "error.not_leader"


async def test_only_a_leader_of_the_campaigns_root_may_cancel_it(
    db: Database, clock: ManualClock, service: PlanService
) -> None:
    before = await snapshot(db)
    with pytest.raises(DomainError) as refusal:
        await service.cancel(KEY, actor=await actor(db, clock, TOWN_ID))
    assert refusal.value.key == "plan.auth.not_owner"
    assert await snapshot(db) == before
    record, already = await service.cancel(KEY, actor=await actor(db, clock, COUNTY_ID))
    assert record.campaign.cancelled
    assert not already
