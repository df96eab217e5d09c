"""The authority policy as a table: actor kind × action × target (SPEC §1).

The organisation of the example plan: county → towns bydz (villages ql, sq) and ymz (village ym);
a second county `other` stands for another campaign's tree. Each row reads as a sentence.
"""

from __future__ import annotations

import pytest

from bot.domain.model import Assignee, Member, Role, Unit
from bot.domain.policy import OPERATOR, Action, ActorFacts, decide
from bot.domain.tree import OrgTree

TREE_UNITS = [
    Unit("county", "县卫健局", "county"),
    Unit("bydz", "白洋渡镇", "town", "county"),
    Unit("ql", "七岭村", "village", "bydz"),
    Unit("sq", "双泉村", "village", "bydz"),
    Unit("ymz", "元木镇", "town", "county"),
    Unit("ym", "元木村", "village", "ymz"),
    Unit("other", "邻县", "county"),
]
TREE_MEMBERS = [
    Member("陈主任", "陈主任", "county", Role.LEADER),
    Member("郭镇长", "郭镇长", "bydz", Role.LEADER),
    Member("王五", "王五", "bydz", Role.CADRE),
    Member("张三", "张三", "ql", Role.CADRE),
    Member("孙七", "孙七", "ym", Role.CADRE),
    Member("外县", "外县", "other", Role.CADRE),
]

# An admin (ADMIN_USER_IDS) who is on a roster himself: every action, everywhere. Without a roster entry
# he may do everything but what the ledger must name him for (test_reporting_for_someone_needs_a_roster_entry).
ADMIN = ActorFacts(is_admin=True, member_key="管理员")
COUNTY = ActorFacts(leads=frozenset({"county"}), member_key="陈主任")
TOWN = ActorFacts(leads=frozenset({"bydz"}), member_key="郭镇长")
VILLAGE = ActorFacts(leads=frozenset({"ql"}), member_key="李书记")
CADRE = ActorFacts(member_key="张三")  # a member who leads nothing (or a leader removed from every campaign)
STRANGER = ActorFacts()

SCOPED = [a for a in Action if a not in (Action.ASSIGN, Action.APPOINT_LEADER)]
BELOW = [Action.ASSIGN, Action.APPOINT_LEADER]


@pytest.fixture(scope="module")
def tree() -> OrgTree:
    return OrgTree.build(TREE_UNITS, TREE_MEMBERS)


def unit(code: str) -> Assignee:
    return Assignee.unit(code)


# (actor, target, allowed) for every action that reaches a leader's own unit and everything below.
SCOPE_TABLE = [
    # admin: everything, everywhere
    (ADMIN, unit("county"), True),
    (ADMIN, unit("other"), True),
    # county leader: own unit and subtree; not another county (another campaign's tree)
    (COUNTY, unit("county"), True),
    (COUNTY, unit("ym"), True),
    (COUNTY, Assignee.member("孙七"), True),
    (COUNTY, unit("other"), False),
    (COUNTY, Assignee.member("外县"), False),
    # town leader: own town and its villages; not the sibling town, the county, another county
    (TOWN, unit("bydz"), True),
    (TOWN, unit("sq"), True),
    (TOWN, Assignee.member("张三"), True),
    (TOWN, unit("ymz"), False),
    (TOWN, Assignee.member("孙七"), False),
    (TOWN, unit("county"), False),
    (TOWN, Assignee.member("陈主任"), False),
    (TOWN, unit("other"), False),
    # village leader: own village only
    (VILLAGE, unit("ql"), True),
    (VILLAGE, unit("sq"), False),
    (VILLAGE, unit("bydz"), False),
    # no leadership, no power
    (CADRE, unit("ql"), False),
    (STRANGER, unit("ql"), False),
]


@pytest.mark.parametrize("action", SCOPED)
@pytest.mark.parametrize(("actor", "target", "allowed"), SCOPE_TABLE)
def test_scoped_actions_reach_exactly_the_led_subtree(
    tree: OrgTree, action: Action, actor: ActorFacts, target: Assignee, allowed: bool
) -> None:
    assert (decide(actor, action, tree, target) is None) is allowed


