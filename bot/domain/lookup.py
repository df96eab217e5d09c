"""What a leader typed → the unit, member or task they meant (SPEC §3.1: names, not codes).

People type what they see: 七岭村 or ql, 张三, 入户走访 or 走访 or visit, in full-width or half-width
characters, in either case. One resolver answers for every leader command, among the candidates the
caller hands over (those in the actor's scope), in a fixed order of trust:

1. exactly as stored (a unit code, a member key, a task key; then a name or an alias);
2. the same after folding: NFKC (full-width ＡＢ１ → AB1, （ → ( ) and case-insensitive ASCII;
3. for a member, the typed form `王芳（东村）` / `王芳(dc)`: a name and the unit (name or code) it is in.

Two candidates at one step is never "not found": `Ambiguous` names each in the typed form, so the
leader can pick one (buttons) or type it. Nothing found lists the valid choices, capped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.domain.errors import DomainError, NotFound
from bot.domain.model import Member, TaskType, Unit

T = TypeVar("T")

MAX_CHOICES = 10  # a "not found" lists at most this many; the rest is "…等 N 个"
_QUALIFIED = re.compile(r"(.+?)\s*\((.+)\)")  # after folding, （ ） are ( )


def fold(text: str) -> str:
    """The form two spellings of one word share: NFKC, trimmed, inner whitespace collapsed, casefolded
    (casefold changes ASCII and other cased scripts only; Chinese is left as it is)."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


class Ambiguous(DomainError):
    """More than one candidate answers to what was typed. `keys` are the candidates (member keys or
    unit codes), `choices` the typed form of each, in the same order."""

    key = "lookup.ambiguous"

    def __init__(self, text: str, keys: Sequence[str], choices: Sequence[str]) -> None:
        super().__init__("lookup.ambiguous", text=text, choices=tuple(choices))
        self.keys = tuple(keys)
        self.ids: tuple[int, ...] = ()  # the members' roster ids, when every candidate is a member (buttons)


def not_found(key: str, text: str, choices: Iterable[str]) -> NotFound:
    """A "not found" that lists what may be typed instead, capped at MAX_CHOICES (key `…_more` then)."""
    every = list(dict.fromkeys(choices))
    if len(every) <= MAX_CHOICES:
        return NotFound(key, text=text, choices=tuple(every), total=len(every))
    return NotFound(f"{key}_more", text=text, choices=tuple(every[:MAX_CHOICES]), total=len(every))


def _pick(text: str, candidates: Sequence[T], words: Callable[[T], Iterable[str]]) -> list[T]:
    """Candidates named by `text`: exact matches if any, else matches after folding."""
    exact = [c for c in candidates if text in words(c)]
    if exact:
        return exact
    folded = fold(text)
    return [c for c in candidates if folded in {fold(w) for w in words(c)}]


def _one(found: list[T], text: str, key_of: Callable[[T], str], label: Callable[[T], str]) -> T | None:
    if len(found) > 1:
        raise Ambiguous(text, [key_of(c) for c in found], [label(c) for c in found])
    return found[0] if found else None


def find_unit(text: str, units: Sequence[Unit]) -> Unit | None:
    """The unit `text` names (code first, then name, then `东村（白洋渡镇）`: a name and its parent's
    name or code, or its own code), None when none does. Two units of one name: Ambiguous."""
    by_code = {u.code: u for u in units}
    found = _pick(text, units, lambda u: (u.code,)) or _pick(text, units, lambda u: (u.name,))
    if not found and (qualified := _QUALIFIED.fullmatch(fold(text))) is not None:
        name, where = qualified.groups()
        found = [u for u in _pick(name, units, lambda u: (u.name,)) if fold(where) in _whereabouts(u, by_code)]
    return _one(found, text, lambda u: u.code, lambda u: unit_label(u, by_code))


def _whereabouts(unit: Unit, units: Mapping[str, Unit]) -> set[str]:
    parent = units.get(unit.parent_code or "")
    return {fold(unit.code)} | ({fold(parent.code), fold(parent.name)} if parent else set())


def unit_label(unit: Unit, units: Mapping[str, Unit]) -> str:
    """How a unit is told apart from a namesake: `东村（白洋渡镇）`, or `东村（dc）` at the top."""
    parent = units.get(unit.parent_code or "")
    return f"{unit.name}（{parent.name if parent else unit.code}）"


def resolve_unit(text: str, units: Sequence[Unit]) -> Unit:
    unit = find_unit(text, units)
    if unit is None:
        raise not_found("lookup.unknown_unit", text, (u.name for u in units))
    return unit


def member_label(member: Member, units: Mapping[str, Unit]) -> str:
    """How a member is told apart from a namesake: `王芳（东村）`."""
    unit = units.get(member.unit_code)
    return f"{member.name}（{unit.name if unit else member.unit_code}）"


def find_member(text: str, members: Sequence[Member], units: Mapping[str, Unit]) -> Member | None:
    """The member `text` names: key, then name, then `name（unit）`; None when none does."""
    label = lambda m: member_label(m, units)  # noqa: E731 - one short closure used twice
    # Key and name in one step: a member without a code has their name as key, and a namesake must
    # still be asked about, not silently lose to the one whose key happens to be the name.
    found = _pick(text, members, lambda m: (m.key, m.name))
    if not found and (qualified := _QUALIFIED.fullmatch(fold(text))) is not None:
        name, where = qualified.groups()
        in_unit = [u for u in units.values() if fold(where) in (fold(u.code), fold(u.name))]
        homes = {u.code for u in in_unit}
        found = [m for m in _pick(name, members, lambda m: (m.name,)) if m.unit_code in homes]
    return _one(found, text, lambda m: m.key, label)


def resolve_member(text: str, members: Sequence[Member], units: Mapping[str, Unit]) -> Member:
    member = find_member(text, members, units)
    if member is None:
        raise not_found("lookup.unknown_member", text, (m.name for m in members))
    return member


def resolve_task(text: str, tasks: Sequence[TaskType]) -> TaskType:
    """The task `text` names: key, display name or alias (an alias shared by two tasks is Ambiguous)."""
    found = _pick(text, tasks, lambda t: (t.key,)) or _pick(text, tasks, lambda t: (t.name, *t.aliases))
    task = _one(found, text, lambda t: t.key, lambda t: t.name)
    if task is None:
        raise not_found("lookup.unknown_task", text, (t.name for t in tasks))
    return task


@dataclass(frozen=True, slots=True)
class Named:
    """A unit or a member: what /assign and /report_for are about."""

    unit: Unit | None = None
    member: Member | None = None


def resolve_assignee(
    text: str, units: Sequence[Unit], members: Sequence[Member], tree_units: Mapping[str, Unit]
) -> Named:
    """A unit or a member by what was typed. A word naming both a unit and a member is Ambiguous."""
    unit = find_unit(text, units)
    member = find_member(text, members, tree_units)
    if unit is not None and member is not None and fold(unit.code) != fold(text):
        raise Ambiguous(
            text, [unit.code, member.key], [f"{unit.name}（{unit.code}）", member_label(member, tree_units)]
        )
    if unit is not None:
        return Named(unit=unit)
    if member is not None:
        return Named(member=member)
    raise not_found("lookup.unknown_assignee", text, [*(u.name for u in units), *(m.name for m in members)])
