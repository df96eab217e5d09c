"""A leader's digest counts the flagged reports among those awaiting review in their scope (issue 11
§4): "待核实上报 2 条，其中 1 条有异常提示". Real PTB, the emulator, the scheduler's tick at the 60 %
reminder time; the flags themselves are never listed there."""

from __future__ import annotations

from datetime import datetime

from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from scheduler.runner import Runner
from tests.harness import SH, Harness
from tests.reading import the_digest

REMIND_60 = datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH)  # 3 days before the 60 % checkpoint of 12-05


async def test_the_digest_counts_flagged_pending_reports_in_each_leaders_scope(h: Harness) -> None:
    plan = EXAMPLE_PLAN_YAML.replace("verification: optional", "verification: required")
    await h.services.plans.import_plan(load_plan(plan.encode(), "plan.yaml"))
    town, village = await h.join("郭镇长", 2001), await h.join("李书记", 2002)
    zhang, wang = await h.join("张三", 1001), await h.join("王五", 1003)
    h.clock.set(datetime(2026, 11, 21, 23, 40, tzinfo=SH))
    await h.say(wang, "体检2")  # 双泉村, at night: flagged
    h.clock.set(datetime(2026, 11, 22, 10, 0, tzinfo=SH))
    await h.say(zhang, "走访5")  # 七岭村, by day
    h.clock.set(REMIND_60)
    await Runner.create(h.services, h.app.bot).tick()
    assert "待核实上报 2 条，其中 1 条有异常提示" in the_digest(h, town["id"])
    village_digest = the_digest(h, village["id"])
    assert "待核实上报 1 条" in village_digest
    assert "异常" not in village_digest  # 王五's night report is not in 七岭村
    assert "⚠" not in the_digest(h, town["id"])
