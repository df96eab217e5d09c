"""/laggards through PTB and the emulator: the one laggard rule, grouped by level (towns, villages,
then people), each line with what it still needs for the next checkpoint (SPEC §3.1, §5)."""

from __future__ import annotations

from tests.example_plans import JOINED, NEVER_JOINED, big_plan
from tests.harness import Harness


async def test_a_county_leader_sees_towns_then_villages_then_people(h: Harness) -> None:
    county = await h.join("陈主任", 2000)
    [reply] = await h.say(county, "/laggards")  # 20 Nov: 20.7 % expected, nothing reported yet
    body = reply.body
    assert body.startswith("落后于进度的共 4 个（下一节点：12月5日 60%）")
    towns, villages, people = (
        body.index("<b>乡镇</b>（2）"),
        body.index("<b>村（社区）</b>（1）"),
        body.index("<b>人员</b>（1）"),
    )
    assert towns < villages < people
    assert "• 白洋渡镇：还差 入户走访 60、健康体检 42、信息登记 108（有风险）" in body[towns:villages]
    assert "• 元木镇：还差 入户走访 39、健康体检 30、信息登记 72（有风险）" in body[towns:villages]
    assert "• 七岭村：还差 入户走访 24、健康体检 18（有风险）" in body[villages:people]
    assert "• 张三：还差 入户走访 12、健康体检 9（有风险）" in body[people:]


async def test_in_english_the_groups_are_named_in_english(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    await h.say(town, "/lang en")
    [reply] = await h.say(town, "/laggards")
    assert "<b>Villages</b> (1):\n• 七岭村: needs 入户走访 24, 健康体检 18 (at risk)" in reply.body
    assert "<b>People</b> (1):\n• 张三: needs 入户走访 12, 健康体检 9 (at risk)" in reply.body
    assert "、" not in reply.body


async def test_someone_ahead_of_pace_is_never_listed_as_behind(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访12")  # 12/35 = 34 %: ahead of 20.7 %, though 9 checkups short of the target
    [reply] = await h.say(town, "/laggards")
    assert "张三" not in reply.body
    assert "领先" not in reply.body
    assert "<b>人员</b>" not in reply.body  # no group without anyone in it


async def test_hundreds_of_laggards_arrive_whole_in_several_messages_below_the_limit(h: Harness) -> None:
    await h.services.plans.import_plan(big_plan())  # 400 more cadres in 七岭村, one visit each
    village = await h.join("李书记", 2002)
    before = len(h.emu.sent(village["id"]))
    await h.say(village, "/laggards")
    await h.emu.settle()
    parts = [s.body for s in h.emu.sent(village["id"])[before:]]
    assert len(parts) > 1
    assert all(len(part) <= 4096 for part in parts)
    text = "\n".join(parts)
    assert text.startswith("落后于进度的共 401 个")
    assert "<b>人员</b>（401）：" in text
    assert all(f"• 队员{i:03d}：还差 入户走访 1（有风险）" in text for i in range(JOINED + NEVER_JOINED))
