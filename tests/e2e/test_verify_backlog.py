"""A leader's digest shows their unverified backlog, and a backlog older than the campaign's
`verification_overdue_days` is listed to the leader one level up (SPEC §5, issue 10). Real PTB, the
emulator, the scheduler's tick at the 60 % reminder time."""

from __future__ import annotations

from datetime import datetime

from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from scheduler.runner import Runner
from tests.harness import SH, Harness
from tests.reading import the_digest

REMIND_60 = datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH)  # 3 days before the 60 % checkpoint of 12-05


async def _plan(h: Harness, mode: str, extra: str = "") -> None:
    plan = EXAMPLE_PLAN_YAML.replace("verification: optional", f"verification: {mode}{extra}")
    await h.services.plans.import_plan(load_plan(plan.encode(), "plan.yaml"))


async def test_each_leader_sees_their_backlog_and_the_leader_above_sees_what_waits_too_long(h: Harness) -> None:
    await _plan(h, "required")
    county, town = await h.join("陈主任", 3001), await h.join("郭镇长", 2001)
    village = await h.join("李书记", 2002)
    zhang, wang = await h.join("张三", 1001), await h.join("王五", 1003)
    await h.say(zhang, "走访5")  # 11-20: 12 days old at the reminder, over the default 3
    h.clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=SH))
    await h.say(wang, "体检2")  # 12-01: a day old, not overdue
    h.clock.set(REMIND_60)
    await Runner.create(h.services, h.app.bot).tick()
    assert "待核实上报 1 条" in the_digest(h, village["id"])  # 张三's, in 七岭村
    assert "超过 3 天" not in the_digest(h, village["id"])  # nobody below a village
    town_digest = the_digest(h, town["id"])
    assert "待核实上报 2 条" in town_digest
    assert "下级待核实超过 3 天：七岭村 1 条" in town_digest  # 七岭村's leader has let it wait
    assert "下级待核实超过 3 天：白洋渡镇 1 条" in the_digest(h, county["id"])


async def test_the_overdue_threshold_is_the_campaigns_setting(h: Harness) -> None:
    await _plan(h, "required", "\n  verification_overdue_days: 20")
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访5")  # 12 days old at the reminder: under 20
    h.clock.set(REMIND_60)
    await Runner.create(h.services, h.app.bot).tick()
    assert "待核实上报 1 条" in the_digest(h, town["id"])
    assert "下级待核实超过" not in the_digest(h, town["id"])


async def test_with_verification_off_a_digest_says_nothing_about_review(h: Harness) -> None:
    await _plan(h, "off")
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访5")
    h.clock.set(REMIND_60)
    await Runner.create(h.services, h.app.bot).tick()
    assert "待核实" not in the_digest(h, town["id"])
