"""Who hears about a member: the leaders of the nearest unit on the way up that has a leader who can be
written to (issue 11 §2 re-split offers, §5 graduated warnings; SPEC §1: a leader's power reaches the
whole subtree, so any leader above may act on what they are told).

Plans often give a village no leader of its own (the example plan's 双泉村), or its leader has not
started the bot yet. Looking only at the member's own unit left such a notice with nobody — a silent
drop (SPEC §9) — so a unit without a reachable leader is passed over for the next one up.
"""

from __future__ import annotations

from bot.domain.model import Member, Role
from bot.domain.tree import OrgTree


class Overseers:
    """Built once per tree (a checkpoint tells many members' leaders), asked per member."""

    def __init__(self, tree: OrgTree) -> None:
        self._tree = tree
        self._leading: dict[str, list[Member]] = {}
        for member in tree.members():
            if member.role is Role.LEADER and member.telegram_user_id is not None:
                self._leading.setdefault(member.unit_code, []).append(member)

    def of(self, member_key: str, *, levels: int = 1, peers: bool = True) -> list[tuple[Member, ...]]:
        """Up to `levels` groups of leaders, nearest first: each the reachable leaders of one unit on the
        way up from the member's own unit, the member themself left out (a leader's overseer is above).
        `peers` False: a leader's co-leaders are left out too, for what only a leader above may decide
        about him (the re-split of his quota: the policy refuses a peer, so offering it would mislead; his
        graduated warnings: co-leaders never judge each other)."""
        if not self._tree.has_member(member_key):
            return []
        member = self._tree.member(member_key)
        chain = [member.unit_code, *self._tree.ancestors(member.unit_code)]
        if not peers and member.role is Role.LEADER:
            chain = chain[1:]
        return self._up(chain, levels, member_key)

    def of_unit(self, unit_code: str, *, levels: int = 1) -> list[tuple[Member, ...]]:
        """The same for a unit: its own reachable leaders, else the nearest ones above it."""
        if not self._tree.has_unit(unit_code):
            return []
        return self._up([unit_code, *self._tree.ancestors(unit_code)], levels, None)

    def _up(self, chain: list[str], levels: int, leaving_out: str | None) -> list[tuple[Member, ...]]:
        groups: list[tuple[Member, ...]] = []
        for code in chain:
            leaders = tuple(m for m in self._leading.get(code, ()) if m.key != leaving_out)
            if leaders:
                groups.append(leaders)
                if len(groups) == levels:
                    break
        return groups
