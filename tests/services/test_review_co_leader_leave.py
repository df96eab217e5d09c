"""Two leaders of one village (七岭村's 李书记 and a second leader, 王主任, on a real database): neither may
record past leave for the other over a checkpoint already judged.

A member's own `/leave` may not reach back over a judged checkpoint (bot/domain/leave.py `check_own`):
leave leaves the checkpoints of its days out of the warning ladder, so one declared afterwards would
erase the member's own warning card. Past leave stays "a leader's to record, in scope" — a judgement
from above. But the policy lets a leader set leave for anyone whose unit he leads (Action.SET_LEAVE is
not strictly below), so a co-leader is "in scope": 李书记 records 王主任's 12-05…12-15 and 王主任 records
李书记's, and both cards of the 60 % checkpoint are gone. That is the co-leaders' mutual review the README
refuses for /verify ("two leaders of one unit would approve each other's numbers"), done with leave:
a leader's own card is dodged through his peer. A leader above (郭镇长) or an admin records it instead.

The example plan with the ladder 1/2/3 (tests/services/warning_world.py), plus 王主任 as a second leader
of 七岭村 with a personal quota; he reports nothing, so he misses the 60 % checkpoint (5 Dec)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.domain.errors import DomainError
from bot.domain.origin import MessageKey
from bot.domain.warnings import WarningLevel
from bot.plans.example import EXAMPLE_PLAN_YAML
from tests.harness import SH

from .warning_world import LADDER, USERS, Example, levels, open_example, plan_with

CO_LEADER = "王主任"
USERS_WITH_CO_LEADER = USERS | {CO_LEADER: 2003}


def co_leader_plan() -> bytes:
    base = EXAMPLE_PLAN_YAML.replace(
        "  - {name: 李书记, unit: ql, role: leader}\n",
        f"  - {{name: 李书记, unit: ql, role: leader}}\n  - {{name: {CO_LEADER}, unit: ql, role: leader}}\n",
    ).replace(
        "  - {assignee: 张三,   visit: 20,  checkup: 15}\n",
        f"  - {{assignee: 张三,   visit: 20,  checkup: 15}}\n  - {{assignee: {CO_LEADER}, visit: 10}}\n",
    )
    assert CO_LEADER in base.split("quotas:")[1], "the example plan's text changed: the co-leader is missing"
    return plan_with(LADDER, base)


@pytest.fixture
async def example(tmp_path: Path) -> AsyncIterator[Example]:
    opened = await open_example(tmp_path, plan=co_leader_plan(), users=USERS_WITH_CO_LEADER)
    try:
        yield opened
    finally:
        await opened.services.db.close()


async def test_a_co_leader_may_not_record_past_leave_that_erases_the_other_leaders_card(example: Example) -> None:
    """On 14 Dec 李书记 sends `/leave 王主任 12-05 12-15`: refused, nothing recorded, and 王主任's 🟨 of the
    60 % checkpoint stays — else each leader of the village wipes out the other's card on request."""
    assert await example.judge(0)  # 60 %, 5 Dec: 王主任 (and 张三) missed it
    assert (await levels(example)).get(CO_LEADER) is WarningLevel.YELLOW
    example.clock.set(datetime(2026, 12, 14, 9, 0, tzinfo=SH))
    record = await example.record()
    peer = await example.services.directory.actor(USERS_WITH_CO_LEADER["李书记"])
    with pytest.raises(DomainError):
        await example.services.leave.set(
            peer, record, "12-05", "12-15", MessageKey(USERS_WITH_CO_LEADER["李书记"], 70, 0), who=CO_LEADER
        )
    assert (await levels(example)).get(CO_LEADER) is WarningLevel.YELLOW, "a peer's past leave erased his card"


async def test_a_leader_above_may_still_record_a_village_leaders_past_leave(example: Example) -> None:
    """郭镇长 (the town above) records 王主任's 12-05…12-15 after the fact: a judgement from above, as the
    README says, so the 60 % checkpoint is left out of 王主任's ladder."""
    assert await example.judge(0)
    example.clock.set(datetime(2026, 12, 14, 9, 0, tzinfo=SH))
    record = await example.record()
    town = await example.services.directory.actor(USERS_WITH_CO_LEADER["郭镇长"])
    done = await example.services.leave.set(
        town, record, "12-05", "12-15", MessageKey(USERS_WITH_CO_LEADER["郭镇长"], 71, 0), who=CO_LEADER
    )
    assert not done.own
    assert CO_LEADER not in await levels(example)