# Setting a quota and appointing a leader reach only *below* the leader's own unit.
BELOW_TABLE = [
    (ADMIN, unit("bydz"), True),
    (COUNTY, unit("bydz"), True),
    (COUNTY, unit("county"), False),  # own level: their own quota comes from above
    (TOWN, unit("ql"), True),
    (TOWN, Assignee.member("王五"), True),  # a member of their own unit is below the unit
    (TOWN, unit("bydz"), False),
    (TOWN, unit("ymz"), False),  # sibling
    (TOWN, unit("county"), False),  # parent
    (TOWN, unit("other"), False),  # another campaign's tree
    (VILLAGE, unit("ql"), False),
    (CADRE, unit("ql"), False),
    (STRANGER, unit("ql"), False),
]


@pytest.mark.parametrize("action", BELOW)
@pytest.mark.parametrize(("actor", "target", "allowed"), BELOW_TABLE)
def test_quota_and_appointments_reach_only_below_the_led_unit(
    tree: OrgTree, action: Action, actor: ActorFacts, target: Assignee, allowed: bool
) -> None:
    assert (decide(actor, action, tree, target) is None) is allowed


@pytest.mark.parametrize("actor", [CADRE, STRANGER])
def test_someone_who_leads_nothing_is_told_they_are_not_a_leader(tree: OrgTree, actor: ActorFacts) -> None:
    refusal = decide(actor, Action.VIEW_PROGRESS, tree, unit("ql"))
    assert refusal is not None
    assert refusal.key == "error.not_leader"


def test_a_refusal_names_the_target_and_own_level_says_so(tree: OrgTree) -> None:
    outside = decide(TOWN, Action.INVITE, tree, unit("ymz"))
    assert outside is not None
    assert (outside.key, dict(outside.params)) == ("error.out_of_scope", {"code": "ymz"})
    own = decide(TOWN, Action.APPOINT_LEADER, tree, unit("bydz"))
    assert own is not None
    assert own.key == "error.own_level"


def test_an_unknown_target_is_out_of_scope_for_a_leader(tree: OrgTree) -> None:
    refusal = decide(TOWN, Action.VIEW_PROGRESS, tree, unit("nowhere"))
    assert refusal is not None
    assert refusal.key == "error.out_of_scope"


def test_a_join_code_of_a_co_leader_is_handed_out_from_above_never_by_a_peer() -> None:
    """A join code is the roster entry itself: whoever redeems it leads with the co-leader's power. So a
    town leader may hand out the codes of his town's cadres and of everyone below, not of a co-leader."""
    peers = OrgTree.build(TREE_UNITS, [*TREE_MEMBERS, Member("副镇长", "副镇长", "bydz", Role.LEADER)])
    co_leader = Assignee.member("副镇长")
    refusal = decide(TOWN, Action.INVITE, peers, co_leader)
    assert refusal is not None
    assert refusal.key == "error.own_level"
    assert decide(COUNTY, Action.INVITE, peers, co_leader) is None
    assert decide(ADMIN, Action.INVITE, peers, co_leader) is None
    assert decide(TOWN, Action.INVITE, peers, Assignee.member("张三")) is None


def test_a_co_leaders_leave_is_recorded_from_above_never_by_a_peer() -> None:
    """Leave takes its days out of the warning ladder: two leaders of one town recording each other's
    leave would dodge each other's cards. The county (or an admin) records it; his cadres' leave the
    town leader still records."""
    peers = OrgTree.build(TREE_UNITS, [*TREE_MEMBERS, Member("副镇长", "副镇长", "bydz", Role.LEADER)])
    co_leader = Assignee.member("副镇长")
    refusal = decide(TOWN, Action.SET_LEAVE, peers, co_leader)
    assert refusal is not None
    assert refusal.key == "leave.co_leader"
    assert decide(COUNTY, Action.SET_LEAVE, peers, co_leader) is None
    assert decide(ADMIN, Action.SET_LEAVE, peers, co_leader) is None
    assert decide(TOWN, Action.SET_LEAVE, peers, Assignee.member("张三")) is None


