"""Plan import against a real SQLite file: re-import keeps the ledger, applies quota and milestone
changes, removed members' reports keep counting, and a failure mid-import changes nothing (SPEC §4)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.domain.model import Assignee, ReportSource
from bot.domain.origin import Origin
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.plans.loader import load_plan
from bot.plans.types import PlanDoc
from bot.services.clock import ManualClock
from bot.services.directory import Actor
from bot.services.plans import PlanService
from bot.services.progress import LoadedBook, ProgressService
from bot.storage.audit import AuditRepo
from bot.storage.campaigns import CampaignRecord, CampaignRepo, QuotaRepo
from bot.storage.db import Database
from bot.storage.ledger import ReportRepo
from bot.storage.org import MemberRepo, UnitRepo

from .conftest import NOW

KEY = "winter-service-2026"
ZHANG = "  - {name: 张三, unit: ql, role: cadre}\n"
ZHANG_QUOTA = "  - {assignee: 张三,   visit: 20,  checkup: 15}\n"


def plan(text: str = EXAMPLE_PLAN_YAML) -> PlanDoc:
    return load_plan(text.encode(), "plan.yaml")


def edited(*swaps: tuple[str, str]) -> str:
    text = EXAMPLE_PLAN_YAML
    for old, new in swaps:
        assert old in text, old
        text = text.replace(old, new)
    return text


WITHOUT_ZHANG = edited((ZHANG, ""), (ZHANG_QUOTA, ""))
WITHOUT_QL = edited(  # the village 七岭村 dropped from the plan, with its people and quotas
    ("          - {code: ql,  name: 七岭村,  level: village}\n", ""),
    ("  - {name: 李书记, unit: ql, role: leader}\n", ""),
    (ZHANG, ""),
    ("  - {name: 李四, unit: ql, role: cadre}\n", ""),
    ("  - {assignee: ql,     visit: 40,  checkup: 30}\n", ""),
    (ZHANG_QUOTA, ""),
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


async def record_of(db: Database) -> CampaignRecord:
    record = await CampaignRepo(db.reader).get(KEY)
    assert record is not None
    return record


async def report(db: Database, member_key: str, task: str, delta: int, message_id: int) -> None:
    record = await record_of(db)
    member = await MemberRepo(db.reader).by_key(member_key)
    assert member is not None
    async with db.transaction() as conn:
        origin = Origin(ReportSource.TEXT, chat_id=500, message_id=message_id)
        assert await ReportRepo(conn).append(record.id, member.id, task, delta, origin, NOW) is not None


async def book(db: Database, clock: ManualClock) -> LoadedBook:
    return await ProgressService(db, clock).load(await record_of(db))


def done(loaded: LoadedBook, code: str, task: str = "visit") -> int:
    s = loaded.book.standing(Assignee.unit(code))
    return next((ts.done for ts in s.tasks if ts.task == task), 0)


async def ledger(db: Database) -> list[tuple[Any, ...]]:
    async with db.reader.execute("SELECT * FROM reports ORDER BY id") as cur:
        return [tuple(r) for r in await cur.fetchall()]


async def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    async with db.reader.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ) as cur:
        tables = [r[0] for r in await cur.fetchall()]
    out = {}
    for table in tables:
        async with db.reader.execute(f"SELECT * FROM {table}") as cur:  # table names come from sqlite_master
            out[table] = sorted((tuple(r) for r in await cur.fetchall()), key=repr)
    return out


async def audit_rows(db: Database) -> list[dict[str, Any]]:
    async with db.reader.execute("SELECT action, details FROM audit_log ORDER BY id") as cur:
        return [{"action": r[0], **json.loads(r[1])} for r in await cur.fetchall()]


async def test_re_import_keeps_every_ledger_row_and_every_total(db: Database, clock: ManualClock) -> None:
    service = PlanService(db, clock)
    first = await service.import_plan(plan())
    await report(db, "张三", "visit", 7, 1)
    await report(db, "李四", "checkup", 3, 2)
    await report(db, "孙七", "visit", 5, 3)
    rows, before = await ledger(db), await book(db, clock)
    clock.advance(hours=1)
    again = await service.import_plan(plan())
    assert first.created
    assert not again.created
    assert again.campaign_id == first.campaign_id
    assert await ledger(db) == rows
    assert len(rows) == 3
    after = await book(db, clock)
    for code in ("county", "bydz", "ymz", "ql", "ym"):
        for task in ("visit", "checkup"):
            assert done(after, code, task) == done(before, code, task)
    assert (done(after, "county"), done(after, "county", "checkup")) == (12, 3)


async def test_re_import_applies_changed_quotas_and_milestone_dates(db: Database, clock: ManualClock) -> None:
    service = PlanService(db, clock)
    await service.import_plan(plan())
    await report(db, "张三", "visit", 7, 1)
    changed = edited(
        ("{assignee: 张三,   visit: 20,", "{assignee: 张三,   visit: 25,"),
        ("{assignee: ql,     visit: 40,  checkup: 30}", "{assignee: ql,     visit: 45}"),
        ("{percent: 60, due: 2026-12-05T18:00}", "{percent: 60, due: 2026-12-08T18:00}"),
    )
    await service.import_plan(plan(changed))
    record = await record_of(db)
    quotas = await QuotaRepo(db.reader).for_campaign(record.id)
    assert quotas[(Assignee.member("张三"), "visit")] == 25
    assert quotas[(Assignee.unit("ql"), "visit")] == 45
    assert (Assignee.unit("ql"), "checkup") not in quotas  # a quota left out of the new plan is gone
    m60 = next(m for m in record.campaign.milestones if m.percent == 60)
    assert m60.due == datetime(2026, 12, 8, 18, 0, tzinfo=m60.due.tzinfo)
    standing = (await book(db, clock)).book.standing(Assignee.member("张三"))
    assert standing.next_milestone == m60
    assert next(ts.quota for ts in standing.tasks if ts.task == "visit") == 25


async def test_a_removed_members_reports_survive_and_still_count_for_their_unit(
    db: Database, clock: ManualClock
) -> None:
    service = PlanService(db, clock)
    await service.import_plan(plan())
    await report(db, "张三", "visit", 7, 1)
    await report(db, "李四", "visit", 2, 2)
    rows = await ledger(db)
    summary = await service.import_plan(plan(WITHOUT_ZHANG))
    assert summary.removed_members == 1
    assert await ledger(db) == rows
    loaded = await book(db, clock)
    assert (done(loaded, "ql"), done(loaded, "bydz"), done(loaded, "county")) == (9, 9, 9)
    # …but 张三 is no assignee any more: no standing, ranking row, reminder or laggard line.
    assert not loaded.tree.has_member("张三")
    assert "张三" not in loaded.members
    listed = {s.assignee for s in loaded.book.members_in_scope("county")}
    listed |= {s.assignee for s in loaded.book.laggards("county")}
    listed |= {s.assignee for s in loaded.book.children("ql")}
    assert Assignee.member("张三") not in listed
    assert loaded.book.standing(Assignee.unit("ql")).raw_quota == 40 + 30  # ql's own quota, unchanged


async def test_a_removed_members_work_counts_at_the_nearest_unit_left_when_their_unit_is_dropped(
    db: Database, clock: ManualClock
) -> None:
    service = PlanService(db, clock)
    await service.import_plan(plan())
    await report(db, "张三", "visit", 7, 1)
    await report(db, "王五", "visit", 1, 2)  # in 双泉村, still in the plan
    summary = await service.import_plan(plan(WITHOUT_QL))
    assert summary.removed_members == 3
    loaded = await book(db, clock)
    assert not loaded.tree.has_unit("ql")
    assert (done(loaded, "sq"), done(loaded, "bydz"), done(loaded, "county")) == (1, 8, 8)
    assert done(loaded, "ymz") == 0


async def test_the_one_member_acknowledgement_book_does_not_load_removed_members(
    db: Database, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = PlanService(db, clock)
    await service.import_plan(plan())
    await report(db, "张三", "visit", 7, 1)
    await report(db, "李四", "visit", 2, 2)
    await service.import_plan(plan(WITHOUT_ZHANG))

    async def no_roster(*args: object, **kwargs: object) -> None:
        raise AssertionError("the acknowledgement path must not load the roster")

    monkeypatch.setattr(MemberRepo, "for_campaign", no_roster)
    monkeypatch.setattr(MemberRepo, "removed_from_campaign", no_roster)
    monkeypatch.setattr(UnitRepo, "parents", no_roster)
    li = await MemberRepo(db.reader).by_key("李四")
    assert li is not None
    loaded = await ProgressService(db, clock).load(await record_of(db), only_member=li)
    assert done(loaded, "ql") == 2  # 李四 alone: nobody else's work is read


@pytest.mark.parametrize(
    ("repo", "method"),
    [(MemberRepo, "set_campaign_members"), (QuotaRepo, "replace_all"), (AuditRepo, "record")],
)
async def test_an_import_that_fails_midway_leaves_the_database_exactly_as_before(
    db: Database, clock: ManualClock, monkeypatch: pytest.MonkeyPatch, repo: type, method: str
) -> None:
    service = PlanService(db, clock)
    await service.import_plan(plan())
    await report(db, "张三", "visit", 7, 1)
    before = await snapshot(db)

    async def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(repo, method, boom)
    changed = edited(  # touches every table the import writes: campaign, units, members, quotas
        ("name: 冬季健康服务集中活动", "name: 冬季服务（改）"),
        ("{code: sq,  name: 双泉村,", "{code: sq,  name: 双泉新村,"),
        ("  - {name: 周八, unit: byd, role: cadre}\n", "  - {name: 吴九, unit: byd, role: cadre}\n"),
        ("{assignee: 张三,   visit: 20,", "{assignee: 张三,   visit: 25,"),
        ("{percent: 60, due: 2026-12-05T18:00}", "{percent: 60, due: 2026-12-08T18:00}"),
    )
    clock.advance(hours=1)
    with pytest.raises(RuntimeError, match="disk on fire"):
        await service.import_plan(plan(changed))
    assert await snapshot(db) == before
    monkeypatch.undo()
    await service.import_plan(plan(changed))  # the database is still usable and the same import now lands
    after = await snapshot(db)
    assert after != before
    assert len(after["members"]) == len(before["members"]) + 1


def admin(user_id: int) -> Actor:
    return Actor(user_id, None, True, "zh")


async def test_the_audit_log_has_one_row_per_successful_import_and_none_for_a_failed_one(
    db: Database, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = PlanService(db, clock)
    await service.import_plan(plan(), actor=admin(42))
    await report(db, "张三", "visit", 7, 1)

    async def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    with monkeypatch.context() as patch:
        patch.setattr(QuotaRepo, "replace_all", boom)
        with pytest.raises(RuntimeError):
            await service.import_plan(plan(WITHOUT_ZHANG), actor=admin(43))
    clock.advance(minutes=5)
    await service.import_plan(plan(WITHOUT_ZHANG), actor=admin(44))
    rows = await audit_rows(db)
    assert [r["action"] for r in rows] == ["plan_import", "plan_import"]
    assert [r["removed_members"] for r in rows] == [0, 1]
    async with db.reader.execute("SELECT actor_user_id, at FROM audit_log ORDER BY id") as cur:
        actors = [tuple(r) for r in await cur.fetchall()]
    assert [a[0] for a in actors] == [42, 44]
    assert actors[1][1] - actors[0][1] == int(timedelta(minutes=5).total_seconds())


async def test_a_plan_without_levels_stores_each_units_depth_and_its_rule_applies_there(
    db: Database, clock: ManualClock
) -> None:
    text = edited(
        ("    level: county\n", ""),
        ("        level: town\n", ""),  # both towns
        ("level: village, task: checkup, count: 1, by: 60", 'level: 3, task: checkup, count: 1, by: "60%"'),
    )
    text = re.sub(r",\s+level: village}", "}", text)
    assert text.count("level:") == 1  # the rule's own
    await PlanService(db, clock).import_plan(plan(text))
    loaded = await book(db, clock)
    assert {u.code: u.level for u in loaded.tree.units()} == {
        "county": "1", "bydz": "2", "ymz": "2", "ql": "3", "sq": "3", "qlj": "3", "ym": "3", "byd": "3",
    }  # fmt: skip
    assert [u.code for u in loaded.tree.level_units("3")] == ["ql", "sq", "qlj", "ym", "byd"]
    assert [(r.level, r.by_percent) for r in (await record_of(db)).campaign.rules] == [("3", 60)]
