"""A long leave offers a one-tap re-split (issue 11 §2): more working days than the campaign's
`leave.resplit_after_days` (3) and 七岭村's leader is offered, privately and once, to hand what 张三 has
not done to the unit's other cadre (李四), by /split's rule. The press is bound to the leave and the
quotas: pressed twice, or after the leave changed, it does nothing and says so."""

from __future__ import annotations

from bot.domain.model import Assignee
from bot.emulator import SentMessage
from tests.harness import Harness
from tests.reading import alerts
from tests.redelivery import last_update_id, restart_and_redeliver


def offers(h: Harness, user_id: int) -> list[SentMessage]:
    return [m for m in h.emu.sent(user_id) if "一键重新分配" in str(m.buttons())]


async def quota(h: Harness, key: str, task: str) -> int:
    record = (await h.services.directory.all_campaigns())[0]
    loaded = await h.services.progress.load(record)
    return loaded.quotas.get((Assignee.member(key), task), 0)


async def test_a_long_leave_offers_the_leader_a_re_split_taken_once(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访5")
    await h.say(zhang, "/leave 11-23 11-30")  # Monday to Monday: 6 working days
    [offer] = await h.emu.wait_for_sent(village["id"], lambda m: bool(m.buttons()))
    assert "<b>张三</b> 请假 11月23日 至 11月30日，其中 6 个工作日" in offer.body
    assert "入户走访 15、健康体检 15" in offer.body
    assert "（李四）" in offer.body
    [(label, data)] = offer.buttons()
    assert label == "一键重新分配"
    await h.press(village, offer, data)
    assert "已把 <b>张三</b> 的剩余指标重新分配" in offer.body
    assert "李四：入户走访 +15、健康体检 +15" in offer.body
    assert (await quota(h, "张三", "visit"), await quota(h, "李四", "visit")) == (5, 15)
    assert (await quota(h, "张三", "checkup"), await quota(h, "李四", "checkup")) == (0, 15)
    await h.press_stale(village, offer, data)  # pressed again: nothing more moves
    assert "已经重新分配过" in alerts(h)[-1]
    assert (await quota(h, "张三", "visit"), await quota(h, "李四", "visit")) == (5, 15)
    rows = await h.services.db.reader.execute_fetchall("SELECT action FROM audit_log WHERE action = 'leave_resplit'")
    assert len(list(rows)) == 1


async def test_a_short_leave_offers_nothing(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/leave 11-23 11-25")  # 3 working days: not more than 3
    await h.emu.settle(quiet=0.2)
    assert offers(h, village["id"]) == []


async def test_the_offer_is_void_once_the_leave_changed(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/leave 11-20 11-30")
    [offer] = await h.emu.wait_for_sent(village["id"], lambda m: bool(m.buttons()))
    await h.say(zhang, "/leave off")  # back today
    [(_, data)] = offer.buttons()
    await h.press_stale(village, offer, data)
    assert "已失效" in alerts(h)[-1]
    assert (await quota(h, "张三", "visit"), await quota(h, "李四", "visit")) == (20, 0)


async def test_the_offer_is_void_once_the_quotas_changed(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/leave 11-23 11-30")
    [offer] = await h.emu.wait_for_sent(village["id"], lambda m: bool(m.buttons()))
    await h.say(village, "/assign 李四 走访 3")
    [(_, data)] = offer.buttons()
    await h.press_stale(village, offer, data)
    assert "已失效" in alerts(h)[-1]
    assert (await quota(h, "张三", "visit"), await quota(h, "李四", "visit")) == (20, 3)


async def test_a_redelivered_leave_offers_nothing_twice(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/leave 11-23 11-30")
    await h.emu.wait_for_sent(village["id"], lambda m: bool(m.buttons()))
    before = len(h.emu.sent(zhang["id"]))
    await restart_and_redeliver(h, last_update_id(h))
    await h.emu.wait_for_sent(zhang["id"], after=before)
    await h.emu.settle(quiet=0.2)
    assert len(offers(h, village["id"])) == 1


async def test_no_offer_hands_quota_to_a_colleague_on_leave_over_the_same_days(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang, li = await h.join("张三", 1001), await h.join("李四", 1002)
    await h.say(li, "/leave 11-27 12-01")  # 七岭村's only other cadre, away over the same days
    await h.say(zhang, "/leave 11-23 11-30")
    await h.emu.settle(quiet=0.2)
    assert offers(h, village["id"]) == []
