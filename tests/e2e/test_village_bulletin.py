"""A bulletin for a village — a unit with no units below it — is not empty (SPEC §3.3): the unit's own
progress per task against the next milestone, how many members are on or behind target, member names
only when the campaign enables naming, and a chart with bars."""

from __future__ import annotations

from io import BytesIO

from matplotlib import image

from bot.emulator import SentMessage
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from tests.harness import Harness


def bars_drawn(png: bytes) -> int:
    """Pixels of the chart's bar colours (green: on pace, red: behind): none in an empty chart."""
    rgb = image.imread(BytesIO(png), format="png")[..., :3].reshape(-1, 3)
    green = ((rgb[:, 1] > 0.4) & (rgb[:, 0] < 0.3) & (rgb[:, 2] < 0.3)).sum()
    red = ((rgb[:, 0] > 0.75) & (rgb[:, 1] < 0.45) & (rgb[:, 2] < 0.45)).sum()
    return int(green + red)


async def _village_bulletin(h: Harness) -> tuple[str, bytes]:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访12 体检3")  # 张三: visit 12/20, checkup 3/15; 七岭村: visit 12/40, checkup 3/30
    group = await h.bound_group(village, -100950, "七岭村工作群")
    [posted] = await h.say(village, "/bulletin")
    assert "1 个群" in posted.body
    sent: list[SentMessage] = h.emu.sent(group["id"])
    text = "\n".join(s.body for s in sent if s.text and "进度通报" in s.body)
    [chart] = [s.photo for s in sent if s.photo]
    return text, chart


async def test_a_village_bulletin_shows_its_own_progress_per_task_and_a_chart_with_bars(h: Harness) -> None:
    text, chart = await _village_bulletin(h)
    lines = {line.split("：")[0]: line for line in text.splitlines() if line.startswith("•")}
    # 60 % targets of 七岭村's quotas (visit 40, checkup 30): 24 and 18.
    assert "12/24" in lines["• 入户走访"]
    assert "50.0%" in lines["• 入户走访"]
    assert "3/18" in lines["• 健康体检"]
    assert "60%节点目标" in text
    assert "达到目标 0 人，未达到 1 人" in text  # 张三 has a quota of his own and is behind
    assert "未设个人指标 1 人" in text  # 李四
    assert "张三" not in text  # not named: the campaign does not enable naming
    assert bars_drawn(chart) > 500


async def test_a_village_bulletin_names_its_members_when_the_campaign_enables_it(h: Harness) -> None:
    gap = "public_warning_gap: 10"
    naming = EXAMPLE_PLAN_YAML.replace(gap, f"{gap}\n  name_cadres_in_bulletin: true")
    await h.services.plans.import_plan(load_plan(naming.encode(), "plan.yaml"))
    text, chart = await _village_bulletin(h)
    assert "张三" in text
    assert "12/24" in text
    assert bars_drawn(chart) > 500


async def test_a_member_on_leave_is_not_counted_behind_in_the_village_bulletin(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/leave 11-20 11-22")  # the clock reads 11-20: on leave today
    group = await h.bound_group(village, -100950, "七岭村工作群")
    await h.say(village, "/bulletin")
    text = "\n".join(s.body for s in h.emu.sent(group["id"]) if s.text and "进度通报" in s.body)
    assert "达到目标 0 人，未达到 0 人" in text  # 张三 is behind, but away: not someone who should report
