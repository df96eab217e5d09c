"""The organisation tree: units of any depth, with members hanging off their unit (SPEC §2)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.errors import InvalidInput, NotFound
from bot.domain.model import Assignee, AssigneeKind, Member, Unit


class OrgTree:
    """Immutable after build(). Children keep plan order, which is also display order."""

    def __init__(self, units: dict[str, Unit], members: dict[str, Member]) -> None:
        self._units = units
        self._members = members
        self._child_units: dict[str | None, list[str]] = {}
        self._unit_members: dict[str, list[str]] = {code: [] for code in units}
        for unit in units.values():
            self._child_units.setdefault(unit.parent_code, []).append(unit.code)
        for member in members.values():
            self._unit_members[member.unit_code].append(member.key)

    @classmethod
    def build(cls, units: Iterable[Unit], members: Iterable[Member]) -> OrgTree:
        by_code: dict[str, Unit] = {}
        for unit in units:
            if unit.code in by_code:
                raise InvalidInput("error.duplicate_unit", code=unit.code)
            by_code[unit.code] = unit
        for unit in by_code.values():
            if unit.parent_code is not None and unit.parent_code not in by_code:
                raise InvalidInput("error.unknown_parent", code=unit.code, parent=unit.parent_code)
        for unit in by_code.values():  # a walk up that revisits a unit is a cycle
            seen = {unit.code}
            parent = unit.parent_code
            while parent is not None:
                if parent in seen:
                    raise InvalidInput("error.tree_cycle", code=unit.code)
                seen.add(parent)
                parent = by_code[parent].parent_code
        by_key: dict[str, Member] = {}
        for member in members:
            if member.unit_code not in by_code:
                raise InvalidInput("error.unknown_unit", code=member.unit_code)
            by_key[member.key] = member
        return cls(by_code, by_key)

    # lookups
    def has_unit(self, code: str) -> bool:
        return code in self._units

    def has_member(self, key: str) -> bool:
        return key in self._members

    def unit(self, code: str) -> Unit:
        try:
            return self._units[code]
        except KeyError:
            raise NotFound("error.unknown_unit", code=code) from None

    def member(self, key: str) -> Member:
        try:
            return self._members[key]
        except KeyError:
            raise NotFound("error.unknown_assignee", code=key) from None

    def units(self) -> list[Unit]:
        return list(self._units.values())

    def members(self) -> list[Member]:
        return list(self._members.values())

    # structure
    def roots(self) -> list[Unit]:
        return [self._units[c] for c in self._child_units.get(None, [])]

    def children_units(self, code: str) -> list[Unit]:
        return [self._units[c] for c in self._child_units.get(code, [])]

    def children(self, code: str) -> list[Assignee]:
        """Child units (plan order), then the unit's own members: what a unit's quota splits into."""
        units = [Assignee.unit(c) for c in self._child_units.get(code, [])]
        return units + [Assignee.member(k) for k in self._unit_members.get(code, [])]

    def subtree_unit_codes(self, code: str) -> list[str]:
        """The unit and every unit below it, parents before children."""
        out, stack = [], [code]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(self._child_units.get(current, [])))
        return out

    def subtree_member_keys(self, code: str) -> list[str]:
        return [k for c in self.subtree_unit_codes(code) for k in self._unit_members.get(c, [])]

    def ancestors(self, code: str) -> list[str]:
        """Parent first, root last."""
        out = []
        parent = self.unit(code).parent_code
        while parent is not None:
            out.append(parent)
            parent = self._units[parent].parent_code
        return out

    def parent_unit(self, assignee: Assignee) -> str | None:
        if assignee.kind is AssigneeKind.MEMBER:
            return self.member(assignee.key).unit_code
        return self.unit(assignee.key).parent_code

    def in_scope(self, unit_code: str, assignee: Assignee) -> bool:
        """True when a leader of `unit_code` may act on `assignee` (their unit or anything below)."""
        if assignee.kind is AssigneeKind.MEMBER:
            if not self.has_member(assignee.key):
                return False
            home = self.member(assignee.key).unit_code
        else:
            if not self.has_unit(assignee.key):
                return False
            home = assignee.key
        return home == unit_code or unit_code in self.ancestors(home)

    def level_units(self, level: str) -> list[Unit]:
        return [u for u in self._units.values() if u.level == level]

    def depth(self, code: str) -> int:
        return len(self.ancestors(code))
