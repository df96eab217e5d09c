"""Review 15: every audited leader action stores the row it stored before its actor columns were written
in one place (SPEC §8; bot/services/audit_trail.py). Each use case is run end to end and its audit row
pinned whole: the actor's roster id and Telegram id (None for both from the command line), the
campaign, the action and the details JSON to the character (key order included), as each call site
wrote them before."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.domain.model import Assignee
from bot.domain.origin import MessageKey
from bot.domain.reconcile import SourceRow
from bot.plans import load_plan
from bot.services.bulletins import Bulletin
from bot.services.clock import ManualClock
from bot.services.container import Services
from tests.services.example import ADMIN_ID, example_services
from tests.services.example import NOW as EXAMPLE_NOW
from tests.services.towns import TOWN_PLAN, Town, open_town
from tests.services.towns import USERS as TOWN_USERS

from . import warning_world
from .warning_world import USERS as EXAMPLE_USERS
from .warning_world import Example

example = warning_world.example  # the fixture: the example plan with the ladder 1/2/3, closed after the test
GROUP = -100500


async def entries(services: Services, action: str) -> list[tuple[Any, ...]]:
    """(actor_member_id, actor_user_id, campaign_id, details) of every entry of `action`, oldest first."""
    rows = await services.db.reader.execute_fetchall(
        "SELECT actor_member_id, actor_user_id, campaign_id, details FROM audit_log WHERE action = ? ORDER BY id",
        (action,),
    )
    return [tuple(r) for r in rows]


async def roster_id(services: Services, name: str) -> int:
    [row] = await services.db.reader.execute_fetchall("SELECT id FROM members WHERE name = ?", (name,))
    return int(row[0])


def details(**written: Any) -> str:
    """The details column as AuditRepo.record writes the call site's keyword arguments, in their order."""
    return json.dumps(written, ensure_ascii=False, default=str)


async def by(services: Services, name: str, users: dict[str, int]) -> tuple[int, int]:
    return await roster_id(services, name), users[name]


async def test_an_assigned_quota_is_audited_as_before(town: Town) -> None:
    record = await town.campaign()
    await town.services.leader.assign(await town.actor("甲书记"), record, "甲一", "visit", 12)
    assert await entries(town.services, "quota_assign") == [
        (*await by(town.services, "甲书记", TOWN_USERS), record.id,
         details(assignee=Assignee.member("甲一").key, task="visit", quota=12)),
    ]  # fmt: skip


async def test_a_split_is_audited_as_before(town: Town) -> None:
    record = await town.campaign()
    result = await town.services.leader.split(await town.actor("甲书记"), record, "visit", "even")
    [(member_id, user_id, campaign_id, written)] = await entries(town.services, "quota_split")
    assert (member_id, user_id, campaign_id) == (*await by(town.services, "甲书记", TOWN_USERS), record.id)
    assert list(json.loads(written)) == ["unit", "task", "mode", "shares"]
    assert json.loads(written)["unit"] == "va"
    assert json.loads(written)["mode"] == "even"
    assert result is not None


@pytest.mark.parametrize(("approve", "action"), [(True, "report_verify"), (False, "report_reject")])
async def test_a_decision_is_audited_as_before(town: Town, approve: bool, action: str) -> None:
    report = await town.report("甲一", 1, 3)
    record = await town.campaign()
    await town.services.leader.decide_round(await town.actor("甲书记"), record, [report], approve, update_id=77)
    assert await entries(town.services, action) == [
        (*await by(town.services, "甲书记", TOWN_USERS), record.id, details(reports=[report], changed=1)),
    ]


async def test_a_sample_is_audited_as_before_and_a_redelivered_one_finds_its_entry(town: Town) -> None:
    await town.report("甲一", 1, 3)
    record, chief = await town.campaign(), await town.actor("镇长")
    await town.services.integrity.sample(chief, record, 1, update_id=900, limit=8)
    await town.services.integrity.sample(chief, record, 1, update_id=900, limit=8)  # redelivered
    [(member_id, user_id, campaign_id, written)] = await entries(town.services, "sample")
    assert (member_id, user_id, campaign_id) == (*await by(town.services, "镇长", TOWN_USERS), record.id)
    assert list(json.loads(written)) == ["update", "n", "unit", "reports", "flagged"]
    assert json.loads(written)["update"] == 900
    assert json.loads(written)["n"] == 1


