"""A change to a campaign's definition reaches the very next report (SPEC §3.2, §4).

The report path keeps decoded campaign definitions in memory; these tests pin that no write — a
re-import, a cancel, a roster change, in this process or in another one (the CLI) — is ever
followed by a report judged against the old definition. The clock never moves here, so a change
made within the same second as the previous one must be seen too.
"""

from __future__ import annotations

from bot.cli.commands import cancel as cli_cancel
from bot.services.plans import PlanService
from bot.storage.db import Database
from tests.example_plans import plan, registered, visits
from tests.harness import Harness
from tests.reading import alerts

KEY = "winter-service-2026"


LOWER_LIMIT = ("max_per_report: 80", "max_per_report: 30")
MILESTONE_50 = ("{percent: 60, due: 2026-12-05T18:00}", "{percent: 50, due: 2026-12-05T18:00}")
RULE_BY_50 = ("count: 1, by: 60", "count: 1, by: 50")
RENAMED_VISIT = (
    "{key: visit,    name: 入户走访, unit: 户, aliases: [走访,",
    "{key: visit, name: 上门走访, unit: 户, aliases: [探访, 走访,",
)
WITHOUT_ZHANG = ("  - {name: 张三, unit: ql, role: cadre}\n", "")
WITHOUT_ZHANG_QUOTA = ("  - {assignee: 张三,   visit: 20,  checkup: 15}\n", "")


async def test_a_lower_limit_from_a_re_import_applies_to_the_very_next_report(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [ack] = await h.say(zhang, "登记50")
    assert "信息登记 +50" in ack.body
    await h.services.plans.import_plan(plan(LOWER_LIMIT))
    [ask] = await h.say(zhang, "登记50")
    assert "超过了单次上限 30" in ask.body
    assert ask.buttons()


async def test_a_moved_milestone_and_a_renamed_task_show_in_the_very_next_acknowledgement(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [before] = await h.say(zhang, "走访1")
    assert "入户走访 +1" in before.body
    assert "60%节点" in before.body
    await h.services.plans.import_plan(plan(MILESTONE_50, RULE_BY_50, RENAMED_VISIT))
    [after] = await h.say(zhang, "探访1")  # an alias the old definition did not know
    assert "上门走访 +1 → 2/20 户" in after.body, after.body
    assert "50%节点" in after.body
    assert "60%节点" not in after.body


async def test_a_cancelled_campaign_refuses_the_very_next_report(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [ack] = await h.say(zhang, "走访1")
    assert "入户走访 +1" in ack.body
    await h.services.plans.cancel(KEY)
    [refused] = await h.say(zhang, "走访1")
    assert "没有您参与的进行中的活动" in refused.body
    assert await visits(h) == 1


async def test_a_member_dropped_by_a_re_import_is_refused_at_the_very_next_report(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [ack] = await h.say(zhang, "走访1")
    assert "入户走访 +1" in ack.body
    await h.services.plans.import_plan(plan(WITHOUT_ZHANG, WITHOUT_ZHANG_QUOTA))
    [refused] = await h.say(zhang, "走访1")
    assert "没有您参与的进行中的活动" in refused.body
    assert await visits(h) == 1


async def test_a_question_answered_after_the_campaign_was_cancelled_records_nothing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [ask] = await h.say(zhang, "登记100")
    await h.services.plans.cancel(KEY)
    h.emu.press_button(zhang, ask, ask.buttons()[0][1])
    await h.emu.settle(quiet=0.1)
    assert any("已取消，不能上报" in a for a in alerts(h)), alerts(h)
    assert await registered(h) == 0


async def test_a_question_answered_after_the_member_was_dropped_records_nothing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [ask] = await h.say(zhang, "登记100")
    await h.services.plans.import_plan(plan(WITHOUT_ZHANG, WITHOUT_ZHANG_QUOTA))
    h.emu.press_button(zhang, ask, ask.buttons()[0][1])
    await h.emu.settle(quiet=0.1)
    assert any("不在活动" in a for a in alerts(h)), alerts(h)
    assert await registered(h) == 0


async def test_a_plan_imported_by_another_process_applies_to_the_very_next_report(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [ack] = await h.say(zhang, "登记50")
    assert "信息登记 +50" in ack.body
    other = await Database.open(h.settings.database_path)  # what `campaign-bot plan import` opens
    try:
        await PlanService(other, h.clock).import_plan(plan(LOWER_LIMIT, MILESTONE_50, RULE_BY_50))
    finally:
        await other.close()
    [ask] = await h.say(zhang, "登记50")
    assert "超过了单次上限 30" in ask.body
    [after] = await h.say(zhang, "走访1")
    assert "50%节点" in after.body
    assert "60%节点" not in after.body


async def test_a_cancel_from_another_process_refuses_the_very_next_report(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [ack] = await h.say(zhang, "走访1")
    assert "入户走访 +1" in ack.body
    assert await cli_cancel(h.settings, KEY, "en") == 0
    [refused] = await h.say(zhang, "走访1")
    assert "没有您参与的进行中的活动" in refused.body
    assert await visits(h) == 1
