"""Worlds built by hand that several unit tests share, so each is written (and read) once.

TEST: the campaign "测试", 1 Nov to 21 Nov 2026 (Shanghai), 60 % due 11 Nov: 走访 (visit, 户) and
体检 (checkup, 人). The domain tables (progress, laggards, reach, checkpoints) compute on it.

WINTER: the milestones and task names of the views' "冬季行动" campaign (60 % due 5 Dec 18:00, the end
31 Dec 18:00), in both languages, `winter(lang)` itself, and EAST_TOWN: 东镇 with 七岭村 (王芳, 李强) and
三河村, with the two cadres' standings at the 60 % checkpoint.

COUNTY: TEST with a `min_each` rule, four villages with quotas under two towns (the checkpoint tables).

CALENDAR: 冬季行动 with one task and a working calendar that can be switched off, 七岭村 and 王芳's
standing with so many days left (the working-day wording).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.model import (
    Assignee,
    CalendarSpec,
    Campaign,
    Member,
    Milestone,
    MinEachRule,
    Role,
    TaskType,
    Unit,
    VerificationMode,
)
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

# COUNTY: TEST with a rule (every village 2 checkups by 60 %), four villages under two towns.
COUNTY_CAMPAIGN = replace(TEST_CAMPAIGN, rules=(MinEachRule("village", "checkup", 2, 60),))
# county ─ south (town) ─ v1, v2, v3; north (town) ─ v4
COUNTY_TREE = OrgTree.build(
    [
        Unit("county", "县", "county"),
        Unit("south", "南镇", "town", "county"),
        Unit("v1", "一村", "village", "south"),
        Unit("v2", "二村", "village", "south"),
        Unit("v3", "三村", "village", "south"),
        Unit("north", "北镇", "town", "county"),
        Unit("v4", "四村", "village", "north"),
    ],
    [Member("a", "甲", "v1", Role.CADRE), Member("b", "乙", "v2", Role.CADRE), Member("d", "丁", "v4", Role.CADRE)],
)
# Villages have quotas, nobody has one of their own: "南镇 未达标人员 0 人" while all three missed.
COUNTY_QUOTAS = {
    (Assignee.unit("v1"), "visit"): 10,
    (Assignee.unit("v2"), "visit"): 10,
    (Assignee.unit("v3"), "visit"): 10,
    (Assignee.unit("v4"), "visit"): 10,
    (Assignee.unit("v4"), "checkup"): 5,
}

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


# CALENDAR: one village, one cadre, one task, the working calendar on or off.
CALENDAR_END = datetime(2026, 12, 31, 18, 0, tzinfo=SH)
CALENDAR_TASKS = {
    "zh": (TaskType("visit", "入户走访", "户"),),
    "en": (TaskType("visit", "home visits", "homes"),),
}
CALENDAR_TREE = OrgTree.build([Unit("v1", "七岭村", "village")], [Member("ann", "王芳", "v1", Role.CADRE)])


def calendar_campaign(lang: str, calendar: bool = True) -> Campaign:
    start = datetime(2026, 11, 1, tzinfo=SH)
    return Campaign("w", "冬季行动", start, CALENDAR_END, tasks=CALENDAR_TASKS[lang],
                    milestones=(WINTER_M60, Milestone(100, CALENDAR_END)),
                    verification=VerificationMode.OFF, calendar=CalendarSpec(enabled=calendar))  # fmt: skip


def calendar_ann(days_left: int = 3, per_day: int = 4) -> Standing:
    visit = TaskStanding("visit", 12, 40, 24, 12, per_day, days_left=days_left)
    return Standing(Assignee.member("ann"), (visit,), 0.3, 12, 40, 0.6, -30.0, Status.BEHIND, WINTER_M60, False, None)
