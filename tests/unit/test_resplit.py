"""Re-splitting an absent member's remaining quota among the unit's other cadres (issue 11 §2), by
/split's rule: leaders keep out, equal shares by the largest remainder, the first listed first."""

from __future__ import annotations

import pytest

from bot.domain.errors import DomainError
from bot.domain.model import Assignee, Member, Role, Unit
from bot.domain.resplit import others, remaining, resplit, revision
from bot.domain.tree import OrgTree

M = Assignee.member
TREE = OrgTree.build(
    [Unit("ql", "七岭村", "village"), Unit("sq", "双泉村", "village")],
    [
        Member("李书记", "李书记", "ql", Role.LEADER),
        Member("张三", "张三", "ql", Role.CADRE),
        Member("李四", "李四", "ql", Role.CADRE),
        Member("钱九", "钱九", "ql", Role.CADRE),
        Member("王五", "王五", "sq", Role.CADRE),
    ],
)
QUOTAS = {(M("张三"), "visit"): 20, (M("张三"), "checkup"): 15, (M("李四"), "visit"): 10}


def test_the_other_cadres_of_the_unit_take_over_not_the_leader_nor_another_unit() -> None:
    assert others(TREE, "张三") == [M("李四"), M("钱九")]


def test_what_remains_is_the_quota_less_what_was_done() -> None:
    assert remaining(QUOTAS, "张三", {"visit": 7, "checkup": 15}) == {"visit": 13}


def test_the_remainder_is_shared_equally_the_odd_one_to_the_first_listed() -> None:
    done = resplit(TREE, QUOTAS, "张三", {"visit": 7, "checkup": 4})
    assert done.handed == {"visit": 13, "checkup": 11}
    assert done.quotas == {
        (M("张三"), "visit"): 7,
        (M("李四"), "visit"): 17,  # 10 + 7
        (M("钱九"), "visit"): 6,
        (M("张三"), "checkup"): 4,
        (M("李四"), "checkup"): 6,
        (M("钱九"), "checkup"): 5,
    }
    assert done.gains == {M("李四"): {"visit": 7, "checkup": 6}, M("钱九"): {"visit": 6, "checkup": 5}}
    assert sum(done.quotas.values()) == sum(QUOTAS.values())  # nothing is created or lost


def test_nobody_to_hand_to_or_nothing_left_is_refused() -> None:
    with pytest.raises(DomainError) as nobody:
        resplit(TREE, {(M("王五"), "visit"): 5}, "王五", {})
    assert nobody.value.key == "resplit.nobody"
    with pytest.raises(DomainError) as nothing:
        resplit(TREE, QUOTAS, "张三", {"visit": 20, "checkup": 15})
    assert nothing.value.key == "resplit.nothing"


def test_the_revision_changes_with_any_quota_of_the_assignees_and_only_theirs() -> None:
    who = [M("张三"), M("李四")]
    base = revision(QUOTAS, who)
    assert len(base) == 8
    assert revision({**QUOTAS, (M("李四"), "visit"): 11}, who) != base
    assert revision({**QUOTAS, (M("王五"), "visit"): 3}, who) == base


def test_a_colleague_on_leave_over_the_same_days_takes_nothing_over() -> None:
    from datetime import date

    days = frozenset({date(2026, 12, d) for d in range(10, 16)})  # 张三 away 12-10…12-15
    away = {"李四": frozenset({date(2026, 12, 15), date(2026, 12, 16)}), "钱九": frozenset({date(2026, 12, 20)})}
    assert others(TREE, "张三", away, days) == [M("钱九")]  # 李四 is away on the 15th too
    done = resplit(TREE, QUOTAS, "张三", {"visit": 7, "checkup": 4}, away, days)
    assert done.gains == {M("钱九"): {"visit": 13, "checkup": 11}}
    both_away = {**away, "钱九": days}
    with pytest.raises(DomainError) as nobody:
        resplit(TREE, QUOTAS, "张三", {}, both_away, days)
    assert nobody.value.key == "resplit.nobody"
