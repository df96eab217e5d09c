"""Ties in /progress's ranking go to whoever reached the level earlier (SPEC §3.3), through the real bot:
since when a village's capped completion has held the level it stands at (bot/domain/reaching.py). An
edit that keeps the count changes nothing; nor does an /undo back to a level held before."""

from __future__ import annotations

from typing import Any

from tests.harness import Harness


async def _both_at_twenty(h: Harness) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """七岭村 (张三) reaches 20/70 first, 双泉村 (王五) an hour later: tied, 七岭村 first."""
    town = await h.join("郭镇长", 2001)
    zhang, wang = await h.join("张三", 1001), await h.join("王五", 1003)
    await h.say(town, "/assign 双泉村 走访 40")
    await h.say(town, "/assign 双泉村 体检 30")  # 双泉村 now has 七岭村's quotas: visit 40, checkup 30
    return town, zhang, wang


async def _ranked(h: Harness, town: dict[str, Any]) -> list[str]:
    [reply] = await h.say(town, "/progress")
    ranked = [line for line in reply.body.splitlines() if line.startswith(("1. ", "2. "))]
    return [line.split(" ")[1] for line in ranked]


async def test_an_edit_that_keeps_the_count_keeps_a_village_first_among_equals(h: Harness) -> None:
    town, zhang, wang = await _both_at_twenty(h)
    message = h.emu.send_text(zhang, "走访20")  # 七岭村 20/70
    await h.emu.wait_for_sent(zhang["id"], lambda s: "+20" in s.body)
    h.clock.advance(hours=1)
    await h.say(wang, "走访20")  # 双泉村 20/70, an hour later
    h.clock.advance(hours=1)
    before = len(h.emu.sent(zhang["id"]))
    h.emu.edit_text(zhang, message, "走访20户")  # the wording fixed, the count kept
    await h.emu.wait_for_sent(zhang["id"], after=before)
    assert await _ranked(h, town) == ["七岭村", "双泉村"]


async def test_an_undo_back_to_a_level_held_before_keeps_a_village_first_among_equals(h: Harness) -> None:
    town, zhang, wang = await _both_at_twenty(h)
    await h.say(zhang, "走访20")  # 七岭村 20/70
    h.clock.advance(hours=1)
    await h.say(wang, "走访20")  # 双泉村 20/70, an hour later
    h.clock.advance(hours=1)
    await h.say(zhang, "走访1")
    h.clock.advance(minutes=5)
    await h.say(zhang, "/undo")  # 七岭村 back at 20/70: a level it has held since before 双泉村 reached it
    assert await _ranked(h, town) == ["七岭村", "双泉村"]
