"""Validation of the organisation: `units` (a nested tree in YAML, a flat table with `parent` in a
workbook — both accepted in either format) and the `members` roster."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.model import Member, Role, Unit
from bot.plans.coerce import as_code, as_key, as_number, as_text, shown
from bot.plans.limits import MAX_MEMBERS, MAX_UNITS
from bot.plans.problems import Ctx, item, join
from bot.plans.types import Bad

UNIT_FIELDS = {"code", "name", "level", "parent", "children"}
MEMBER_FIELDS = {"name", "unit", "role", "code", "language", "weight"}
_ROLES = {"leader": Role.LEADER, "领导": Role.LEADER, "cadre": Role.CADRE, "干部": Role.CADRE}
_LANGUAGES = {"zh": "zh", "中文": "zh", "en": "en", "english": "en", "英文": "en"}


@dataclass
class _RawUnit:
    path: str
    unit: Unit
    parent_ref: str | None  # as written: a code or a unit name
    parent_path: str  # where to point at when the parent is wrong
    nested: bool  # parent implied by nesting in YAML


class UnitIndex:
    """Resolves what a leader writes — a unit code, or failing that a unique unit name.

    `mentioned` holds codes of entries that were themselves invalid: a reference to one is not
    reported again as "unknown", the entry's own problem already explains it."""

    def __init__(self, units: list[Unit], mentioned: set[str] | None = None) -> None:
        self.mentioned = mentioned or set()
        self.units = units
        self.by_code = {u.code: u for u in units}
        names: dict[str, list[str]] = {}
        for u in units:
            names.setdefault(u.name, []).append(u.code)
        self.by_name = {name: codes[0] for name, codes in names.items() if len(codes) == 1}

    def resolve(self, ref: str) -> str | None:
        if ref in self.by_code:
            return ref
        return self.by_name.get(ref)


def _walk(ctx: Ctx, value: object, base: str, parent: str | None, out: list[_RawUnit], seen: set[str]) -> None:
    if not isinstance(value, list):
        ctx.add(base, "plan.not_a_list")
        return
    for index, entry in enumerate(value):
        path = item(base, index)
        raw = ctx.mapping(entry, path)
        if raw is None:
            continue
        ctx.unknown_fields(raw, path, UNIT_FIELDS)
        code = ctx.field(raw, path, "code", as_key, required=True)
        name = ctx.field(raw, path, "name", as_text, required=True)
        level = ctx.field(raw, path, "level", as_text, required=True)
        explicit = ctx.field(raw, path, "parent", as_text)
        if explicit is not None and parent is not None and explicit != parent:
            ctx.add(join(path, "parent"), "plan.parent_conflict", parent=explicit, nested=parent)
        if code is not None:
            seen.add(code)
        if code is not None and name is not None and level is not None:
            ref = parent if parent is not None else explicit
            where = join(path, "parent") if explicit is not None else path
            out.append(_RawUnit(path, Unit(code, name, level), ref, where, parent is not None))
        if raw.get("children") is not None:
            _walk(ctx, raw["children"], join(path, "children"), code, out, seen)


def _report_cycles(ctx: Ctx, raws: list[_RawUnit], parent_of: dict[str, str | None]) -> None:
    reported: set[frozenset[str]] = set()
    for raw in raws:
        chain: list[str] = []
        code: str | None = raw.unit.code
        while code is not None and code not in chain:
            chain.append(code)
            code = parent_of.get(code)
        if code is None:
            continue
        cycle = chain[chain.index(code) :]
        if frozenset(cycle) not in reported and raw.unit.code in cycle:
            reported.add(frozenset(cycle))
            ctx.add(raw.parent_path, "plan.unit_cycle", codes=" → ".join([*cycle, cycle[0]]))


