"""/split through PTB + the emulator (SPEC §3.1): rules first, exact sums, what each child got on top of
what it held, and weights from the roster (or head counts, said out loud, when it has none)."""

from __future__ import annotations

from bot.domain.model import Assignee
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from tests.harness import Harness
from tests.reading import stored_quotas


async def test_split_even_honours_rules_and_sums_exactly(h: Harness) -> None:
    # Every village needs ≥ 10 checkups by 60 % → a quota of at least 17 (ceil(0.6 × 17) = 11 ≥ 10).
    ruled = EXAMPLE_PLAN_YAML.replace("count: 1, by: 60", "count: 10, by: 60")
    await h.services.plans.import_plan(load_plan(ruled.encode(), "plan.yaml"))
    town = await h.join("郭镇长", 2001)
    # bydz checkup 70, 七岭村 30: 40 unassigned; floors first (双泉村 17, 青鹿居委会 17), the 6 left evenly.
    [reply] = await h.say(town, "/split checkup even")
    assert "• 七岭村：+2（共 32 人）" in reply.body
    assert "• 双泉村：+19（共 19 人）" in reply.body
    assert "• 青鹿居委会：+19（共 19 人）" in reply.body
    quotas = await stored_quotas(h)
    villages = [quotas[(Assignee.unit(c), "checkup")] for c in ("ql", "sq", "qlj")]
    assert sum(villages) == 70  # exactly the town's quota: nothing lost, nothing invented
    assert min(villages) >= 17
    assert (Assignee.member("郭镇长"), "checkup") not in quotas
    [again] = await h.say(town, "/split checkup even")
    assert "白洋渡镇 的 健康体检 没有未分配" in again.body


async def test_split_shows_what_each_child_got_on_top_of_what_it_held(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    [reply] = await h.say(town, "/split visit even")  # bydz 100, 七岭村 40: 60 left, 20 each
    assert "• 七岭村：+20（共 60 户）" in reply.body
    assert "• 双泉村：+20（共 20 户）" in reply.body
    assert "按各下级人数" not in reply.body  # even split: no weights involved


async def test_split_weights_without_a_weight_column_says_it_used_head_counts(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    [reply] = await h.say(town, "/split visit weights")
    assert "花名册中没有可用的权重" in reply.body
    assert "按各下级人数分配" in reply.body
    # 七岭村 has 3 people, 双泉村 and 青鹿居委会 1 each: 60 → 36 / 12 / 12.
    assert "• 七岭村：+36（共 76 户）" in reply.body
    assert "• 双泉村：+12（共 12 户）" in reply.body
    assert "• 青鹿居委会：+12（共 12 户）" in reply.body
    quotas = await stored_quotas(h)
    assert sum(quotas[(Assignee.unit(c), "visit")] for c in ("ql", "sq", "qlj")) == 100


async def test_split_weights_follows_the_roster_weight_column(h: Harness) -> None:
    weighted = EXAMPLE_PLAN_YAML.replace(
        "{name: 王五, unit: sq, role: cadre}", "{name: 王五, unit: sq, role: cadre, weight: 3}"
    )
    await h.services.plans.import_plan(load_plan(weighted.encode(), "plan.yaml"))
    town = await h.join("郭镇长", 2001)
    [reply] = await h.say(town, "/split visit weights")
    assert "没有可用的权重" not in reply.body
    # weights 3 (七岭村) : 3 (双泉村) : 1 (青鹿居委会) of 60 → 25.7 / 25.7 / 8.6 → 26 / 26 / 8.
    assert "• 双泉村：+26（共 26 户）" in reply.body
    assert "• 青鹿居委会：+8（共 8 户）" in reply.body
