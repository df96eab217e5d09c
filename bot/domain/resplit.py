"""Re-splitting the quota of a member on a long leave (请假, issue 11 §2): what they have not done yet
is handed to the other members of their unit, by /split's rule (bot/domain/splitting.py): leaders keep
out of it, equal shares by the largest remainder, ties to whoever the roster lists first.

Pure. The offer is bound to the quotas it was computed on (`revision`): pressed once they changed —
by the re-split itself, or an /assign meanwhile — it does nothing.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain.errors import DomainError
from bot.domain.leave import Away
from bot.domain.model import Assignee, AssigneeKind
from bot.domain.splitting import shareholders
from bot.domain.tree import OrgTree

Quotas = Mapping[tuple[Assignee, str], int]


@dataclass(frozen=True, slots=True)
class Resplit:
    """The new quotas, per (assignee, task), and what each gains; `handed` is the absent member's
    remaining quota per task (what moves)."""

    quotas: dict[tuple[Assignee, str], int]
    gains: dict[Assignee, dict[str, int]]
    handed: dict[str, int]


def others(tree: OrgTree, absent: str, away: Away | None = None, days: frozenset[date] = frozenset()) -> list[Assignee]:
    """Who takes over: the cadres of the absent member's unit other than them (sub-units are not
    members, leaders run the unit), and none who is on leave on any of `days` (the absent member's
    leave): a colleague away over the same days cannot take the work over."""
    unit = tree.member(absent).unit_code
    return [
        a
        for a in shareholders(tree, unit)
        if a.kind is AssigneeKind.MEMBER and a.key != absent and not (days & (away or {}).get(a.key, frozenset()))
    ]


def remaining(quotas: Quotas, absent: str, done: Mapping[str, int]) -> dict[str, int]:
    """Per task with a quota of the member's own: what they still have to do (nothing done over it)."""
    me = Assignee.member(absent)
    return {t: q - done.get(t, 0) for (a, t), q in quotas.items() if a == me and q > done.get(t, 0)}


def revision(quotas: Quotas, assignees: Sequence[Assignee]) -> str:
    """A short fingerprint of these assignees' quotas: any change to one of them changes it."""
    wanted = set(assignees)
    items = sorted(f"{a.kind}:{a.key}:{t}={q}" for (a, t), q in quotas.items() if a in wanted)
    return f"{zlib.crc32('|'.join(items).encode()):08x}"


def resplit(
    tree: OrgTree,
    quotas: Quotas,
    absent: str,
    done: Mapping[str, int],
    away: Away | None = None,
    days: frozenset[date] = frozenset(),
) -> Resplit:
    """Hand the absent member's remaining quota to the unit's other cadres not away over `days`: the
    absent member keeps what they did; each other gains an equal share (largest remainder, the first
    listed first)."""
    takers = others(tree, absent, away, days)
    if not takers:
        raise DomainError("resplit.nobody")
    handed = remaining(quotas, absent, done)
    if not handed:
        raise DomainError("resplit.nothing")
    me = Assignee.member(absent)
    new: dict[tuple[Assignee, str], int] = {}
    gains: dict[Assignee, dict[str, int]] = {}
    for task, n in handed.items():
        new[(me, task)] = quotas[(me, task)] - n
        base, extra = divmod(n, len(takers))
        for i, taker in enumerate(takers):
            share = base + (1 if i < extra else 0)
            if share:
                new[(taker, task)] = quotas.get((taker, task), 0) + share
                gains.setdefault(taker, {})[task] = share
    return Resplit(new, gains, handed)
