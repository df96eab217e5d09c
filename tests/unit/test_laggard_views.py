"""Laggard lists grouped by level — towns, villages, then people — each line with what it still needs
(/laggards and the leader's digest), from hand-made domain values, in both languages."""

from __future__ import annotations

from datetime import datetime

from bot.domain.laggards import LevelGroup, by_level
from bot.domain.model import Assignee, Campaign, Member, Role, Unit, VerificationMode
from bot.domain.standing import Standing, Status, TaskStanding
from bot.domain.tree import OrgTree
from bot.views import digests, standing
from bot.views.sizing import TELEGRAM_LIMIT, telegram_length
from tests.unit.worlds import SH
from tests.unit.worlds import WINTER_END as END
from tests.unit.worlds import WINTER_M60 as M60
from tests.unit.worlds import WINTER_TASKS as TASKS

TREE = OrgTree.build(
    [
        Unit("county", "县卫健局", "county"),
        Unit("south", "南镇", "town", "county"),
        Unit("v1", "七岭村", "village", "south"),
        Unit("v2", "三河村", "village", "south"),
    ],
    [Member("bo", "李强", "v1", Role.CADRE)],
)


def campaign(lang: str) -> Campaign:
    name = "冬季行动" if lang == "zh" else "Winter drive"
    return Campaign(
        "w",
        name,
        datetime(2026, 11, 1, tzinfo=SH),
        END.due,
        tasks=TASKS[lang],
        milestones=(M60, END),
        verification=VerificationMode.OFF,
    )  # one number: these views are tested for what they list


def behind(assignee: Assignee, visit_left: int, checkup_left: int, status: Status = Status.BEHIND) -> Standing:
    tasks = (TaskStanding("visit", 0, 40, 24, visit_left, 1), TaskStanding("checkup", 0, 10, 6, checkup_left, 1))
    return Standing(assignee, tasks, 0.2, 10, 50, 0.6, -40.0, status, M60, False, None)


BO = behind(Assignee.member("bo"), 14, 4)
V1 = behind(Assignee.unit("v1"), 20, 0, Status.AT_RISK)  # checkups met: only visits are named
V2 = behind(Assignee.unit("v2"), 5, 6)
SOUTH = behind(Assignee.unit("south"), 25, 6)


def test_groups_run_from_the_highest_level_down_with_people_last_keeping_each_groups_order() -> None:
    assert by_level(TREE, [BO, V2, V1, SOUTH]) == [
        LevelGroup("town", (SOUTH,)),
        LevelGroup("village", (V2, V1)),
        LevelGroup(None, (BO,)),
    ]
    assert by_level(TREE, []) == []


def test_laggards_grouped_by_level_in_chinese() -> None:
    assert standing.laggards("zh", campaign("zh"), TREE, M60, [SOUTH, V1, V2, BO]) == [
        "落后于进度的共 4 个（下一节点：12月5日 60%）：\n"
        "<b>乡镇</b>（1）：\n"
        "• 南镇：还差 入户走访 25、健康体检 6（落后）\n"
        "<b>村（社区）</b>（2）：\n"
        "• 七岭村：还差 入户走访 20（有风险）\n"
        "• 三河村：还差 入户走访 5、健康体检 6（落后）\n"
        "<b>人员</b>（1）：\n"
        "• 李强：还差 入户走访 14、健康体检 4（落后）"
    ]


def test_laggards_grouped_by_level_in_english() -> None:
    assert standing.laggards("en", campaign("en"), TREE, M60, [V2, BO]) == [
        "2 behind pace (next checkpoint: 60% on 05 Dec):\n"
        "<b>Villages</b> (1):\n"
        "• 三河村: needs home visits 5, checkups 6 (behind)\n"
        "<b>People</b> (1):\n"
        "• 李强: needs home visits 14, checkups 4 (behind)"
    ]


def test_a_level_the_catalogue_does_not_know_is_shown_as_the_plan_names_it() -> None:
    tree = OrgTree.build([Unit("root", "总部", "HQ"), Unit("w", "一片区", "片区", "root")], [])
    lines = standing.laggards("zh", campaign("zh"), tree, M60, [behind(Assignee.unit("w"), 1, 0)])
    assert "<b>片区</b>（1）：" in lines[0]
    depth = OrgTree.build([Unit("root", "总部", "1"), Unit("w", "一片区", "2", "root")], [])
    assert (
        "<b>第 2 级</b>（1）："
        in standing.laggards("zh", campaign("zh"), depth, M60, [behind(Assignee.unit("w"), 1, 0)])[0]
    )


def test_the_digest_groups_its_laggards_by_level_too() -> None:
    [text] = digests.digest(
        "zh", campaign("zh"), M60, TREE, "south", [V1, BO], [], [], digests.Recipients({}, {}), False
    )
    assert text == (
        "<b>南镇</b> 落后名单：未达到 12月5日 18:00 60%节点目标且落后于进度的共 2 个（括号内为进度状态）\n"
        "<b>村（社区）</b>（1）：\n"
        "• 七岭村：还差 入户走访 20（有风险）\n"
        "<b>人员</b>（1）：\n"
        "• 李强：还差 入户走访 14、健康体检 4（落后）"
    )


def test_a_long_list_is_split_below_telegrams_limit_and_the_digest_caps_each_group() -> None:
    members = [Member(f"m{i}", f"队员{i:03d}", "v1", Role.CADRE) for i in range(300)]
    tree = OrgTree.build([Unit("v1", "七岭村", "village")], members)
    many = [behind(Assignee.member(f"m{i}"), 14, 4) for i in range(300)]
    texts = standing.laggards("zh", campaign("zh"), tree, M60, many)
    assert len(texts) > 1
    assert all(telegram_length(t) <= TELEGRAM_LIMIT for t in texts)
    assert all(f"• 队员{i:03d}：" in "\n".join(texts) for i in range(300))  # /laggards shows them all
    digest = "\n".join(
        digests.digest("zh", campaign("zh"), M60, tree, "v1", many, [], [], digests.Recipients({}, {}), False)
    )
    assert "<b>人员</b>（300）：" in digest
    assert f"……另有 {300 - digests.MAX_LAGGARDS} 个" in digest
