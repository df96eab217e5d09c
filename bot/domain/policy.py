"""Who may do what, and where: the one authority policy every leader use case asks (SPEC §1).

A leader's power reaches exactly the subtree of the unit(s) they lead; an admin reaches every unit.
The policy is pure: it is told the actor's facts (already established from storage: admin or not,
which units they actively lead), the action, and the target inside an OrgTree, and answers None
(allowed) or a Refusal carrying a catalogue key. Services call it; handlers and the CLI never
decide scope themselves.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.domain.errors import NotAllowed
from bot.domain.model import Assignee, AssigneeKind, Role
from bot.domain.tree import OrgTree


class Action(enum.StrEnum):
    VIEW_PROGRESS = "view_progress"
    VIEW_LAGGARDS = "view_laggards"
    BULLETIN = "bulletin"
    ASSIGN = "assign"  # set the quota of a unit or member below the leader's own unit
    SPLIT = "split"
    VERIFY = "verify"  # list pending reports, approve, reject (never one's own or a co-leader's)
    EXPORT = "export"
    INVITE = "invite"
    BIND_GROUP = "bind_group"  # bind a group to a unit, or take over a group bound to one
    IMPORT_PLAN = "import_plan"  # target: the root unit of the campaign (new or re-imported)
    CANCEL_CAMPAIGN = "cancel_campaign"  # target: the root unit of the campaign
    CHANGE_ORG = "change_org"  # create, rename, move a unit; change or (de)activate a member
    APPOINT_LEADER = "appoint_leader"  # target: the unit where someone becomes a leader
    REPORT_FOR = "report_for"  # record a report on behalf of a member in scope: only one on a roster, who is named
    UNDO_FOR = "undo_for"  # /undo of an entry the leader typed with /report_for: target, the member it counts for
    SET_LEAVE = "set_leave"  # set or end a member's leave (请假): one's own; a leader in scope, not a co-leader's
    RESPLIT_LEAVE = "resplit_leave"  # hand an absent member's remaining quota to the unit's others
    RECONCILE = "reconcile"  # compare an independent count (核查) of a unit or member in scope with its reports


# Actions on something *below* the leader: their own unit is not theirs to set. A unit's quota is
# set by whoever leads its parent (or by the plan), and a leader of a unit may appoint leaders only
# below it, never at their own level or above.
STRICTLY_BELOW = frozenset({Action.ASSIGN, Action.APPOINT_LEADER})

# Actions that set a member's quota, with their refusals (his own, a co-leader's): nobody sets either
# (the re-split of a leave lowers the absent member's quota to what he has done and raises the others').
QUOTA_SETTERS = {
    Action.ASSIGN: ("assign.own", "assign.co_leader"),
    Action.RESPLIT_LEAVE: ("resplit.own", "resplit.co_leader"),
}


@dataclass(frozen=True, slots=True)
class ActorFacts:
    """What the policy needs to know about the person acting. `leads`: the units they lead as an
    active leader of some campaign (a leader leads the unit they are a member of)."""

    is_admin: bool = False
    leads: frozenset[str] = frozenset()
    member_key: str | None = None

    @property
    def is_leader(self) -> bool:
        return self.is_admin or bool(self.leads)


OPERATOR = ActorFacts(is_admin=True)  # the CLI runs as whoever operates the server


@dataclass(frozen=True, slots=True)
class Refusal:
    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def error(self) -> NotAllowed:
        return NotAllowed(self.key, **self.params)


def home_unit(tree: OrgTree, target: Assignee) -> str | None:
    """The unit a target lives in: a unit itself, a member's unit; None when the tree lacks it."""
    if target.kind is AssigneeKind.MEMBER:
        return tree.member(target.key).unit_code if tree.has_member(target.key) else None
    return target.key if tree.has_unit(target.key) else None