def test_a_cadre_may_set_their_own_leave_only(tree: OrgTree) -> None:
    assert decide(CADRE, Action.SET_LEAVE, tree, Assignee.member("张三")) is None
    refusal = decide(CADRE, Action.SET_LEAVE, tree, Assignee.member("孙七"))
    assert refusal is not None
    assert refusal.key == "error.not_leader"
    assert decide(CADRE, Action.SET_LEAVE, tree, unit("ql")) is not None


def test_a_leader_sets_leave_for_members_in_scope_and_their_own(tree: OrgTree) -> None:
    assert decide(TOWN, Action.SET_LEAVE, tree, Assignee.member("张三")) is None
    assert decide(TOWN, Action.SET_LEAVE, tree, Assignee.member("郭镇长")) is None
    refusal = decide(TOWN, Action.SET_LEAVE, tree, Assignee.member("孙七"))
    assert refusal is not None
    assert refusal.key == "error.out_of_scope"
    assert decide(ADMIN, Action.SET_LEAVE, tree, Assignee.member("外县")) is None


def test_a_leader_never_sets_their_own_quota(tree: OrgTree) -> None:
    """A quota is a target set from above: a leader lowering his own would meet it by decree. His unit's
    leader above (or an admin, or the plan) sets it; he still sets his cadres'."""
    refusal = decide(TOWN, Action.ASSIGN, tree, Assignee.member("郭镇长"))
    assert refusal is not None
    assert refusal.key == "assign.own"
    assert decide(COUNTY, Action.ASSIGN, tree, Assignee.member("郭镇长")) is None
    assert decide(ADMIN, Action.ASSIGN, tree, Assignee.member("郭镇长")) is None
    assert decide(TOWN, Action.ASSIGN, tree, Assignee.member("王五")) is None  # a cadre of his own town


def test_a_co_leaders_quota_is_set_from_above_never_by_a_peer() -> None:
    """Two leaders of one town setting each other's quotas would set their own by proxy."""
    peers = OrgTree.build(TREE_UNITS, [*TREE_MEMBERS, Member("副镇长", "副镇长", "bydz", Role.LEADER)])
    refusal = decide(TOWN, Action.ASSIGN, peers, Assignee.member("副镇长"))
    assert refusal is not None
    assert refusal.key == "assign.co_leader"
    assert decide(COUNTY, Action.ASSIGN, peers, Assignee.member("副镇长")) is None
    assert decide(TOWN, Action.ASSIGN, peers, Assignee.member("张三")) is None


@pytest.mark.parametrize(
    ("actor", "member"),
    [
        (VILLAGE, "孙七"),  # moved out of the village since the entry was typed
        (VILLAGE, "已移除"),  # off the roster (the tree no longer has them)
        (CADRE, "张三"),  # the leader who typed it was demoted
    ],
)
def test_an_entry_typed_for_a_member_out_of_reach_is_not_taken_back(
    tree: OrgTree, actor: ActorFacts, member: str
) -> None:
    """A leader's /undo of a /report_for entry reaches as far as typing it would now; the refusal says what
    stays and whom it concerns (the service names the member), whatever the reason."""
    refusal = decide(actor, Action.UNDO_FOR, tree, Assignee.member(member))
    assert refusal is not None
    assert refusal.key == "undo.out_of_scope"
    assert "name" in refusal.params


def test_an_entry_typed_for_a_member_in_reach_may_be_taken_back(tree: OrgTree) -> None:
    assert decide(TOWN, Action.UNDO_FOR, tree, Assignee.member("张三")) is None
    assert decide(ADMIN, Action.UNDO_FOR, tree, Assignee.member("外县")) is None


@pytest.mark.parametrize("actor", [ActorFacts(is_admin=True), OPERATOR], ids=["admin without a roster", "operator"])
def test_reporting_for_someone_needs_a_roster_entry(tree: OrgTree, actor: ActorFacts) -> None:
    """The ledger and the audit name whoever typed an entry for a member (`entered_by`, a roster id): an
    admin with no roster entry (or the operator) would leave the entry looking like the member's own."""
    refusal = decide(actor, Action.REPORT_FOR, tree, Assignee.member("张三"))
    assert refusal is not None
    assert refusal.key == "proxy.needs_roster"
    assert decide(ADMIN, Action.REPORT_FOR, tree, Assignee.member("张三")) is None
