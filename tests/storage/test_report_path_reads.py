"""The report path's statements against a real SQLite file: a campaign reads back exactly as last
written (even when rewritten within the same second), the roster filter, a unit's chain to its root,
and the ledger's one-statement forms agreeing with the plain ones."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.domain.model import (
    Campaign,
    Member,
    Milestone,
    MinEachRule,
    ReportSource,
    ReportStatus,
    Role,
    TaskType,
    Unit,
    VerificationMode,
)
from bot.domain.origin import Origin
from bot.storage.campaigns import CampaignRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRepo, UnitRepo

from .conftest import NOW, TZ, seed, small_campaign


def rich_campaign() -> Campaign:
    return replace(
        small_campaign(),
        tasks=(  # not in key order: the plan's order is kept
            TaskType("visit", "入户走访", "户", ("走访", "家访")),
            TaskType("register", "信息登记", "份", (), 80),
            TaskType("checkup", "健康体检", "人", ("体检",)),
        ),
        milestones=(
            Milestone(60, datetime(2026, 12, 5, 18, 0, tzinfo=TZ)),
            Milestone(80, datetime(2026, 12, 15, 18, 0, tzinfo=TZ)),
            Milestone(100, datetime(2027, 1, 5, 18, 0, tzinfo=TZ)),
        ),
        rules=(MinEachRule("village", "checkup", 1, 60), MinEachRule("town", "visit", 5, 80)),
        verification=VerificationMode.REQUIRED,
    )


async def test_a_campaign_reads_back_exactly_as_saved(db: Database) -> None:
    campaign = rich_campaign()
    async with db.transaction() as conn:
        cid = await CampaignRepo(conn).save(campaign, NOW)
    repo = CampaignRepo(db.reader)
    by_key, by_id, listed = await repo.get("c1"), await repo.get_by_id(cid), await repo.all()
    assert by_key is not None
    assert by_id is not None
    assert by_key.campaign == by_id.campaign == listed[0].campaign == campaign
    assert by_key.created_at == NOW
    assert await repo.get("nope") is None
    assert await repo.get_by_id(cid + 1) is None


async def test_a_definition_rewritten_within_the_same_second_reads_back_new(db: Database) -> None:
    first = rich_campaign()
    async with db.transaction() as conn:
        cid = await CampaignRepo(conn).save(first, NOW)
    repo = CampaignRepo(db.reader)
    assert (await repo.get_by_id(cid)).campaign == first  # type: ignore[union-attr]
    second = replace(
        first,
        tasks=(TaskType("visit", "上门走访", "户", ("探访",), 3), first.tasks[2]),
        milestones=first.milestones[1:],
        rules=(),
    )
    async with db.transaction() as conn:
        await CampaignRepo(conn).save(second, NOW)  # the same `updated_at`
    assert (await repo.get_by_id(cid)).campaign == second  # type: ignore[union-attr]
    moved = datetime(2026, 12, 20, 18, 0, tzinfo=TZ)
    async with db.transaction() as conn:
        await CampaignRepo(conn).set_milestone_due(cid, 80, moved)
    assert (await repo.get("c1")).campaign.milestones[0].due == moved  # type: ignore[union-attr]
    async with db.transaction() as conn:
        await CampaignRepo(conn).set_cancelled(cid, True)
    assert [r.campaign.cancelled for r in await repo.all()] == [True]


async def test_campaigns_of_a_member_are_those_whose_roster_has_them_active(db: Database) -> None:
    cid, mid = await seed(db)
    async with db.transaction() as conn:
        other = await CampaignRepo(conn).save(replace(small_campaign(), key="c2"), NOW)
        await UnitRepo(conn).set_campaign_units(other, ["ql"])
        await MemberRepo(conn).set_campaign_members(other, [mid])
        third = await CampaignRepo(conn).save(replace(small_campaign(), key="c3"), NOW)
        await UnitRepo(conn).set_campaign_units(third, ["ql"])
        await MemberRepo(conn).set_campaign_members(third, [mid])
        await MemberRepo(conn).set_campaign_members(third, [])  # dropped by a re-import
    repo = CampaignRepo(db.reader)
    assert [(r.id, r.on_roster) for r in await repo.all(member_id=mid)] == [(cid, mid), (other, mid)]
    assert [(r.id, r.on_roster) for r in await repo.all()] == [(cid, None), (other, None), (third, None)]
    assert (await repo.get_by_id(cid)).on_roster is None  # type: ignore[union-attr]  # checked by nobody
    assert await repo.all(member_id=mid + 1) == []


async def test_a_units_chain_is_its_path_to_the_campaigns_root(db: Database) -> None:
    county = [
        Unit("county", "县", "county"),
        Unit("bydz", "白洋渡镇", "town", "county"),
        Unit("ql", "七岭村", "village", "bydz"),
        Unit("sq", "双泉村", "village", "bydz"),
        Unit("ymz", "元木镇", "town", "county"),
        Unit("ym", "元木村", "village", "ymz"),
    ]
    async with db.transaction() as conn:
        whole = await CampaignRepo(conn).save(small_campaign(), NOW)
        town = await CampaignRepo(conn).save(replace(small_campaign(), key="town"), NOW)
        await UnitRepo(conn).upsert_many(county)
        await UnitRepo(conn).set_campaign_units(whole, [u.code for u in county])
        await UnitRepo(conn).set_campaign_units(town, ["bydz", "ql", "sq"])  # under the county, run alone
        await MemberRepo(conn).upsert(Member("张三", "张三", "ql", Role.CADRE))
    units = UnitRepo(db.reader)
    for campaign_id in (whole, town):
        listed = await units.for_campaign(campaign_id)
        for unit in listed:
            assert await units.chain(campaign_id, unit.code) == walk_up(listed, unit.code)
    assert [u.code for u in await units.chain(whole, "ql")] == ["ql", "bydz", "county"]
    assert await units.chain(town, "ql") == [county[2], Unit("bydz", "白洋渡镇", "town", None)]
    assert await units.chain(town, "ym") == []  # not in that campaign


def walk_up(units: list[Unit], code: str) -> list[Unit]:
    """The unit and its ancestors among the campaign's units, nearest first."""
    by_code = {u.code: u for u in units}
    chain: list[Unit] = []
    current: str | None = code
    while current is not None and current in by_code:
        chain.append(by_code[current])
        current = by_code[current].parent_code
    return chain