def decide(actor: ActorFacts, action: Action, tree: OrgTree, target: Assignee) -> Refusal | None:
    """None when `actor` may do `action` to `target` (a unit or member of `tree`), else why not."""
    if action is Action.UNDO_FOR:
        # Taking an entry back reaches as far as typing it would now. A leader moved or demoted, or a member
        # moved away or off the roster, leaves the entry to whoever leads that member today: one refusal
        # that says the entry stands and whom it concerns, whichever of these it was.
        refused = decide(actor, Action.REPORT_FOR, tree, target)
        return None if refused is None else Refusal("undo.out_of_scope", {"name": target.key})
    if action is Action.SET_LEAVE and actor.member_key is not None and target == Assignee.member(actor.member_key):
        return None  # one's own leave is one's own business, leader or not
    if not actor.is_leader:
        return Refusal("error.not_leader")
    if (unnamed := nameless(actor, action)) is not None:
        return unnamed
    if action is Action.VERIFY and target.kind is AssigneeKind.MEMBER and target.key == actor.member_key:
        return Refusal("verify.own_report")  # nobody reviews their own numbers: a leader above does
    home = home_unit(tree, target)
    if actor.is_admin:
        return None
    if home is None:
        return Refusal("error.out_of_scope", {"code": target.key})
    above = set(tree.ancestors(home))
    if action is Action.INVITE and _co_leader(tree, target, actor):
        # A join code is the roster entry itself: whoever redeems it leads with that leader's power.
        # Co-leaders are invited from above (or by an admin), never by a peer.
        return Refusal("error.own_level", {"code": target.key})
    if action is Action.SET_LEAVE and _co_leader(tree, target, actor):
        # Leave takes its days out of the warning ladder: two leaders of one unit recording each
        # other's leave would dodge each other's cards. A leader above (or an admin) records it.
        return Refusal("leave.co_leader")
    if action is Action.VERIFY and _co_leader(tree, target, actor):
        # Two leaders of one unit approving each other's numbers is reviewing one's own: a leader
        # above (or an admin) reviews them.
        return Refusal("verify.co_leader")
    if (refusals := QUOTA_SETTERS.get(action)) is not None and target.kind is AssigneeKind.MEMBER:
        # A quota is a target set from above: a leader setting his own (or, by proxy, a co-leader's)
        # would meet it by decree — by /assign, or by handing it away while on leave. A leader above,
        # an admin or the plan sets those.
        if target.key == actor.member_key:
            return Refusal(refusals[0])
        if _co_leader(tree, target, actor):
            return Refusal(refusals[1])
    if action in STRICTLY_BELOW:
        if target.kind is AssigneeKind.UNIT and target.key in actor.leads:
            return Refusal("error.own_level", {"code": target.key})
        allowed = bool(actor.leads & above) or (target.kind is AssigneeKind.MEMBER and home in actor.leads)
    else:
        allowed = home in actor.leads or bool(actor.leads & above)
    return None if allowed else Refusal("error.out_of_scope", {"code": target.key})


def _co_leader(tree: OrgTree, target: Assignee, actor: ActorFacts) -> bool:
    if target.kind is not AssigneeKind.MEMBER or not tree.has_member(target.key):
        return False
    member = tree.member(target.key)
    return member.role is Role.LEADER and member.unit_code in actor.leads and member.key != actor.member_key


def nameless(actor: ActorFacts, action: Action) -> Refusal | None:
    """The refusal of an action whose record must name the actor, to one without a roster entry, whatever
    the target (so a use case may ask before looking the target up)."""
    if action is Action.REPORT_FOR and actor.member_key is None:
        # The ledger and the audit name whoever typed an entry for a member (`entered_by`, a roster id).
        # An admin with no roster entry (or the operator) could not be named: the entry would pass for
        # the member's own, which his /undo takes back. A leader of the member's unit types it instead.
        return Refusal("proxy.needs_roster")
    return None


def require(actor: ActorFacts, action: Action, tree: OrgTree, target: Assignee) -> None:
    refusal = decide(actor, action, tree, target)
    if refusal is not None:
        raise refusal.error()
