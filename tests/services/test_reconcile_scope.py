"""A leader's 核查 file learns nothing about what lies outside his scope (issue 11 §4, the rule of every
lookup, bot/domain/lookup.py): a unit or member of another town reads exactly like a name that exists
nowhere, and a name with namesakes only elsewhere is no ambiguity listing their units."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.domain.reconcile import SourceRow
from bot.plans.example import EXAMPLE_PLAN_YAML

from .warning_world import USERS, Example, open_example, plan_with

# 孙七 twice in 元木镇 (元木村 and 白洋渡村): namesakes outside 郭镇长's 白洋渡镇.
NAMESAKES = EXAMPLE_PLAN_YAML.replace(
    "  - {name: 周八, unit: byd, role: cadre}",
    "  - {name: 周八, unit: byd, role: cadre}\n  - {name: 孙七, code: sq-byd, unit: byd, role: cadre}",
)


@pytest.fixture
async def example(tmp_path: Path) -> AsyncIterator[Example]:
    opened = await open_example(tmp_path, plan=plan_with("", NAMESAKES))
    try:
        yield opened
    finally:
        await opened.services.db.close()


def rows(*names: str) -> list[SourceRow]:
    return [
        SourceRow(n + 2, f"A{n + 2}", who, "走访", 1, "县卫健局抽查", date(2026, 11, 20)) for n, who in enumerate(names)
    ]


async def test_another_towns_unit_and_cadre_read_exactly_like_a_name_that_exists_nowhere(example: Example) -> None:
    leader = await example.services.directory.actor(USERS["郭镇长"])
    sent = rows("七星村", "元木村", "周八", "孙七", "张三")
    outcome = await example.services.reconcile.reconcile(leader, await example.record(), sent, "1:1")
    problems = [(p.location, p.key, dict(p.params)) for p in outcome.problems]
    assert problems == [
        (f"A{n + 2}", "reconcile.unknown_assignee", {"name": name})
        for n, name in enumerate(("七星村", "元木村", "周八", "孙七"))
    ]
    assert outcome.stored is None


async def test_the_county_still_sees_the_namesakes_of_its_whole_tree(example: Example) -> None:
    county = await example.services.directory.actor(USERS["陈主任"])
    outcome = await example.services.reconcile.reconcile(county, await example.record(), rows("孙七"), "1:2")
    [problem] = outcome.problems
    assert problem.key == "reconcile.ambiguous"
    assert problem.params["choices"] == ("孙七（元木村）", "孙七（白洋渡村）")