async def test_a_messages_state_in_one_statement_agrees_with_its_two_reads(db: Database) -> None:
    cid, mid = await seed(db)
    first, edit = Origin(ReportSource.TEXT, 1001, 7, 0), Origin(ReportSource.TEXT, 1001, 7, 50)
    async with db.transaction() as conn:
        repo = ReportRepo(conn)
        assert await repo.message_state(1001, 7) == (None, [])
        assert await repo.append_many(cid, mid, [("visit", 5), ("checkup", 2)], first, NOW) == 2
        assert await repo.append_many(cid, mid, [("visit", 5), ("checkup", 2)], first, NOW) == 0  # redelivered
        assert await repo.message_state(1001, 7) == (0, await repo.by_message(1001, 7))
        visit = (await repo.by_message(1001, 7))[0]
        fix = Origin(ReportSource.CORRECTION, 1001, 7, 50)
        await repo.append(cid, mid, "visit", -5, fix, NOW, corrects=visit)
        assert await repo.append_many(cid, mid, [("visit", 3)], edit, NOW) == 1
        latest, live = await repo.message_state(1001, 7)
    assert latest == await ReportRepo(db.reader).max_revision(1001, 7) == 50
    assert live == await ReportRepo(db.reader).by_message(1001, 7)
    assert [(r.task, r.delta, r.revision, r.status) for r in live] == [
        ("checkup", 2, 0, ReportStatus.REPORTED),
        ("visit", 3, 50, ReportStatus.REPORTED),
    ]
