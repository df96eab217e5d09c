"""/progress lists a unit's children the same way before and after the deadline (bot/views/children.py):
under one header, the ranked first in rank order, then those without a quota, unranked (rank 0);
only the line each child gets differs."""

from __future__ import annotations

from bot.domain.ranking import RankedRow
from bot.domain.standing import Standing
from bot.texts import th
from bot.views.children import children_lines
from tests.unit.worlds import EAST_ANN, EAST_BO, EAST_TOWN


def line(rank: int, name: str, standing: Standing) -> str:
    return f"{rank} {name} {standing.raw_done}"


def test_the_ranked_children_come_first_then_those_without_a_quota_unranked() -> None:
    lines = children_lines("zh", EAST_TOWN, [RankedRow(1, EAST_ANN)], [EAST_BO], line)
    assert lines == [th("zh", "views.children_header"), "1 王芳 29", "0 李强 12"]


def test_a_unit_without_children_lists_no_header() -> None:
    assert children_lines("en", EAST_TOWN, [], [], line) == []