async def test_a_bound_group_is_audited_as_before(town: Town) -> None:
    record = await town.campaign()
    await town.services.sharing.bind_group(await town.actor("甲书记"), record, GROUP)
    assert await entries(town.services, "group_bind") == [
        (*await by(town.services, "甲书记", TOWN_USERS), record.id,
         details(chat_id=GROUP, unit="va", replaced_unit=None)),
    ]  # fmt: skip


async def test_a_leaders_export_is_audited_as_before(town: Town) -> None:
    record = await town.campaign()
    await town.services.sharing.export(await town.actor("甲书记"), record, "zh")
    assert await entries(town.services, "export") == [
        (*await by(town.services, "甲书记", TOWN_USERS), record.id, details(units=["va"])),
    ]


async def test_a_leaders_invite_list_is_audited_as_before_and_the_operators_is_not(tmp_path: Path) -> None:
    town = await open_town(tmp_path, cadres={"新人": "va"})  # 新人 has a join code but no Telegram id yet
    try:
        assert await entries(town.services, "invite_list") == []  # the command line's lists are not audited
        record = await town.campaign()
        invites = await town.services.sharing.invites(await town.actor("甲书记"), record, None, "campaign_test_bot")
        assert await entries(town.services, "invite_list") == [
            (*await by(town.services, "甲书记", town.users), record.id,
             details(members=[i.member.id for i in invites])),
        ]  # fmt: skip
    finally:
        await town.services.db.close()


async def test_a_posted_bulletin_is_audited_as_before_and_a_scheduled_one_is_not(town: Town) -> None:
    record = await town.campaign()

    async def deliver(chat_id: int, _bulletin: Bulletin) -> int | None:
        return chat_id

    await town.services.bulletins.post(record, "tz", GROUP, deliver, lang="zh")  # the schedule's
    await town.services.bulletins.post(record, "tz", GROUP, deliver, lang="zh", posted_by=await town.actor("镇长"))
    assert await entries(town.services, "bulletin_post") == [
        (*await by(town.services, "镇长", TOWN_USERS), record.id, details(unit="tz", chat_id=GROUP)),
    ]


def check_rows(*items: tuple[str, int]) -> list[SourceRow]:
    return [
        SourceRow(n + 2, f"A{n + 2}", who, "走访", c, "县卫健局", date(2026, 11, 20))
        for n, (who, c) in enumerate(items)
    ]


async def test_a_reconciliation_is_audited_as_before_from_the_chat_and_from_the_command_line(town: Town) -> None:
    await town.report("甲一", 1, 8)
    record = await town.campaign()
    chat = await town.services.reconcile.reconcile(await town.actor("镇长"), record, check_rows(("甲一", 6)), "3000:1")
    cli = await town.services.reconcile.reconcile(None, record, check_rows(("甲一", 8)), None)
    assert chat.stored is not None
    assert cli.stored is not None
    assert await entries(town.services, "reconcile") == [
        (*await by(town.services, "镇长", TOWN_USERS), record.id,
         details(reconciliation=chat.stored.id, rows=1, discrepancies=1)),
        (None, None, record.id, details(reconciliation=cli.stored.id, rows=1, discrepancies=0)),
    ]  # fmt: skip


async def test_a_cancel_is_audited_as_before_from_the_chat_and_from_the_command_line(tmp_path: Path) -> None:
    chat_town, cli_town = await open_town(tmp_path / "chat"), await open_town(tmp_path / "cli")
    try:
        chat_record, _ = await chat_town.services.plans.cancel("town-2026", actor=await chat_town.actor("镇长"))
        cli_record, _ = await cli_town.services.plans.cancel("town-2026")
        assert await entries(chat_town.services, "campaign_cancel") == [
            (*await by(chat_town.services, "镇长", TOWN_USERS), chat_record.id,
             details(campaign="town-2026", via="chat")),
        ]  # fmt: skip
        assert await entries(cli_town.services, "campaign_cancel") == [
            (None, None, cli_record.id, details(campaign="town-2026", via="cli")),
        ]
    finally:
        await chat_town.services.db.close()
        await cli_town.services.db.close()


async def test_a_plan_imported_from_the_command_line_names_nobody_in_its_campaign(town: Town) -> None:
    record = await town.campaign()
    [(member_id, user_id, campaign_id, written)] = await entries(town.services, "plan_import")
    assert (member_id, user_id, campaign_id) == (None, None, record.id)
    assert list(json.loads(written)) == ["campaign", "units", "members", "quotas", "removed_members"]
    assert json.loads(written)["campaign"] == "town-2026"


