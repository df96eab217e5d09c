"""Review of the one day reader (bot/domain/days.py) where a user meets it: /leave. Every way of writing the
days that /leave took before the reader was shared still records the same leave, for oneself and by a
leader for a member, as two words or one range; the forms the shared reader added are taken too."""

from __future__ import annotations

from typing import Any

import pytest

from tests.harness import Harness

# The clock reads 2026-11-20 in the example campaign (2026-11-12 … 2027-01-05).
TAKEN_BEFORE = [
    "11-24 11-26",
    "11/24 11/26",
    "11.24 11.26",
    "11月24日 11月26日",
    "11月24号 11月26号",
    "11月24 11月26",
    "2026-11-24 2026-11-26",
    "2026/11/24 2026.11.26",
    "2026年11月24日 2026年11月26日",
    "１１月２４日 １１月２６日",  # full-width digits, as a Chinese input method types them
    "11-24至11-26",
    "11月24日到11月26日",
    "11-24 ~ 11-26",
    "11-24～11-26",
    "11-24—11-26",
    "11-24 至 11-26",
]
ADDED = ["２０２６／１１／２４ ２０２６／１１／２６", "2026-11-24日 11-26日", "2026年11-24 2026年11-26"]


async def _leaves(h: Harness) -> list[tuple[Any, ...]]:
    rows = await h.services.db.reader.execute_fetchall(
        "SELECT m.name, l.first_day, l.last_day FROM leaves l JOIN members m ON m.id = l.member_id ORDER BY l.id"
    )
    return [tuple(r) for r in rows]


@pytest.mark.parametrize("days", TAKEN_BEFORE + ADDED)
async def test_a_cadre_takes_leave_with_the_days_written_any_way_that_was_taken(h: Harness, days: str) -> None:
    zhang = await h.join("张三", 1001)
    [done] = await h.say(zhang, f"/leave {days}")
    assert "已登记请假：11月24日 至 11月26日（共 3 天）" in done.body
    assert await _leaves(h) == [("张三", "2026-11-24", "2026-11-26")]


@pytest.mark.parametrize("days", ["11月24日 11月26日", "11-24至11-26", "2026年11月24号 11月26号", "11.24 ~ 11.26"])
async def test_a_leader_records_a_members_leave_with_the_name_before_the_days(h: Harness, days: str) -> None:
    village = await h.join("李书记", 2002)
    [done] = await h.say(village, f"/leave 李四 {days}")
    assert "已为 <b>李四</b> 登记请假：11月24日 至 11月26日" in done.body
    assert await _leaves(h) == [("李四", "2026-11-24", "2026-11-26")]


@pytest.mark.parametrize("days", ["11-24 11月26号号", "2026-2-29 11-26", "0-0 11-26", "2026-00-10 11-26", "11/24/2026"])
async def test_a_day_that_is_not_one_changes_nothing(h: Harness, days: str) -> None:
    zhang = await h.join("张三", 1001)
    [refused] = await h.say(zhang, f"/leave {days}")
    assert "已登记请假" not in refused.body
    assert await _leaves(h) == []
