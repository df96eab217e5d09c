"""After the deadline (SPEC §3.3, §5): /me and /progress say the campaign ended and show the final
results — done of quota, met or missed — never what is still needed per day."""

from __future__ import annotations

from datetime import datetime

from tests.harness import SH, Harness

AFTER_END = datetime(2027, 1, 6, 10, 0, tzinfo=SH)  # the campaign ended 2027-01-05 18:00


async def test_me_after_the_deadline_says_the_campaign_ended_and_shows_the_final_results(h: Harness) -> None:
    zhang = await h.join("张三", 1001)  # quota visit 20, checkup 15
    await h.say(zhang, "走访20 体检10")
    h.clock.set(AFTER_END)
    [me] = await h.say(zhang, "/me")
    assert "已于 1月5日 18:00 结束" in me.body
    assert "20/20" in me.body
    assert "10/15" in me.body
    assert "每天约" not in me.body
    assert "下一节点" not in me.body
    lines = {line.split("：")[0]: line for line in me.body.splitlines() if line.startswith("•")}
    assert "✅" in lines["• 入户走访"]
    assert "❌" in lines["• 健康体检"]
    assert "差 5" in lines["• 健康体检"]
    assert "未完成" in me.body  # the whole: not every quota was met


async def test_me_after_the_deadline_in_english(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/lang en")
    await h.say(zhang, "visit 20 checkup 15")
    h.clock.set(AFTER_END)
    [me] = await h.say(zhang, "/me")
    assert "ended" in me.body
    assert "per day" not in me.body
    assert "20/20" in me.body
    assert "15/15" in me.body
    assert "every quota met" in me.body


async def test_progress_after_the_deadline_shows_each_childs_final_result(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    town = await h.join("郭镇长", 2001)
    county = await h.join("陈主任", 3001)
    await h.say(zhang, "走访40 体检30")  # 七岭村 meets its whole quota (visit 40, checkup 30)
    h.clock.set(AFTER_END)
    [report] = await h.say(town, "/progress")
    body = report.body
    assert "结束，以下是最终结果" in body
    assert "每天约" not in body
    assert "40/100" in body  # the town's final visit count against its quota
    rows = {line.split()[1]: line for line in body.splitlines() if line[:1].isdigit()}
    assert "✅" in rows["七岭村"]
    [overview] = await h.say(county, "/progress")
    rows = {line.split()[1]: line for line in overview.body.splitlines() if line[:1].isdigit()}
    assert "❌" in rows["白洋渡镇"]
    assert "❌" in rows["元木镇"]


async def test_a_bulletin_posted_after_the_deadline_is_the_final_summary(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, -100960, "白洋渡镇群")
    h.clock.set(AFTER_END)
    await h.say(town, "/bulletin")
    texts = [s.body for s in h.emu.sent(group["id"]) if s.text]
    assert any("活动总结" in text for text in texts)
    assert not any("应完成" in text for text in texts)  # no pace to keep any more
