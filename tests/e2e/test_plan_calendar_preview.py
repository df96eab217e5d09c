"""The plan preview in chat lists the plan's calendar warnings under it (issue 11 §1), and the plan
still imports: dates beyond the statutory holiday data are worth a look, not a refusal."""

from __future__ import annotations

from bot.plans.example import EXAMPLE_PLAN_YAML
from tests.harness import Harness


async def test_the_preview_warns_of_dates_no_calendar_covers_and_the_plan_still_imports(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    await h.say(county, "/plan")
    later = EXAMPLE_PLAN_YAML.replace("winter-service-2026", "spring-2027").replace("冬季健康服务集中活动", "春季专项")
    later = later.replace("2027-01-05T18:00", "2027-01-12T18:00")  # the end and the 100 % checkpoint
    before = len(h.emu.sent(county["id"]))
    h.emu.send_document(county, "spring.yaml", later.encode())
    [preview] = await h.emu.wait_for_sent(county["id"], after=before)
    assert "春季专项" in preview.body
    assert "请留意（不影响导入）：" in preview.body
    assert "⚠ calendar: 2027-01-01 至 2027-01-12 不在法定节假日数据内，按周末休息计算" in preview.body
    await h.press(county, preview, preview.buttons()[0][1])
    assert "已导入新活动" in preview.body