def validate_units(ctx: Ctx, doc: dict[str, object]) -> UnitIndex:
    """Units with their parent codes, parents before children (depth-first, in file order)."""
    raws: list[_RawUnit] = []
    mentioned: set[str] = set()
    if doc.get("units") in (None, []):
        ctx.add("units", "plan.empty_list", field="units")
    else:
        _walk(ctx, doc["units"], "units", None, raws, mentioned)
    if len(raws) > MAX_UNITS:
        ctx.add("units", "plan.too_many", field="units", count=len(raws), limit=MAX_UNITS)
    unique: list[_RawUnit] = []
    seen: set[str] = set()
    for raw in raws:
        if raw.unit.code in seen:
            ctx.add(join(raw.path, "code"), "plan.duplicate_unit", code=raw.unit.code)
        else:
            seen.add(raw.unit.code)
            unique.append(raw)
    index = UnitIndex([r.unit for r in unique])
    parent_of: dict[str, str | None] = {}
    for raw in unique:
        parent = index.resolve(raw.parent_ref) if raw.parent_ref is not None else None
        if raw.parent_ref is not None and parent is None and not raw.nested and raw.parent_ref not in mentioned:
            ctx.add(raw.parent_path, "plan.unknown_parent", parent=raw.parent_ref)
        parent_of[raw.unit.code] = parent
    _report_cycles(ctx, unique, parent_of)
    children: dict[str | None, list[Unit]] = {}
    for raw in unique:
        unit = Unit(raw.unit.code, raw.unit.name, raw.unit.level, parent_of[raw.unit.code])
        children.setdefault(unit.parent_code, []).append(unit)
    ordered: list[Unit] = []
    stack = list(reversed(children.get(None, [])))
    while stack:  # units on a cycle are never reached from a root; the cycle was reported above
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(reversed(children.get(unit.code, [])))
    return UnitIndex(ordered, mentioned)


def _role(value: object) -> Role:
    role = _ROLES.get(as_text(value).lower())
    if role is None:
        raise Bad("plan.bad_role", value=shown(value))
    return role


def _language(value: object) -> str:
    language = _LANGUAGES.get(as_text(value).lower())
    if language is None:
        raise Bad("plan.bad_choice", value=shown(value), choices="zh | en")
    return language


def _weight(value: object) -> float:
    number = as_number(value)
    if number < 0:
        raise Bad("plan.negative", value=shown(value))
    return number


def validate_members(ctx: Ctx, doc: dict[str, object], units: UnitIndex) -> tuple[list[Member], set[str]]:
    """The valid members, and the keys of every entry (valid or not) for resolving quota rows."""
    members: list[Member] = []
    keys: set[str] = set()
    roster = doc.get("members")
    if isinstance(roster, list) and len(roster) > MAX_MEMBERS:
        ctx.add("members", "plan.too_many", field="members", count=len(roster), limit=MAX_MEMBERS)
    for path, raw in ctx.entries(doc, "members", required=True):
        ctx.unknown_fields(raw, path, MEMBER_FIELDS)
        name = ctx.field(raw, path, "name", as_text, required=True)
        unit_ref = ctx.field(raw, path, "unit", as_text, required=True)
        role = ctx.field(raw, path, "role", _role, required=True)
        code = ctx.field(raw, path, "code", as_code)
        if code is None and isinstance(raw.get("code"), str | int):
            keys.add(str(raw["code"]).strip())  # an invalid code: quotas naming it are not "unknown" too
        language = ctx.field(raw, path, "language", _language) or "zh"
        weight = ctx.field(raw, path, "weight", _weight)
        unit = units.resolve(unit_ref) if unit_ref is not None else None
        if unit_ref is not None and unit is None and unit_ref not in units.mentioned:
            ctx.add(join(path, "unit"), "plan.unknown_unit", unit=unit_ref)
        key = code or name
        if key is not None and key in keys:
            if code:
                ctx.add(join(path, "code"), "plan.duplicate_member_code", code=code)
            else:
                ctx.add(join(path, "name"), "plan.duplicate_member", name=name)
            continue
        if key is not None:
            keys.add(key)
        if key is None or name is None or unit is None or role is None:
            continue
        members.append(Member(key, name, unit, role, language, 1.0 if weight is None else weight))
    return members, keys


def levels_of(units: list[Unit]) -> list[str]:
    return list(dict.fromkeys(u.level for u in units))
