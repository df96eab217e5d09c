"""Join codes (SPEC §1, §4) on a real SQLite file, no Telegram: one per roster entry not yet joined,
10 characters from an alphabet without look-alikes, single use, valid 14 days, at most 5 wrong
tries per Telegram account an hour; a leader is handed the codes of their subtree, never a co-leader's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.domain.errors import DomainError, NotAllowed
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.services.clock import ManualClock
from bot.services.container import Services
from bot.services.invites import Invite
from tests.services.example import NOW, campaign, example_services

BOT = "campaign_test_bot"
ROSTER = {"陈主任", "郭镇长", "李书记", "张三", "李四", "王五", "赵六", "孙七", "周八"}
LOOK_ALIKES = set("0O1IL5S2Z8B")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
async def services(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Services]:
    async with example_services(tmp_path, clock) as services:
        yield services


async def codes(services: Services) -> dict[str, str]:
    """The operator's list (`campaign-bot invites`): name → code of everyone not joined yet."""
    invites = await services.invites.invites((await campaign(services)).id, None, BOT)
    return {i.member.member.name: i.code for i in invites}


async def refusal(services: Services, code: str, user_id: int) -> str:
    with pytest.raises(DomainError) as refused:
        await services.invites.redeem(code, user_id)
    return refused.value.key


async def test_everyone_not_joined_gets_one_code_and_asking_again_gives_the_same_one(services: Services) -> None:
    invites = await services.invites.invites((await campaign(services)).id, None, BOT)
    assert {i.member.member.name for i in invites} == ROSTER
    assert all(len(i.code) == 10 and not set(i.code) & LOOK_ALIKES for i in invites)
    assert all(i.code.isupper() and i.code.isalnum() for i in invites)
    assert len({i.code for i in invites}) == len(invites)
    zhang = next(i for i in invites if i.member.member.name == "张三")
    assert (zhang.unit_name, zhang.deep_link) == ("七岭村", f"https://t.me/{BOT}?start={zhang.code}")
    assert await codes(services) == {i.member.member.name: i.code for i in invites}


async def test_a_code_binds_the_account_once_and_its_member_is_no_longer_invited(services: Services) -> None:
    code = (await codes(services))["张三"]
    joined = await services.invites.redeem(f" {code.lower()[:5]}-{code[5:]} ", 1001)  # as typed on a phone
    assert (joined.member.name, joined.member.telegram_user_id) == ("张三", 1001)
    assert "张三" not in await codes(services)
    assert await refusal(services, code, 1002) == "join.code_used"
    actor = await services.directory.actor(1001)
    assert actor.member is not None
    assert actor.member.member.name == "张三"


async def test_an_account_already_bound_cannot_take_a_second_roster_entry(services: Services) -> None:
    before = await codes(services)
    await services.invites.redeem(before["张三"], 1001)
    with pytest.raises(DomainError) as refused:
        await services.invites.redeem(before["李四"], 1001)
    assert (refused.value.key, refused.value.params) == ("join.already_member", {"name": "张三"})
    assert (await codes(services))["李四"] == before["李四"]  # still 李四's, unused


async def test_a_code_expires_after_14_days_and_the_next_list_has_a_new_one(
    services: Services, clock: ManualClock
) -> None:
    old = (await codes(services))["张三"]
    clock.advance(days=13, hours=23)
    assert (await codes(services))["张三"] == old
    clock.advance(hours=1)
    assert await refusal(services, old, 1001) == "join.code_expired"
    new = (await codes(services))["张三"]
    assert new != old
    assert (await services.invites.redeem(new, 1001)).member.name == "张三"


async def test_five_wrong_codes_in_an_hour_lock_the_account_out_until_the_hour_has_passed(
    services: Services, clock: ManualClock
) -> None:
    right = (await codes(services))["张三"]
    for _ in range(5):
        assert await refusal(services, "WRONGCODE7", 1001) == "join.code_unknown"
        clock.advance(minutes=5)
    assert await refusal(services, right, 1001) == "join.too_many_attempts"  # even the right one, now
    assert await refusal(services, "WRONGCODE7", 1002) == "join.code_unknown"  # another account is not locked
    clock.advance(minutes=40)  # the first failure is now more than an hour old
    assert (await services.invites.redeem(right, 1001)).member.name == "张三"


def names(invites: list[Invite]) -> set[str]:
    return {i.member.member.name for i in invites}


async def test_a_leader_is_handed_the_codes_of_the_subtree_but_never_a_co_leaders(services: Services) -> None:
    line = "  - {name: 郭镇长, unit: bydz, role: leader}\n"
    with_deputy = EXAMPLE_PLAN_YAML.replace(line, line + "  - {name: 钱副镇长, unit: bydz, role: leader}\n")
    await services.plans.import_plan(load_plan(with_deputy.encode(), "plan.yaml"))
    record, all_codes = await campaign(services), await codes(services)
    for name, user_id in (("陈主任", 3001), ("郭镇长", 2001), ("李书记", 2002)):
        await services.invites.redeem(all_codes[name], user_id)
    town = await services.directory.actor(2001)
    # whoever redeemed the deputy's code would lead with the deputy's power: that code comes from above
    assert names(await services.sharing.invites(town, record, None, BOT)) == {"张三", "李四", "王五", "赵六"}
    county = await services.directory.actor(3001)
    assert "钱副镇长" in names(await services.sharing.invites(county, record, None, BOT))
    village = await services.directory.actor(2002)
    assert names(await services.sharing.invites(village, record, None, BOT)) == {"张三", "李四"}
    with pytest.raises(NotAllowed) as refused:
        await services.sharing.invites(village, record, "sq", BOT)
    assert refused.value.key == "error.out_of_scope"
    async with services.db.reader.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'invite_list'") as cur:
        assert tuple(await cur.fetchone() or ()) == (3,)  # handing out codes is audited; a refusal hands out none
