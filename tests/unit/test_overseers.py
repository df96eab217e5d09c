"""Who hears about a member (issue 11 §2 re-split offers, §5 warnings): the leaders of the nearest unit
on the way up that has a leader who can be written to. A village without a leader of its own, or whose
leader never started the bot, is passed over rather than leaving the notice with nobody."""

from __future__ import annotations

import pytest

from bot.domain.model import Member, Role, Unit
from bot.domain.overseers import Overseers
from bot.domain.tree import OrgTree

# county (陈主任) ─ town (郭镇长, 冯副镇长 never started the bot)
#                   ├─ ql (李书记): 张三
#                   ├─ sq (no leader): 王五
#                   └─ yp (吴书记, never started the bot): 赵六
#                        └─ team (no leader): 孙七
UNITS = [
    Unit("county", "县", "county"),
    Unit("town", "镇", "town", "county"),
    Unit("ql", "七岭村", "village", "town"),
    Unit("sq", "双泉村", "village", "town"),
    Unit("yp", "杨坪村", "village", "town"),
    Unit("team", "一组", "group", "yp"),
]
MEMBERS = [
    Member("陈主任", "陈主任", "county", Role.LEADER, telegram_user_id=1),
    Member("郭镇长", "郭镇长", "town", Role.LEADER, telegram_user_id=2),
    Member("冯副镇长", "冯副镇长", "town", Role.LEADER),
    Member("李书记", "李书记", "ql", Role.LEADER, telegram_user_id=3),
    Member("吴书记", "吴书记", "yp", Role.LEADER),
    Member("张三", "张三", "ql", Role.CADRE, telegram_user_id=10),
    Member("王五", "王五", "sq", Role.CADRE, telegram_user_id=11),
    Member("赵六", "赵六", "yp", Role.CADRE, telegram_user_id=12),
    Member("孙七", "孙七", "team", Role.CADRE, telegram_user_id=13),
]


@pytest.mark.parametrize(
    ("member", "levels", "expected"),
    [
        ("张三", 1, [["李书记"]]),  # their own unit's leader
        ("张三", 2, [["李书记"], ["郭镇长"]]),  # and the next leader up (冯副镇长 cannot be written to)
        ("王五", 1, [["郭镇长"]]),  # no leader in 双泉村: the town's
        ("王五", 2, [["郭镇长"], ["陈主任"]]),
        ("赵六", 1, [["郭镇长"]]),  # 杨坪村's leader never started the bot
        ("孙七", 2, [["郭镇长"], ["陈主任"]]),  # two units passed over
        ("李书记", 1, [["郭镇长"]]),  # a leader is not their own overseer
        ("郭镇长", 2, [["陈主任"]]),  # nobody above the county
        ("陈主任", 1, []),
    ],
)
def test_the_nearest_reachable_leaders_up_the_chain(member: str, levels: int, expected: list[list[str]]) -> None:
    overseers = Overseers(OrgTree.build(UNITS, MEMBERS))
    assert [[m.key for m in group] for group in overseers.of(member, levels=levels)] == expected


def test_a_unit_with_two_reachable_leaders_gives_both_in_roster_order() -> None:
    members = [*MEMBERS, Member("钱副书记", "钱副书记", "ql", Role.LEADER, telegram_user_id=4)]
    overseers = Overseers(OrgTree.build(UNITS, members))
    assert [[m.key for m in g] for g in overseers.of("张三")] == [["李书记", "钱副书记"]]


def test_a_member_off_the_tree_has_no_overseers() -> None:
    assert Overseers(OrgTree.build(UNITS, MEMBERS)).of("nobody") == []


@pytest.mark.parametrize(
    ("unit", "expected"),
    [("ql", [["李书记"]]), ("sq", [["郭镇长"]]), ("team", [["郭镇长"]]), ("town", [["郭镇长"]]), ("nowhere", [])],
)
def test_a_units_overseers_are_its_own_reachable_leaders_else_the_nearest_above(
    unit: str, expected: list[list[str]]
) -> None:
    overseers = Overseers(OrgTree.build(UNITS, MEMBERS))
    assert [[m.key for m in group] for group in overseers.of_unit(unit)] == expected


def test_a_leaders_peers_are_left_out_for_what_only_a_leader_above_decides() -> None:
    """The re-split of a leader's quota (bot/services/resplit.py): his co-leaders may not take it, so the
    offer goes up the chain; a cadre's still goes to his unit's leaders."""
    members = [*MEMBERS, Member("钱副书记", "钱副书记", "ql", Role.LEADER, telegram_user_id=4)]
    overseers = Overseers(OrgTree.build(UNITS, members))
    assert [[m.key for m in g] for g in overseers.of("钱副书记")] == [["李书记"]]
    assert [[m.key for m in g] for g in overseers.of("钱副书记", peers=False)] == [["郭镇长"]]
    assert [[m.key for m in g] for g in overseers.of("陈主任", peers=False)] == []
    assert [[m.key for m in g] for g in overseers.of("张三", peers=False)] == [["李书记", "钱副书记"]]
