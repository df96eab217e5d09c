"""A leader's /undo of an entry he typed for a cadre, delivered twice (the process died before Telegram
heard it was handled): the counts go down once and the cadre is told once."""

from __future__ import annotations

from tests.harness import Harness, total
from tests.redelivery import last_update_id, restart_and_redeliver


async def test_a_redelivered_take_back_tells_the_cadre_once(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(village, "/report_for 张三 走访3")
    await h.say(village, "/undo")
    told = len(h.emu.sent(zhang["id"]))
    replied = len(h.emu.sent(village["id"]))
    await restart_and_redeliver(h, last_update_id(h))
    [again] = await h.emu.wait_for_sent(village["id"], after=replied)
    assert "已经处理过" in again.body
    assert len(h.emu.sent(zhang["id"])) == told  # no second notice
    assert await total(h, "张三", "visit") == 0
