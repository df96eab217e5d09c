"""At a checkpoint leaders hear which units missed as well as which members, and which `min_each`
rules were broken; the digests before it warn of rules not yet met; the checkpoint's own evaluation is
stored (SPEC §5). The example plan: 七岭村 has the only village quota, 张三 the only personal one, and
every village needs 1 checkup by 60 %."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.model import Assignee
from scheduler.runner import Runner
from tests.harness import SH, Harness
from tests.reading import missed_lists

CHECKPOINT_60 = datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH)
REMIND_60 = datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH)


async def test_a_town_leader_hears_the_units_that_missed_not_only_members(h: Harness) -> None:
    zhang, li = await h.join("张三", 1001), await h.join("李四", 1002)
    town = await h.join("郭镇长", 2001)
    await h.say(zhang, "走访12 体检9")  # 张三 meets his own 60 % targets; 七岭村 (24 visits, 18 checkups) does not
    await h.say(li, "体检1")
    h.clock.set(CHECKPOINT_60)
    await Runner.create(h.services, h.app.bot).tick()
    [text] = missed_lists(h, town["id"])
    assert "<b>白洋渡镇</b> 60%节点未达标单位 2 个：" in text
    assert "• 七岭村：入户走访 12/24、健康体检 10/18" in text
    assert "未达标人员 0 人" in text
    # 七岭村 has a checkup, 双泉村 and 青鹿居委会 none
    assert "60%节点未满足的规则 2 项：" in text
    assert "• 双泉村：健康体检 0，规则要求每个单位至少 1" in text
    assert "• 青鹿居委会：健康体检 0" in text
    assert "七岭村：健康体检 10，" not in text


async def test_the_checkpoint_stores_its_own_evaluation(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访12")
    h.clock.set(CHECKPOINT_60)
    runner = Runner.create(h.services, h.app.bot)
    await runner.tick()
    stored = (await h.services.checkpoints.results(await h.campaign_id()))[60]
    rows = {(r.assignee, r.task): (r.done, r.target) for r in stored.results}
    assert rows[(Assignee.unit("ql"), "visit")] == (12, 24)
    assert rows[(Assignee.member("张三"), "visit")] == (12, 12)
    await h.say(zhang, "走访12")  # later work does not change the judgement of a closed checkpoint
    await runner.tick()
    stored = (await h.services.checkpoints.results(await h.campaign_id()))[60]
    assert {(r.assignee, r.task): r.done for r in stored.results}[(Assignee.unit("ql"), "visit")] == 12


async def test_a_digest_before_the_checkpoint_warns_of_rules_not_yet_met(h: Harness) -> None:
    li = await h.join("李四", 1002)
    village, town = await h.join("李书记", 2002), await h.join("郭镇长", 2001)
    await h.say(li, "体检1")
    h.clock.set(REMIND_60)
    await Runner.create(h.services, h.app.bot).tick()
    [town_digest] = [s.body for s in h.emu.sent(town["id"]) if "落后名单" in s.body]
    assert "60%节点须满足的规则，尚有 2 项未满足：" in town_digest
    assert "• 双泉村：健康体检 0，规则要求每个单位至少 1" in town_digest
    [village_digest] = [s.body for s in h.emu.sent(village["id"]) if "落后名单" in s.body]
    assert "规则" not in village_digest  # 七岭村 has its checkup


async def test_the_export_shows_a_closed_milestone_as_its_checkpoint_judged_it(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    h.clock.set(CHECKPOINT_60)
    await Runner.create(h.services, h.app.bot).tick()  # judged: none of the 4 units with a quota met it
    await h.say(zhang, "走访24 体检18")  # after the due: 七岭村 would meet its 60 % targets today
    h.clock.set(datetime(2026, 12, 6, 10, 0, tzinfo=SH))
    record = await h.services.directory.current_campaign(await h.services.directory.actor(zhang["id"]))
    data = await h.services.export.workbook(record, "en")
    ws = load_workbook(BytesIO(data))["Milestones"]
    assert isinstance(ws, Worksheet)
    first = next(ws.iter_rows(min_row=2, values_only=True))
    assert (first[0], first[2], first[3]) == (0.6, 0, 4)
