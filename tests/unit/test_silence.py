"""Who has not reported (SPEC §5): whole days in a row without a report, computed by hand, and how
the lists read."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.laggards import Silent, expected_to_report, silent_days, silent_members
from bot.domain.model import Member, Role, Unit
from bot.domain.tree import OrgTree
from bot.views import silence
from bot.views.sizing import TELEGRAM_LIMIT, telegram_length

START = date(2026, 11, 12)
TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("case", "last", "today", "days"),
    [
        ("reported today", date(2026, 11, 20), TODAY, 0),
        ("reported yesterday: silent today", date(2026, 11, 19), TODAY, 1),
        ("last on the 17th: the 18th, 19th and 20th", date(2026, 11, 17), TODAY, 3),
        ("never reported: every day since the start, the start included", None, TODAY, 9),
        ("never reported, on the first day", None, START, 1),
        ("before the campaign begins nobody is silent", None, date(2026, 11, 10), 0),
        ("a report dated before the start counts from the start", date(2026, 11, 1), TODAY, 9),
    ],
)
def test_silent_days(case: str, last: date | None, today: date, days: int) -> None:
    assert silent_days(last, START, today) == days, case


def _tree_and_silent(n: int) -> tuple[OrgTree, list[Silent]]:
    members = [Member(f"m{i}", f"队员{i:03d}", "v1", Role.CADRE, telegram_user_id=i + 1) for i in range(n)]
    tree = OrgTree.build([Unit("v1", "七岭村", "village")], members)
    return tree, [Silent(f"m{i}", "v1", 4, True, True) for i in range(n)]


def test_members_are_grouped_by_unit_longest_silent_first_and_only_those_expected_to_report() -> None:
    tree = OrgTree.build(
        [Unit("t", "镇", "town"), Unit("a", "甲村", "village", "t"), Unit("b", "乙村", "village", "t")],
        [Member("x", "X", "a", Role.CADRE), Member("y", "Y", "b", Role.CADRE), Member("z", "Z", "a", Role.CADRE)],
    )
    last = {"x": date(2026, 11, 19), "y": date(2026, 11, 20)}
    assert silent_members(tree, ["x", "z", "y"], last, START, TODAY, 1) == [
        Silent("z", "a", 9, False, False),
        Silent("x", "a", 1, True, False),
    ]
    assert [s.member for s in silent_members(tree, ["x", "z", "y"], last, START, TODAY, 3)] == ["z"]
    assert expected_to_report(Member("l", "L", "a", Role.LEADER), has_own_quota=False) is False
    assert expected_to_report(Member("l", "L", "a", Role.LEADER), has_own_quota=True) is True
    assert expected_to_report(Member("c", "C", "a", Role.CADRE), has_own_quota=False) is True


def test_the_laggards_section_caps_its_names_and_points_to_silent() -> None:
    tree, silent = _tree_and_silent(40)
    [today, long] = silence.section("zh", tree, silent)
    assert today.startswith("今日未上报 40 人：队员000、队员001")
    assert today.endswith("队员029……另有 10 人，发送 /silent 查看全部")
    assert long.startswith("连续 3 天及以上未上报 40 人：")
    [en, _] = silence.section("en", tree, silent[:2])
    assert en == "No report today: 2 — 队员000, 队员001"
    assert silence.section("en", tree, []) == ["Everyone expected to report has reported today."]


def test_a_long_silent_list_is_split_below_telegrams_limit() -> None:
    tree, silent = _tree_and_silent(900)
    texts = silence.silent_list("zh", tree, "v1", 3, silent)
    assert all(telegram_length(t) <= TELEGRAM_LIMIT for t in texts)
    assert texts[0].startswith("<b>七岭村</b> 连续 3 天及以上未上报的共 900 人：")
    text = "\n".join(texts)
    assert all(f"队员{i:03d}（4 天）" in text for i in range(900))  # every name, none cut off
    assert "…" not in text


def test_names_are_escaped_once() -> None:
    tree = OrgTree.build([Unit("v1", "A&B村", "village")], [Member("m", "<王>", "v1", Role.CADRE)])
    [text] = silence.silent_list("en", tree, "v1", 1, [Silent("m", "v1", 1, True, True)])
    assert text == "<b>A&amp;B村</b>: 1 with no report today:\n• A&amp;B村 (1): &lt;王&gt; (1d)"
