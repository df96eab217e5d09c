"""The scheduler's notices about units (SPEC §5): a unit's quota in a cadre's reminder, units and
rule violations in the missed list and the digest — rendered in zh and en from hand-made values."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.domain.model import Assignee, Campaign, VerificationMode
from bot.domain.reach import UnitShare
from bot.domain.standing import RuleViolation, Standing, Status, TaskStanding
from bot.views import digests, notices
from tests.unit.worlds import EAST_TOWN as TREE
from tests.unit.worlds import SH
from tests.unit.worlds import WINTER_END as END
from tests.unit.worlds import WINTER_M60 as M60
from tests.unit.worlds import WINTER_TASKS as TASKS

# 王芳 has a visit quota of her own, on target; no checkup quota: 七岭村's reaches her.
ANN = Standing(
    Assignee.member("ann"),
    (TaskStanding("visit", 12, 20, 12, 0, 0),),
    0.6,
    12,
    20,
    0.6,
    0.0,
    Status.ON_TRACK,
    M60,
    True,
    None,
)
NONE = Standing(Assignee.member("bo"), (), None, 0, 0, 0.6, 0.0, Status.ON_TRACK, M60, True, None)
V1_CHECKUP = UnitShare("v1", TaskStanding("checkup", 2, 30, 18, 16, 4), 3)
V1_VISIT = UnitShare("v1", TaskStanding("visit", 0, 40, 24, 24, 6), 1)


def campaign(lang: str) -> Campaign:
    start = datetime(2026, 11, 1, tzinfo=SH)
    return Campaign(
        "winter",
        "冬季行动",
        start,
        END.due,
        tasks=TASKS[lang],
        milestones=(M60, END),
        verification=VerificationMode.OFF,
    )  # one number: these views are tested for what they list


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "• 七岭村还差 健康体检 16 人（每天约 4 人），本单位 3 人"),
        ("en", "• 七岭村 still needs 16 people of checkups (about 4 people a day; people sharing it: 3)"),
    ],
)
def test_a_units_quota_is_a_line_of_the_reminder(lang: str, line: str) -> None:
    [text] = notices.reminder(lang, campaign(lang), M60, "王芳", ANN, False, [V1_CHECKUP], TREE)
    lines = text.split("\n")
    assert lines[1] == line  # her own visits are on target: only the village's checkups are listed
    assert len(lines) == 3


def test_own_tasks_first_then_the_units_in_one_message() -> None:
    behind = Standing(
        Assignee.member("ann"),
        (TaskStanding("visit", 3, 20, 12, 9, 3),),
        0.15,
        3,
        20,
        0.6,
        -45.0,
        Status.BEHIND,
        M60,
        False,
        None,
    )
    [text] = notices.reminder("zh", campaign("zh"), M60, "王芳", behind, False, [V1_CHECKUP], TREE)
    assert text.split("\n")[1:3] == [
        "• 入户走访：节点目标已完成 3/12 户，还差 9（每天约 3）",
        "• 七岭村还差 健康体检 16 人（每天约 4 人），本单位 3 人",
    ]


def test_a_cadre_without_any_quota_hears_only_the_units() -> None:
    [text] = notices.reminder("zh", campaign("zh"), M60, "李强", NONE, False, [V1_VISIT, V1_CHECKUP], TREE)
    assert text.split("\n")[1:3] == [
        "• 七岭村还差 入户走访 24 户（每天约 6 户），本单位 1 人",
        "• 七岭村还差 健康体检 16 人（每天约 4 人），本单位 3 人",
    ]


V1_BEHIND = Standing(
    Assignee.unit("v1"),
    (TaskStanding("visit", 10, 40, 24, 14, 3),),
    0.25,
    10,
    40,
    0.6,
    -35.0,
    Status.BEHIND,
    M60,
    False,
    None,
)
NO_CHECKUP = RuleViolation("v2", "checkup", 1, 0)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "zh",
            "<b>东镇</b> 60%节点未达标单位 1 个：\n• 七岭村：入户走访 10/24\n"
            "<b>东镇</b> 60%节点未达标人员 0 人：\n"
            "60%节点未满足的规则 1 项：\n• 三河村：健康体检 0，规则要求每个单位至少 1",
        ),
        (
            "en",
            "<b>东镇</b>: 1 unit(s) missed the 60% checkpoint:\n• 七岭村: home visits 10/24\n"
            "<b>东镇</b>: 0 member(s) missed the 60% checkpoint:\n"
            "Rules not met at the 60% checkpoint (1):\n• 三河村: checkups 0, the rule asks every unit for at least 1",
        ),
    ],
)
def test_the_missed_list_names_units_and_broken_rules(lang: str, text: str) -> None:
    assert notices.missed(lang, campaign(lang), M60, TREE, "town", [], [V1_BEHIND], [NO_CHECKUP]) == [text]


def test_a_digest_warns_of_the_milestones_rules_not_yet_met() -> None:
    [text] = digests.digest(
        "en", campaign("en"), M60, TREE, "town", [V1_BEHIND], [], [], digests.Recipients({}, {}), False, [NO_CHECKUP]
    )
    assert text.split("\n")[-2:] == [
        "Rules due at the 60% checkpoint, not yet met (1):",
        "• 三河村: checkups 0, the rule asks every unit for at least 1",
    ]
