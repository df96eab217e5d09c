"""The texts of the campaign's close and of a village's own progress, in both languages, from
hand-made domain values (SPEC §3.3, §5)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.model import Assignee
from bot.domain.ranking import Position, RankedRow
from bot.domain.standing import Standing, Status, TaskStanding
from bot.views import bulletins, final, nudges
from tests.unit.worlds import EAST_ANN as ANN
from tests.unit.worlds import EAST_BO as BO
from tests.unit.worlds import EAST_TOWN as TREE
from tests.unit.worlds import WINTER_M60 as M60
from tests.unit.worlds import winter as campaign

# After the deadline the targets are the quotas: 七岭村 met both, 三河村 missed visits by 8.
MET = Standing(
    Assignee.unit("v1"),
    (TaskStanding("visit", 40, 40, 40, 0, 0), TaskStanding("checkup", 10, 10, 10, 0, 0)),
    1.0, 50, 50, 1.0, 0.0, Status.ON_TRACK, None, True, None,
)  # fmt: skip
SHORT = Standing(
    Assignee.unit("v2"),
    (TaskStanding("visit", 32, 40, 40, 8, 8), TaskStanding("checkup", 10, 10, 10, 0, 0)),
    0.84, 42, 50, 1.0, -16.0, Status.AT_RISK, None, False, None,
)  # fmt: skip
TOWN = Standing(
    Assignee.unit("town"),
    (TaskStanding("visit", 72, 80, 80, 8, 8), TaskStanding("checkup", 20, 20, 20, 0, 0)),
    0.92, 92, 100, 1.0, -8.0, Status.BEHIND, None, False, None,
)  # fmt: skip


def summary(lang: str) -> final.FinalFacts:
    return final.FinalFacts(
        campaign=campaign(lang),
        unit=TREE.unit("town"),
        at=datetime(2026, 12, 31, 10, 1, tzinfo=UTC),
        overall=TOWN,
        ranked=[RankedRow(1, MET), RankedRow(2, SHORT)],
        unquoted=[],
        praised=[MET],
        leaf=None,
    )


def test_the_final_summary_in_chinese() -> None:
    assert final.bulletin_lines("zh", TREE, summary("zh")) == [
        "<b>冬季行动 · 东镇 活动总结</b>",
        "2026-12-31 18:01 · 范围：东镇",
        "活动已于 12月31日 18:00 结束，以下是最终结果。",
        "总体：92/100，最终完成率 92.0% · ❌ 未完成全部指标",
        "各任务合计：入户走访 72/80、健康体检 20/20",
        "达标单位 1/2",
        "排名：",
        "1. 七岭村 100.0% 入户走访40/40 健康体检10/10 ✅达标",
        "2. 三河村 84.0% 入户走访32/40 健康体检10/10 ❌未达标",
        "👏 表扬：七岭村",
    ]


def test_the_final_summary_in_english_uses_english_separators() -> None:
    lines = final.bulletin_lines("en", TREE, summary("en"))
    assert lines[2] == "The campaign ended on 31 Dec 18:00; these are the final results."
    assert lines[4] == "Totals per task: home visits 72/80, checkups 20/20"
    assert lines[5] == "Units that met every quota: 1/2"


def test_me_after_the_deadline_in_english() -> None:
    member = Standing(
        Assignee.member("ann"),
        (TaskStanding("visit", 40, 40, 40, 0, 0), TaskStanding("checkup", 7, 10, 10, 3, 3)),
        0.94, 47, 50, 1.0, -6.0, Status.BEHIND, None, False, None,
    )  # fmt: skip
    assert final.me("en", campaign("en"), "王芳", member, Position(1, 2)).splitlines() == [
        "<b>王芳</b> · Winter drive",
        "The campaign ended on 31 Dec 18:00; these are the final results.",
        "Final completion 94.0% (47/50) · ❌ some quotas not met",
        "• home visits: 40/40 homes ✅",
        "• checkups: 7/10 people ❌ 3 short",
        "Rank in your unit: 1 of 2",
    ]


def test_a_villages_own_progress_against_the_milestone() -> None:
    leaf = bulletins.LeafFacts(M60, ANN.tasks, on_target=0, behind=2, no_quota=1)
    assert bulletins.leaf_lines("zh", campaign("zh"), leaf) == [
        "本单位各任务（60%节点目标）：",
        "• 入户走访：23/24 户（95.8%）",
        "• 健康体检：6/6 人（100.0%）✅",
        "有个人指标的成员：达到目标 0 人，未达到 2 人；未设个人指标 1 人",
    ]
    assert bulletins.leaf_lines("en", campaign("en"), leaf)[-1] == (
        "Members with a quota of their own: 0 on target, 2 behind; 1 without a quota of their own"
    )


def test_the_nudge_names_what_the_next_milestone_needs_and_a_report_of_this_campaign() -> None:
    [text] = nudges.nudge("zh", campaign("zh"), "李强", BO)
    assert text == (
        "李强，今天还没有收到您的上报。距 12月5日 18:00 60%节点还差：入户走访 14、健康体检 4。"
        "今天有进展的话，直接回复即可上报，例如：<code>入户走访3</code>"
    )
