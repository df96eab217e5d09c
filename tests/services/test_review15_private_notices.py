"""Review 15: a private notice's outbox row is the one it was before its claim was written in one place
(bot/services/notifications.py `Target.private`, `claim_in`). A decision, a reconciliation, a leave told
to its member and a re-split offer each store the key of the formula they always used (a changed key
would tell the member again after an upgrade), their kind, the member's own recipient, no milestone,
due at once and claimed then. A crash after the claim and before the change commits leaves neither the
notice nor the change, and the redelivered update then claims it exactly once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

import pytest

from bot.domain.origin import MessageKey
from bot.domain.reconcile import SourceRow
from bot.services import leave_told, reconcile, resplit, verifying
from bot.services.container import Services
from bot.storage.codec import to_ts
from tests.services.towns import Town

from . import warning_world
from .warning_world import USERS, Example

example = warning_world.example  # the fixture: the example plan with the ladder 1/2/3, closed after the test
Row = tuple[Any, ...]


class Crash(Exception):
    """The process dies between the notice's claim and the commit of the change it tells of."""


async def notices(services: Services, kind: str) -> list[Row]:
    """(key, campaign, kind, milestone, recipient, due, state, claimed, late, detail) of `kind`'s rows."""
    rows = await services.db.reader.execute_fetchall(
        "SELECT key, campaign_id, kind, milestone_percent, recipient, due_at, state, claimed_at, late, detail "
        "FROM notifications WHERE kind = ? ORDER BY id",
        (kind,),
    )
    return [tuple(r) for r in rows]


def private_row(key: str, campaign_id: int, kind: str, member_id: int, at: datetime) -> Row:
    """The row every private notice stored before the refactor: to the member's own chat, due and
    claimed at the change's moment, on no milestone, not late, no detail."""
    return (key, campaign_id, kind, None, f"m{member_id}", to_ts(at), "claimed", to_ts(at), 0, None)


async def roster_id(services: Services, name: str) -> int:
    [row] = await services.db.reader.execute_fetchall("SELECT id FROM members WHERE name = ?", (name,))
    return int(row[0])


async def leaves(services: Services) -> int:
    [row] = await services.db.reader.execute_fetchall("SELECT count(*) FROM leaves")
    return int(row[0])


def crash_after_claim(monkeypatch: pytest.MonkeyPatch, module: Any) -> None:
    """The module's claim_in claims, then the process dies before the change's transaction commits."""
    real: Callable[..., Awaitable[int | None]] = module.claim_in

    async def claim_then_crash(*args: Any, **kwargs: Any) -> int | None:
        await real(*args, **kwargs)
        raise Crash

    monkeypatch.setattr(module, "claim_in", claim_then_crash)


async def test_a_decisions_notice_is_the_row_it_always_was_and_a_redelivery_claims_nothing(town: Town) -> None:
    report = await town.report("甲一", 1, 3)
    record, leader = await town.campaign(), await town.actor("甲书记")
    done = await town.services.leader.decide_round(leader, record, [report], True, update_id=77)
    again = await town.services.leader.decide_round(leader, record, [report], True, update_id=77)
    cadre = await roster_id(town.services, "甲一")
    assert (len(done.notices), again.notices) == (1, [])
    assert await notices(town.services, "decision") == [
        private_row(f"{record.id}:decision:u77:m{cadre}", record.id, "decision", cadre, town.clock()),
    ]