async def test_a_plan_imported_by_an_admin_in_the_chat_names_the_admin(town: Town) -> None:
    plan = TOWN_PLAN.format(verification="optional", extra_members="", calendar="calendar: off")
    await town.services.plans.import_plan(load_plan(plan.encode(), "plan.yaml"), actor=await town.actor("镇长"))
    record = await town.campaign()
    [_, (member_id, user_id, campaign_id, _)] = await entries(town.services, "plan_import")
    assert (member_id, user_id, campaign_id) == (*await by(town.services, "镇长", TOWN_USERS), record.id)


async def test_a_proxy_report_is_audited_as_before(example: Example) -> None:
    record = await example.record()
    leader = await example.services.directory.actor(EXAMPLE_USERS["李书记"])
    done = await example.services.proxy.report_for(
        leader, record, [("visit", 3)], MessageKey(EXAMPLE_USERS["李书记"], 41), who="张三"
    )
    [(member_id, user_id, campaign_id, written)] = await entries(example.services, "report_for")
    assert (member_id, user_id, campaign_id) == (*await by(example.services, "李书记", EXAMPLE_USERS), record.id)
    found = json.loads(written)
    assert list(found) == ["reporter", "reports", "counts"]
    assert (found["reporter"], found["counts"]) == (await roster_id(example.services, "张三"), {"visit": 3})
    assert done is not None


async def test_a_leave_set_and_ended_is_audited_as_before(example: Example) -> None:
    record = await example.record()
    leader = await example.services.directory.actor(EXAMPLE_USERS["李书记"])
    zhang = await roster_id(example.services, "张三")
    done = await example.services.leave.set(
        leader, record, "11-21", "11-22", MessageKey(EXAMPLE_USERS["李书记"], 50), who="张三"
    )
    example.clock.advance(days=1)
    await example.services.leave.end(leader, record, MessageKey(EXAMPLE_USERS["李书记"], 51), who="张三")
    by_leader = await by(example.services, "李书记", EXAMPLE_USERS)
    [(m, u, c, written)] = await entries(example.services, "leave_set")
    assert (m, u, c) == (*by_leader, record.id)
    assert list(json.loads(written)) == ["leave", "member", "first", "last"]
    assert json.loads(written)["member"] == zhang
    assert json.loads(written)["first"] == "2026-11-21"
    assert await entries(example.services, "leave_end") == [
        (*by_leader, record.id, details(leave=done.leave_id, member=zhang)),
    ]


async def test_a_taken_resplit_is_audited_as_before(example: Example) -> None:
    record = await example.record()
    zhang_user = EXAMPLE_USERS["张三"]
    zhang = await example.services.directory.actor(zhang_user)
    done = await example.services.leave.set(zhang, record, "11-23", "11-30", MessageKey(zhang_user, 10))
    [offer, *_] = done.offers
    leader = await example.services.directory.actor(EXAMPLE_USERS["李书记"])
    key = MessageKey(EXAMPLE_USERS["李书记"], 11)
    await example.services.resplit.take(leader, await example.record(), done.leave_id, offer.revision, key)
    [(m, u, c, written)] = await entries(example.services, "leave_resplit")
    assert (m, u, c) == (*await by(example.services, "李书记", EXAMPLE_USERS), record.id)
    found = json.loads(written)
    assert list(found) == ["leave", "member", "quotas"]
    assert (found["leave"], found["member"]) == (done.leave_id, await roster_id(example.services, "张三"))


async def test_an_admin_without_a_roster_entry_is_named_by_telegram_id_alone_not_as_the_command_line(
    tmp_path: Path,
) -> None:
    async with example_services(tmp_path, ManualClock(EXAMPLE_NOW), {"张三": 1001}) as services:
        admin = await services.directory.actor(ADMIN_ID)
        assert admin.member is None
        [record] = await services.directory.campaigns_for(admin)
        await services.sharing.export(admin, record, "zh")
        cancelled, _ = await services.plans.cancel(record.campaign.key, actor=admin)
        [export] = await entries(services, "export")
        [cancel] = await entries(services, "campaign_cancel")
        assert export[:3] == cancel[:3] == (None, ADMIN_ID, record.id)
        assert cancel[3] == details(campaign=cancelled.campaign.key, via="chat")
