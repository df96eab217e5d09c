"""/undo takes back what *you* sent (SPEC §4, §9), through PTB + the emulator: the entry a leader typed
for a cadre with /report_for stands against the cadre's /undo — the reply names who entered it and how to
get it fixed — and goes when the leader who typed it sends /undo."""

from __future__ import annotations

from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from tests.harness import Harness, total


async def test_the_cadres_undo_leaves_the_leaders_entry_and_the_leaders_undo_takes_it_back(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(village, "/report_for 张三 走访3")
    assert await total(h, "张三", "visit") == 3
    [kept] = await h.say(zhang, "/undo")
    assert "李书记" in kept.body  # who entered it
    assert "/undo" in kept.body  # and that he can take it back
    assert "没有撤回" in kept.body
    assert await total(h, "张三", "visit") == 3
    [undone] = await h.say(village, "/undo")
    assert "已撤回" in undone.body
    assert "张三" in undone.body  # for whom
    assert "入户走访 +3" in undone.body
    assert await total(h, "张三", "visit") == 0


async def test_the_name_of_who_entered_it_is_shown_as_text(h: Harness) -> None:
    renamed = EXAMPLE_PLAN_YAML.replace("{name: 李书记, unit: ql", "{name: 李<i>书记, unit: ql")
    assert renamed != EXAMPLE_PLAN_YAML
    await h.services.plans.import_plan(load_plan(renamed.encode(), "plan.yaml"))
    invites = await h.services.invites.invites(await h.campaign_id(), None, "campaign_test_bot")
    await h.services.invites.redeem(next(i.code for i in invites if i.member.member.name == "李<i>书记"), 2002)
    village = h.emu.user(2002, "李书记", "zh")
    zhang = await h.join("张三", 1001, "en")
    await h.say(village, "/report_for 张三 走访3")
    [kept] = await h.say(zhang, "/undo")
    assert "李&lt;i&gt;书记" in kept.body  # sent as HTML: the cadre reads the name as written, never markup
    assert "<i>" not in kept.body
    assert "/undo" in kept.body
    assert await total(h, "张三", "visit") == 3


async def test_a_leader_cannot_take_back_an_entry_for_a_member_moved_out_of_his_village(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    await h.join("张三", 1001)
    await h.say(village, "/report_for 张三 走访3")
    moved = EXAMPLE_PLAN_YAML.replace("{name: 张三, unit: ql", "{name: 张三, unit: sq")
    assert moved != EXAMPLE_PLAN_YAML
    await h.services.plans.import_plan(load_plan(moved.encode(), "plan.yaml"))  # 张三 now works in 双泉村
    [refused] = await h.say(village, "/undo")
    assert "没有撤回" in refused.body
    assert "张三" in refused.body
    assert await total(h, "张三", "visit") == 3


async def test_the_cadre_is_told_privately_when_the_leader_takes_back_an_entry_typed_for_him(h: Harness) -> None:
    """He was told when it was entered; his numbers going down again must not be a surprise either."""
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(village, "/report_for 张三 走访3")
    before = len(h.emu.sent(zhang["id"]))
    [undone] = await h.say(village, "/undo")
    assert "已私信告知本人" in undone.body
    [told] = await h.emu.wait_for_sent(zhang["id"], count=1, after=before)
    assert "李书记" in told.body
    assert "撤回" in told.body
    assert "入户走访 3" in told.body
