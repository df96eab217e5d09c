"""Telling cadres about a decision round, on a real database (issue 10): the notification is claimed in
the decision's own transaction — a crash before the send leaves it `uncertain` for the leaders'
digest, never lost and never sent twice — and the same update decided again tells nobody."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.outbox import OutboxRepo

from .towns import Town, open_town


@pytest.fixture
async def town(tmp_path: Path) -> AsyncIterator[Town]:
    opened = await open_town(tmp_path, verification="required")
    try:
        yield opened
    finally:
        await opened.services.db.close()


async def test_a_round_claims_one_notification_per_cadre_with_that_cadres_reports(town: Town) -> None:
    record, chief = await town.campaign(), await town.actor("镇长")
    a1, a2, b1 = await town.report("甲一", 1, 3), await town.report("甲一", 2, 4), await town.report("乙一", 1, 5)
    decided = await town.services.leader.decide_round(chief, record, [a1, a2, b1], True, update_id=77)
    assert decided.changed == 3
    told = {n.target.recipient: [(r.task, r.delta) for r in n.reports] for n in decided.notices}
    jia, yi = (await town.actor("甲一")).member_id, (await town.actor("乙一")).member_id
    assert told == {f"m{jia}": [("visit", 3), ("visit", 4)], f"m{yi}": [("visit", 5)]}
    assert all(n.approved for n in decided.notices)
    rows = await OutboxRepo(town.services.db.reader).by_key_prefix(f"{record.id}:decision:u77:")
    assert sorted(r.state for r in rows) == ["claimed", "claimed"]  # committed with the decision, before a send


async def test_a_crash_before_the_send_leaves_the_notice_uncertain_and_a_redelivered_update_tells_nobody(
    town: Town,
) -> None:
    record, chief = await town.campaign(), await town.actor("镇长")
    report = await town.report("甲一", 1, 3)
    first = await town.services.leader.decide_round(chief, record, [report], False, update_id=78)
    assert len(first.notices) == 1
    assert await town.services.notifications.recover() == 1  # the restart after a crash: maybe delivered
    again = await town.services.leader.decide_round(chief, record, [report], False, update_id=78)
    assert (again.changed, again.notices) == (0, [])
    [row] = await OutboxRepo(town.services.db.reader).by_key_prefix(f"{record.id}:decision:")
    assert row.state == "uncertain"


async def test_without_an_update_nobody_is_told(town: Town) -> None:
    record, chief = await town.campaign(), await town.actor("镇长")
    report = await town.report("甲一", 1, 3)
    decided = await town.services.leader.decide_round(chief, record, [report], True)
    assert (decided.changed, decided.notices) == (1, [])
