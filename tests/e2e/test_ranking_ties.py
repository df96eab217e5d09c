"""Ties in /progress's ranking go to whoever reached the level earlier (SPEC §3.3), through the real bot:
a report taken back with /undo does not make a village look as if it reached its level later."""

from __future__ import annotations

from tests.harness import Harness


async def test_an_undone_report_keeps_a_village_first_among_equals(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang, wang = await h.join("张三", 1001), await h.join("王五", 1003)
    await h.say(town, "/assign 双泉村 走访 40")
    await h.say(town, "/assign 双泉村 体检 30")  # 双泉村 now has 七岭村's quotas: visit 40, checkup 30
    await h.say(zhang, "走访20")  # 七岭村 20/70
    h.clock.advance(hours=1)
    await h.say(wang, "走访20")  # 双泉村 20/70, an hour later
    h.clock.advance(hours=1)
    await h.say(zhang, "走访1")
    h.clock.advance(minutes=5)
    await h.say(zhang, "/undo")  # 七岭村 back at 20/70, reached two hours ago
    [reply] = await h.say(town, "/progress")
    ranked = [line for line in reply.body.splitlines() if line.startswith(("1. ", "2. "))]
    assert [line.split(" ")[1] for line in ranked] == ["七岭村", "双泉村"], reply.body