async def test_a_decision_that_crashes_after_its_claim_leaves_no_notice_and_its_retry_claims_one(
    town: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = await town.report("甲一", 1, 3)
    record, leader = await town.campaign(), await town.actor("甲书记")
    with monkeypatch.context() as patched:
        crash_after_claim(patched, verifying)
        with pytest.raises(Crash):
            await town.services.leader.decide_round(leader, record, [report], True, update_id=77)
    assert await notices(town.services, "decision") == []
    statuses = await town.services.db.reader.execute_fetchall("SELECT status FROM reports WHERE id = ?", (report,))
    assert [r[0] for r in statuses] == ["reported"]  # the decision did not happen either
    done = await town.services.leader.decide_round(leader, record, [report], True, update_id=77)
    assert (done.changed, len(done.notices), len(await notices(town.services, "decision"))) == (1, 1, 1)


def check_rows(*items: tuple[str, int]) -> list[SourceRow]:
    as_of = date(2026, 11, 20)
    return [SourceRow(n + 2, f"A{n + 2}", who, "走访", c, "县卫健局", as_of) for n, (who, c) in enumerate(items)]


async def test_a_reconciliations_notice_is_the_row_it_always_was(town: Town) -> None:
    await town.report("甲一", 1, 8)
    record = await town.campaign()
    outcome = await town.services.reconcile.reconcile(await town.actor("镇长"), record, check_rows(("甲一", 2)), "k1")
    assert outcome.stored is not None
    village_leader = await roster_id(town.services, "甲书记")
    key = f"{record.id}:reconcile:r{outcome.stored.id}:m{village_leader}"
    assert await notices(town.services, "reconcile") == [
        private_row(key, record.id, "reconcile", village_leader, outcome.stored.created_at),
    ]


async def test_a_reconciliation_that_crashes_after_its_claim_stores_nothing_and_its_retry_claims_once(
    town: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    await town.report("甲一", 1, 8)
    record, chief = await town.campaign(), await town.actor("镇长")
    with monkeypatch.context() as patched:
        crash_after_claim(patched, reconcile)
        with pytest.raises(Crash):
            await town.services.reconcile.reconcile(chief, record, check_rows(("甲一", 2)), "k1")
    assert await notices(town.services, "reconcile") == []
    assert await town.services.db.reader.execute_fetchall("SELECT id FROM reconciliations") == []
    outcome = await town.services.reconcile.reconcile(chief, record, check_rows(("甲一", 2)), "k1")
    again = await town.services.reconcile.reconcile(chief, record, check_rows(("甲一", 2)), "k1")  # redelivered
    assert (len(outcome.notices), again.notices) == (1, [])
    assert len(await notices(town.services, "reconcile")) == 1


async def test_a_leave_set_for_a_member_tells_them_in_the_row_it_always_did(example: Example) -> None:
    record = await example.record()
    leader = await example.services.directory.actor(USERS["李书记"])
    message = MessageKey(USERS["李书记"], 50)
    done = await example.services.leave.set(leader, record, "11-21", "11-22", message, who="张三")
    assert done.told is not None
    zhang = await roster_id(example.services, "张三")
    key = f"{record.id}:leave_told:c{USERS['李书记']}:u50:m{zhang}"
    assert await notices(example.services, "leave_told") == [
        private_row(key, record.id, "leave_told", zhang, example.clock()),
    ]


async def test_a_leave_that_crashes_after_telling_its_member_is_neither_set_nor_told(
    example: Example, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = await example.record()
    leader = await example.services.directory.actor(USERS["李书记"])
    message = MessageKey(USERS["李书记"], 50)
    with monkeypatch.context() as patched:
        crash_after_claim(patched, leave_told)
        with pytest.raises(Crash):
            await example.services.leave.set(leader, record, "11-21", "11-22", message, who="张三")
    assert await notices(example.services, "leave_told") == []
    assert await leaves(example.services) == 0
    done = await example.services.leave.set(leader, record, "11-21", "11-22", message, who="张三")
    assert done.told is not None
    assert (await leaves(example.services), len(await notices(example.services, "leave_told"))) == (1, 1)


async def test_a_long_leaves_resplit_offer_is_the_row_it_always_was(example: Example) -> None:
    record = await example.record()
    zhang = await example.services.directory.actor(USERS["张三"])
    done = await example.services.leave.set(zhang, record, "11-23", "11-30", MessageKey(USERS["张三"], 10))
    leader = await roster_id(example.services, "李书记")
    assert [o.chat_id for o in done.offers] == [USERS["李书记"]]
    key = f"{record.id}:resplit_offer:l{done.leave_id}:m{leader}"
    assert await notices(example.services, "resplit_offer") == [
        private_row(key, record.id, "resplit_offer", leader, example.clock()),
    ]


async def test_a_long_leave_that_crashes_after_its_offer_is_claimed_is_neither_set_nor_offered(
    example: Example, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = await example.record()
    zhang = await example.services.directory.actor(USERS["张三"])
    message = MessageKey(USERS["张三"], 10)
    with monkeypatch.context() as patched:
        crash_after_claim(patched, resplit)
        with pytest.raises(Crash):
            await example.services.leave.set(zhang, record, "11-23", "11-30", message)
    assert await notices(example.services, "resplit_offer") == []
    assert await leaves(example.services) == 0
    done = await example.services.leave.set(zhang, record, "11-23", "11-30", message)
    assert len(done.offers) == len(await notices(example.services, "resplit_offer")) == 1
    assert await leaves(example.services) == 1
