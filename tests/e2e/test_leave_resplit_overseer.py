"""A long leave in a village without a leader of its own offers the re-split to the nearest leader up the
chain (issue 11 §2; SPEC §9: no notice silently dropped). The example plan's 双泉村 has no leader; here it
has two cadres, 王五 (with a quota) and 钱九: 王五's long leave offers 白洋渡镇's 郭镇长 the one-tap re-split,
which he may take (his scope contains the village). Before, the offer went to the village's leaders only:
to nobody."""

from __future__ import annotations

from bot.domain.model import Assignee
from bot.plans import load_plan
from tests.example_plans import LEADERLESS_VILLAGE
from tests.harness import Harness


async def quota(h: Harness, key: str, task: str) -> int:
    record = (await h.services.directory.all_campaigns())[0]
    loaded = await h.services.progress.load(record)
    return loaded.quotas.get((Assignee.member(key), task), 0)


async def test_a_long_leave_in_a_village_without_a_leader_offers_the_town_leader_the_re_split(h: Harness) -> None:
    await h.services.plans.import_plan(load_plan(LEADERLESS_VILLAGE.encode(), "plan.yaml"))
    town = await h.join("郭镇长", 2001)
    county = await h.join("陈主任", 3001)
    wang = await h.join("王五", 1003)
    await h.join("钱九", 1004)
    await h.say(wang, "/leave 11-23 11-30")  # Monday to Monday: 6 working days
    [offer] = await h.emu.wait_for_sent(town["id"], lambda m: bool(m.buttons()))
    assert "<b>王五</b> 请假 11月23日 至 11月30日" in offer.body
    assert "（钱九）" in offer.body
    [(label, data)] = offer.buttons()
    assert label == "一键重新分配"
    await h.press(town, offer, data)
    assert "已把 <b>王五</b> 的剩余指标重新分配" in offer.body
    assert (await quota(h, "王五", "visit"), await quota(h, "钱九", "visit")) == (0, 10)
    await h.emu.settle(quiet=0.2)
    assert not [m for m in h.emu.sent(county["id"]) if "一键重新分配" in str(m.buttons())]  # the nearest only
