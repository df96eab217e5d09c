"""Warnings switched on by a re-import mid-campaign count forward only (issue 11 §5): the preview says so
before the leader confirms, naming the checkpoints already past that will not count — a leader who turns
the ladder on after 60 % would otherwise expect yellow cards for it that never come."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.plans.example import EXAMPLE_PLAN_YAML
from tests.example_plans import LADDER
from tests.harness import SH, Harness


def with_ladder(ladder: str = LADDER) -> bytes:
    head, rest = EXAMPLE_PLAN_YAML.split("\ntasks:", 1)
    return f"{head}\n{ladder}\ntasks:{rest}".encode()


async def preview_of(h: Harness, leader: dict[str, Any], plan: bytes) -> str:
    await h.say(leader, "/plan")
    before = len(h.emu.sent(leader["id"]))
    h.emu.send_document(leader, "plan.yaml", plan)
    [preview] = await h.emu.wait_for_sent(leader["id"], after=before)
    return preview.body


async def test_a_ladder_switched_on_after_a_checkpoint_says_that_checkpoint_does_not_count(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    h.clock.set(datetime(2026, 12, 6, 10, 0, tzinfo=SH))  # the 60 % checkpoint was yesterday at 18:00
    body = await preview_of(h, county, with_ladder())
    assert "分级提醒自本次导入起计算，已过的节点（60%）不计入" in body


async def test_a_ladder_before_any_checkpoint_or_unchanged_says_nothing(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    body = await preview_of(h, county, with_ladder())  # 11-20: no checkpoint past yet
    assert "不计入" not in body
    [preview] = [m for m in h.emu.sent(county["id"]) if m.body == body]
    await h.press(county, preview, preview.buttons()[0][1])
    h.clock.set(datetime(2026, 12, 6, 10, 0, tzinfo=SH))
    assert "不计入" not in await preview_of(h, county, with_ladder())  # the same ladder re-imported
    changed = "  warnings: {yellow_after: 2, red_after: 2, public_after: 3}\n"
    assert "已过的节点（60%）不计入" in await preview_of(h, county, with_ladder(changed))
