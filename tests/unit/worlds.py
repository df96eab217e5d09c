"""Worlds built by hand that several unit tests share, so each is written (and read) once.

TEST: the campaign "测试", 1 Nov to 21 Nov 2026 (Shanghai), 60 % due 11 Nov: 走访 (visit, 户) and
体检 (checkup, 人). The domain tables (progress, laggards, reach, checkpoints) compute on it.

WINTER: the milestones and task names of the views' "冬季行动" campaign (60 % due 5 Dec 18:00, the end
31 Dec 18:00), in both languages, `winter(lang)` itself, and EAST_TOWN: 东镇 with 七岭村 (王芳, 李强) and
三河村, with the two cadres' standings at the 60 % checkpoint.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.model import Assignee, Campaign, Member, Milestone, Role, TaskType, Unit, VerificationMode
from bot.domain.standing import Standing, Status, TaskStanding
from bot.domain.tree import OrgTree

SH = ZoneInfo("Asia/Shanghai")

TEST_START = datetime(2026, 11, 1, 0, 0, tzinfo=SH)
TEST_M60 = Milestone(60, datetime(2026, 11, 11, 0, 0, tzinfo=SH))
TEST_END = datetime(2026, 11, 21, 0, 0, tzinfo=SH)
TEST_CAMPAIGN = Campaign(
    "c",
    "测试",
    TEST_START,
    TEST_END,
    tasks=(TaskType("visit", "走访", "户"), TaskType("checkup", "体检", "人")),
    milestones=(TEST_M60, Milestone(100, TEST_END)),
)

WINTER_M60 = Milestone(60, datetime(2026, 12, 5, 18, 0, tzinfo=SH))
WINTER_END = Milestone(100, datetime(2026, 12, 31, 18, 0, tzinfo=SH))
WINTER_TASKS = {
    "zh": (TaskType("visit", "入户走访", "户"), TaskType("checkup", "健康体检", "人")),
    "en": (TaskType("visit", "home visits", "homes"), TaskType("checkup", "checkups", "people")),
}
EAST_TOWN = OrgTree.build(
    [Unit("town", "东镇", "town"), Unit("v1", "七岭村", "village", "town"), Unit("v2", "三河村", "village", "town")],
    [Member("ann", "王芳", "v1", Role.CADRE), Member("bo", "李强", "v1", Role.CADRE)],
)
# 王芳 in EAST_TOWN: 23 of 40 visits (the 60% target is 24), all 6 checkups the target asks for.
EAST_ANN = Standing(
    Assignee.member("ann"),
    (TaskStanding("visit", 23, 40, 24, 1, 1), TaskStanding("checkup", 6, 10, 6, 0, 0)),
    0.58,
    29,
    50,
    0.6,
    -2.0,
    Status.ON_TRACK,
    WINTER_M60,
    False,
    None,
)
# 李强: well behind on both tasks.
EAST_BO = Standing(
    Assignee.member("bo"),
    (TaskStanding("visit", 10, 40, 24, 14, 3), TaskStanding("checkup", 2, 10, 6, 4, 1)),
    0.24,
    12,
    50,
    0.6,
    -36.0,
    Status.BEHIND,
    WINTER_M60,
    False,
    None,
)


def winter(lang: str) -> Campaign:
    """The views' campaign, named in `lang`."""
    name = "冬季行动" if lang == "zh" else "Winter drive"
    start = datetime(2026, 11, 1, tzinfo=SH)
    # Verification off: one number per cell (both numbers side by side: tests/unit/test_views_both_counts.py)
    off = VerificationMode.OFF
    return Campaign(
        "winter",
        name,
        start,
        WINTER_END.due,
        tasks=WINTER_TASKS[lang],
        milestones=(WINTER_M60, WINTER_END),
        verification=off,
    )
