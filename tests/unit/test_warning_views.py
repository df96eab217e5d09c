"""The texts of graduated warnings (issue 11 §5), in zh and en, from hand-made domain values."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from bot.domain.model import Campaign, Member, Role, Unit, WarningLadder
from bot.domain.tree import OrgTree
from bot.domain.warnings import WarningLevel
from bot.views import warnings as views
from tests.unit.worlds import SH
from tests.unit.worlds import WINTER_M60 as M60

CAMPAIGN = Campaign(
    "c", "测试", datetime(2026, 11, 12, tzinfo=SH), datetime(2027, 1, 5, 18, tzinfo=SH), warnings=WarningLadder()
)
ZHANG = Member("张三", "张<三>", "ql", Role.CADRE)
TREE = OrgTree.build([Unit("bydz", "白洋渡镇", "town"), Unit("ql", "七岭村", "village", "bydz")], [ZHANG])


@pytest.mark.parametrize(("level", "mark"), [(0, ""), (1, "🟨"), (2, "🟥"), (3, "📢")])
def test_each_level_has_its_mark(level: int, mark: str) -> None:
    assert views.mark(WarningLevel(level)) == mark


def test_a_yellow_card_says_how_many_checkpoints_in_a_row_and_which() -> None:
    [zh] = views.own("zh", CAMPAIGN, M60, WarningLevel.YELLOW, 1)
    assert zh.startswith("🟨 <b>黄牌提醒</b>：你已连续 1 个节点未达标（60%节点 12月5日）。")
    [en] = views.own("en", CAMPAIGN, M60, WarningLevel.YELLOW, 1)
    assert en.startswith("🟨 <b>Yellow card</b>: you have missed 1 checkpoint(s) in a row (60% checkpoint, 05 Dec).")


def test_the_public_card_says_whether_the_group_will_hear_the_name() -> None:
    [named] = views.own("zh", replace(CAMPAIGN, name_cadres_in_bulletin=True), M60, WarningLevel.PUBLIC, 3)
    [unnamed] = views.own("zh", CAMPAIGN, M60, WarningLevel.PUBLIC, 3)
    assert "工作群通报中将点名" in named
    assert "工作群" not in unnamed
    assert "各级负责人均已知悉" in unnamed


def test_a_leaders_list_marks_each_member_and_escapes_names() -> None:
    [text] = views.leader_list(
        "en", CAMPAIGN, M60, TREE, [(ZHANG, WarningLevel.RED, 2), (ZHANG, WarningLevel.PUBLIC, 3)]
    )
    assert "<b>Graduated warnings</b> (60% checkpoint, 05 Dec): 2 member(s) missed in a row:" in text
    assert "• 🟥 张&lt;三&gt; (七岭村): red card, 2 checkpoint(s) missed in a row" in text
    assert "names nobody in groups" in text  # a public step in a campaign that does not name cadres


def test_the_bulletin_line_names_the_members_at_the_public_step() -> None:
    assert views.bulletin_lines("zh", TREE, []) == []
    assert views.bulletin_lines("zh", TREE, [(ZHANG, WarningLevel.PUBLIC, 3)]) == [
        "📢 连续 3 个节点未达标：张&lt;三&gt;（七岭村）"
    ]
