"""What a plan upload may change, judged against the organisation as it is stored (SPEC §1, §4).

Units and members are shared by every campaign, so a plan is a change to the organisation, not only
to its campaign. Every change it would make is put to the authority policy, on the tree as it stands
now (where a unit or member comes from) and on the tree as it would stand after (where it goes), so a
unit can be moved neither out of nor into the uploader's subtree, whatever the file draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from bot.domain.errors import DomainError
from bot.domain.model import Assignee, Member, Role, Unit
from bot.domain.policy import Action, ActorFacts, Refusal, decide
from bot.domain.tree import OrgTree


@dataclass(frozen=True, slots=True)
class Organisation:
    """The stored organisation: every unit (with its parent) and every member, by code and key."""

    units: Mapping[str, Unit]
    members: Mapping[str, Member]

    def tree(self) -> OrgTree:
        return OrgTree.build(self.units.values(), [m for m in self.members.values() if m.unit_code in self.units])


def placed(plan_units: Iterable[Unit], org: Organisation) -> list[Unit]:
    """A plan draws a part of the organisation: a root of the file that already exists keeps its
    place (a town's own campaign does not detach the town from its county)."""
    return [
        replace(u, parent_code=org.units[u.code].parent_code) if u.parent_code is None and u.code in org.units else u
        for u in plan_units
    ]


def plan_refusals(
    actor: ActorFacts,
    org: Organisation,
    plan_units: Sequence[Unit],
    plan_members: Sequence[Member],
    *,
    campaign_roots: Sequence[str] = (),
    dropped: Sequence[Member] = (),
) -> list[Refusal]:
    """Every change this plan would make that `actor` may not make; empty when it may be applied.
    `campaign_roots`: the root units of the campaign the plan re-imports (none for a new one);
    `dropped`: members active in that campaign whom the plan leaves out (they would be deactivated)."""
    before = org.tree()
    out: list[Refusal] = []

    def unit_name(code: str) -> str:
        return org.units[code].name if code in org.units else code

    for root in campaign_roots:
        if decide(actor, Action.IMPORT_PLAN, before, Assignee.unit(root)) is not None:
            out.append(Refusal("plan.auth.not_owner", {"unit": unit_name(root)}))
    units = {**org.units, **{u.code: u for u in placed(plan_units, org)}}
    try:
        after = OrgTree.build(units.values(), [])
    except DomainError:  # the file hangs a unit below its own descendant in the stored tree
        return [*out, Refusal("plan.auth.cycle")]
    for unit in plan_units:
        target = Assignee.unit(unit.code)
        if unit.code in org.units and decide(actor, Action.CHANGE_ORG, before, target) is not None:
            out.append(Refusal("plan.auth.unit_outside", {"unit": unit_name(unit.code)}))
        elif decide(actor, Action.CHANGE_ORG, after, target) is not None:
            key = "plan.auth.unit_moved_out" if unit.code in org.units else "plan.auth.unit_outside"
            out.append(Refusal(key, {"unit": unit.name}))
    for member in plan_members:
        old = org.members.get(member.key)
        if old is not None and _changes(old, member) and _outside(actor, before, old):
            out.append(Refusal("plan.auth.member_outside", {"name": old.name, "unit": unit_name(old.unit_code)}))
            continue
        if old is not None and _deposes(actor, before, old, member):
            out.append(Refusal("plan.auth.leader_peer", {"name": old.name, "unit": unit_name(old.unit_code)}))
        promoted = member.role is Role.LEADER and (
            old is None or old.role is not Role.LEADER or old.unit_code != member.unit_code
        )
        if promoted and decide(actor, Action.APPOINT_LEADER, after, Assignee.unit(member.unit_code)) is not None:
            out.append(
                Refusal("plan.auth.leader_too_high", {"name": member.name, "unit": units[member.unit_code].name})
            )
    for member in dropped:
        if _outside(actor, before, member):
            out.append(Refusal("plan.auth.member_removed", {"name": member.name, "unit": unit_name(member.unit_code)}))
        elif _deposes(actor, before, member, None):
            out.append(Refusal("plan.auth.leader_peer", {"name": member.name, "unit": unit_name(member.unit_code)}))
    unique: dict[tuple[object, ...], Refusal] = {}
    for refusal in out:  # a unit and its members may break the same rule; say each thing once
        unique.setdefault((refusal.key, *sorted(refusal.params.items())), refusal)
    return list(unique.values())


def _changes(old: Member, new: Member) -> bool:
    return (old.unit_code, old.role, old.name, old.weight) != (new.unit_code, new.role, new.name, new.weight)


def _outside(actor: ActorFacts, tree: OrgTree, member: Member) -> bool:
    return decide(actor, Action.CHANGE_ORG, tree, Assignee.member(member.key)) is not None


def _deposes(actor: ActorFacts, tree: OrgTree, old: Member, new: Member | None) -> bool:
    """Whether the plan takes a leader's leadership of their unit away (a cadre now, moved, or dropped:
    `new` None) where `actor` could not have appointed them. A role is stored once for the whole
    organisation, so undoing an appointment needs the power to make it: a co-leader's is not a peer's
    to undo. One's own role is one's own."""
    if old.role is not Role.LEADER or old.key == actor.member_key:
        return False
    if new is not None and new.role is Role.LEADER and new.unit_code == old.unit_code:
        return False
    return decide(actor, Action.APPOINT_LEADER, tree, Assignee.unit(old.unit_code)) is not None
