"""The units of a plan: a nested tree in YAML, a flat table with `parent` in a workbook (both accepted in
either format). Each entry's own fields are the schema's; here are the rules across unit entries —
duplicate codes, unknown parents, a parent written two ways, cycles — and the order the rest of the
plan is checked in: parents before children, a unit without a level at its depth (SPEC §2).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from bot.domain.model import Unit
from bot.domain.tree import OrgTree
from bot.plans.limits import MAX_UNITS
from bot.plans.problems import Ctx, join
from bot.plans.schema import UnitEntry

CYCLE_SHOWN = 10  # a longer ring of units is named by its first codes and its size, not spelled whole


@dataclass
class _Placed:
    path: str
    unit: Unit
    parent_ref: str | None  # as written: a code or a unit name
    parent_path: str  # where to point at when the parent is wrong
    nested: bool  # parent implied by nesting in YAML


class UnitIndex:
    """Resolves what a leader writes — a unit code, or failing that a unique unit name.

    `mentioned` holds codes of entries that were themselves invalid: a reference to one is not
    reported again as "unknown", the entry's own problem already explains it."""

    def __init__(self, units: list[Unit], mentioned: set[str] | None = None, levels: set[str] | None = None) -> None:
        self.mentioned = mentioned or set()
        self.levels = levels or set()  # levels written on any unit entry, valid or not
        self.units = units
        self.by_code = {u.code: u for u in units}
        names = Counter(u.name for u in units)
        self.by_name = {u.name: u.code for u in units if names[u.name] == 1}

    def resolve(self, ref: str) -> str | None:
        return ref if ref in self.by_code else self.by_name.get(ref)


def _walk(
    ctx: Ctx, entries: Iterable[tuple[str, object]], parent: str | None, out: list[_Placed], seen: set[str],
    levels: set[str],
) -> None:  # fmt: skip
    for path, raw in entries:
        entry, fields = ctx.parse(UnitEntry, raw, path)
        code, explicit = fields.get("code"), fields.get("parent")
        if explicit is not None and parent is not None and explicit != parent:
            ctx.add(join(path, "parent"), "plan.parent_conflict", parent=explicit, nested=parent)
        if code is not None:
            seen.add(code)
        if isinstance(level := fields.get("level"), str):
            levels.add(level)
        if entry is not None:
            where = join(path, "parent") if explicit is not None else path
            unit = Unit(entry.code, entry.name, fields.get("level") or "")  # "": its depth, known once the tree is
            out.append(_Placed(path, unit, parent if parent is not None else explicit, where, parent is not None))
        if isinstance(children := fields.get("children"), list):
            _walk(ctx, ((join(path, f"children[{i}]"), c) for i, c in enumerate(children)), code, out, seen, levels)


def _report_cycles(ctx: Ctx, placed: list[_Placed], parent_of: dict[str, str | None], reached: set[str]) -> None:
    """A unit no root reaches is on a cycle or below one. Each cycle is found once (every unit is walked
    over once, so a chain as long as the file allows costs no more than the file) and reported at its
    first unit in the file, spelled from there."""
    order = {raw.unit.code: i for i, raw in enumerate(placed)}
    settled = set(reached)
    cycles: list[list[str]] = []
    for raw in placed:
        path: dict[str, None] = {}  # the walk up from this unit, in order
        code: str | None = raw.unit.code
        while code is not None and code not in settled and code not in path:
            path[code] = None
            code = parent_of[code]
        if code is not None and code in path:  # back at a unit of this walk
            cycle = list(path)[list(path).index(code) :]
            first = cycle.index(min(cycle, key=order.__getitem__))  # spelled from its first unit in the file
            cycles.append(cycle[first:] + cycle[:first])
        settled.update(path)
    for cycle in sorted(cycles, key=lambda c: order[c[0]]):
        where = placed[order[cycle[0]]].parent_path
        if len(cycle) <= CYCLE_SHOWN:
            ctx.add(where, "plan.unit_cycle", codes=" → ".join([*cycle, cycle[0]]))
        else:  # a ring of thousands would spell a message past Telegram's 4,096 characters: its start and size
            ctx.add(where, "plan.unit_cycle_long", codes=" → ".join(cycle[:CYCLE_SHOWN]), count=len(cycle))


def read_units(ctx: Ctx, doc: dict[str, Any]) -> UnitIndex:
    """Units with their parent codes, parents before children (depth-first, in file order)."""
    placed: list[_Placed] = []
    mentioned: set[str] = set()
    written_levels: set[str] = set()
    _walk(ctx, ctx.entries(doc, "units", required=True), None, placed, mentioned, written_levels)
    if len(placed) > MAX_UNITS:
        ctx.add("units", "plan.too_many", field="units", count=len(placed), limit=MAX_UNITS)
    first: dict[str, _Placed] = {}
    for raw in placed:
        if first.setdefault(raw.unit.code, raw) is not raw:
            ctx.add(join(raw.path, "code"), "plan.duplicate_unit", code=raw.unit.code)
    unique = list(first.values())
    index = UnitIndex([r.unit for r in unique])
    parent_of: dict[str, str | None] = {}
    for raw in unique:
        parent = index.resolve(raw.parent_ref) if raw.parent_ref is not None else None
        if raw.parent_ref is not None and parent is None and not raw.nested and raw.parent_ref not in mentioned:
            ctx.add(raw.parent_path, "plan.unknown_parent", parent=raw.parent_ref)
        parent_of[raw.unit.code] = parent
    # Units on a cycle are never reached from a root (the cycle is reported below), so the walk ends.
    tree = OrgTree({r.unit.code: replace(r.unit, parent_code=parent_of[r.unit.code]) for r in unique}, {})
    ordered: list[Unit] = []
    depth: dict[str | None, int] = {None: 0}
    for unit in (tree.unit(code) for root in tree.roots() for code in tree.subtree_unit_codes(root.code)):
        depth[unit.code] = depth[unit.parent_code] + 1
        # A unit without a level is at its depth, "1" for a top unit: what a rule then names (SPEC §2).
        ordered.append(replace(unit, level=unit.level or str(depth[unit.code])))
    _report_cycles(ctx, unique, parent_of, {unit.code for unit in ordered})
    return UnitIndex(ordered, mentioned, written_levels)
