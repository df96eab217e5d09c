"""Names, not codes (SPEC §3.1): what a leader typed → a unit, member or task of the campaign.

The pure resolver (bot/domain/lookup.py) is handed the candidates in the actor's scope, so a name
shared with someone elsewhere in the organisation is no ambiguity here, and a "not found" lists only
what this leader may name. A word that names nothing in scope but something outside it is handed on
as that unit or member, and the policy then refuses it as out of scope (not "not found": the leader
should learn it is someone else's, not that it does not exist).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from bot.domain.errors import NotAllowed, NotFound
from bot.domain.lookup import Ambiguous, find_member, find_unit, not_found, resolve_assignee, resolve_task
from bot.domain.model import Assignee, Campaign, Member, TaskType, Unit
from bot.domain.tree import OrgTree
from bot.storage.org import MemberRecord


@contextmanager
def member_ids(roster: Mapping[str, MemberRecord]) -> Iterator[None]:
    """Two namesakes become buttons: the choice carries each one's roster id (keys may be long names)."""
    try:
        yield
    except Ambiguous as asked:
        if all(k in roster for k in asked.keys):
            asked.ids = tuple(roster[k].id for k in asked.keys)
        raise


def scope_units(tree: OrgTree, home: str | None) -> list[Unit]:
    """The units a leader of `home` may name (None: every unit, for an admin)."""
    if home is None:
        return tree.units()
    return [tree.unit(c) for c in tree.subtree_unit_codes(home)]


def scope_members(tree: OrgTree, home: str | None) -> list[Member]:
    if home is None:
        return tree.members()
    return [tree.member(k) for k in tree.subtree_member_keys(home)]


def _units_by_code(tree: OrgTree) -> dict[str, Unit]:
    return {u.code: u for u in tree.units()}


def _outside(text: str, tree: OrgTree, *, units: bool, members: bool) -> Assignee | None:
    """What `text` names outside the scope, for the policy to refuse; None when it names nothing."""
    try:
        unit = find_unit(text, tree.units()) if units else None
        member = find_member(text, tree.members(), _units_by_code(tree)) if members else None
    except Ambiguous:  # several outside the scope: none of them is this leader's to pick
        raise NotAllowed("error.out_of_scope", code=text) from None
    if unit is not None:
        return Assignee.unit(unit.code)
    return Assignee.member(member.key) if member is not None else None


def unit_code(tree: OrgTree, home: str | None, text: str) -> str:
    """The code of the unit `text` names (a unit outside the scope is returned for the policy to refuse)."""
    units = scope_units(tree, home)
    unit = find_unit(text, units)
    if unit is not None:
        return unit.code
    outside = _outside(text, tree, units=True, members=False)
    if outside is not None:
        return outside.key
    raise not_found("lookup.unknown_unit", text, (u.name for u in units))


def assignee(tree: OrgTree, home: str | None, text: str) -> Assignee:
    """The unit or member `text` names: /assign's first word."""
    units, members = scope_units(tree, home), scope_members(tree, home)
    try:
        named = resolve_assignee(text, units, members, _units_by_code(tree))
    except NotFound:
        outside = _outside(text, tree, units=True, members=True)
        if outside is None:
            raise
        return outside
    if named.unit is not None:
        return Assignee.unit(named.unit.code)
    assert named.member is not None
    return Assignee.member(named.member.key)


def member(tree: OrgTree, home: str | None, text: str) -> Member:
    """The member `text` names: /report_for's first word."""
    members = scope_members(tree, home)
    found = find_member(text, members, _units_by_code(tree))
    if found is not None:
        return found
    outside = _outside(text, tree, units=False, members=True)
    if outside is not None:
        return tree.member(outside.key)
    raise not_found("lookup.unknown_member", text, (m.name for m in members))


def task(campaign: Campaign, text: str) -> TaskType:
    """The task `text` names by key, name or alias; unknown: the campaign's tasks are listed."""
    return resolve_task(text, campaign.tasks)
