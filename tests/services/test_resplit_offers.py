"""Who is offered a long leave's re-split, and who may take it (issue 11 §2, README Authority): the re-split
sets quotas, so it follows /assign — nobody re-splits his own quota or a co-leader's. A cadre's offer goes to
his unit's leaders; a leader's to the leaders above him, never to his peers. Only the leader an offer was
sent to can take it: a forged or forwarded press by anyone else changes nothing.

The example plan on a real SQLite file, with 王主任 as a second leader of 七岭村 (beside 李书记) holding a
quota of his own; 郭镇长 leads the town above. The campaign re-splits a leave of more than 3 working days."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.domain.errors import DomainError
from bot.domain.model import Assignee
from bot.domain.origin import MessageKey
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.services.leave import LeaveSet

from .warning_world import Example, open_example

CO_LEADER = "王主任"
USERS = {"张三": 1001, "李四": 1002, "郭镇长": 2001, "李书记": 2002, CO_LEADER: 2003, "陈主任": 3001}


def co_leader_plan() -> bytes:
    plan = EXAMPLE_PLAN_YAML.replace(
        "  - {name: 李书记, unit: ql, role: leader}\n",
        f"  - {{name: 李书记, unit: ql, role: leader}}\n  - {{name: {CO_LEADER}, unit: ql, role: leader}}\n",
    ).replace(
        "  - {assignee: 张三,   visit: 20,  checkup: 15}\n",
        f"  - {{assignee: 张三,   visit: 20,  checkup: 15}}\n  - {{assignee: {CO_LEADER}, visit: 10}}\n",
    )
    assert CO_LEADER in plan.split("quotas:")[1], "the example plan's text changed: the co-leader is missing"
    return plan.encode()


@pytest.fixture
async def example(tmp_path: Path) -> AsyncIterator[Example]:
    opened = await open_example(tmp_path, plan=co_leader_plan(), users=USERS)
    try:
        yield opened
    finally:
        await opened.services.db.close()


async def long_leave(example: Example, name: str, message_id: int) -> LeaveSet:
    """`name` sends `/leave 11-23 11-30` (Monday to Monday: 6 working days)."""
    who, record = await example.services.directory.actor(USERS[name]), await example.record()
    return await example.services.leave.set(who, record, "11-23", "11-30", MessageKey(USERS[name], message_id))


async def quotas(example: Example, *names: str) -> list[int]:
    loaded = await example.services.progress.load(await example.record())
    return [loaded.quotas.get((Assignee.member(n), "visit"), 0) for n in names]


async def take(example: Example, name: str, done: LeaveSet, message_id: int) -> None:
    [offer, *_] = done.offers
    who = await example.services.directory.actor(USERS[name])
    key = MessageKey(USERS[name], message_id)
    await example.services.resplit.take(who, await example.record(), done.leave_id, offer.revision, key)


async def test_a_cadres_long_leave_is_offered_to_his_units_leaders(example: Example) -> None:
    done = await long_leave(example, "张三", 10)
    assert sorted(o.chat_id for o in done.offers) == [USERS["李书记"], USERS[CO_LEADER]]


async def test_a_leaders_long_leave_is_offered_to_the_leader_above_never_to_his_co_leader(example: Example) -> None:
    done = await long_leave(example, CO_LEADER, 10)
    assert [o.chat_id for o in done.offers] == [USERS["郭镇长"]]


async def test_only_the_leader_the_offer_was_sent_to_takes_it(example: Example) -> None:
    """郭镇长's scope contains 七岭村, but the offer for 张三's leave went to the village's leaders: his press
    (a forged callback, or a forwarded offer) moves nothing; 李书记's own press then re-splits."""
    done = await long_leave(example, "张三", 10)
    before = await quotas(example, "张三", "李四")
    with pytest.raises(DomainError) as refused:
        await take(example, "郭镇长", done, 20)
    assert refused.value.key == "resplit.not_yours"
    assert await quotas(example, "张三", "李四") == before
    await take(example, "李书记", done, 21)
    assert await quotas(example, "张三", "李四") == [0, 20]


async def test_a_co_leader_cannot_take_a_re_split_of_his_peers_quota(example: Example) -> None:
    done = await long_leave(example, CO_LEADER, 10)
    before = await quotas(example, CO_LEADER, "张三", "李四")
    with pytest.raises(DomainError):
        await take(example, "李书记", done, 20)
    assert await quotas(example, CO_LEADER, "张三", "李四") == before
    await take(example, "郭镇长", done, 21)
    assert await quotas(example, CO_LEADER, "张三", "李四") != before
