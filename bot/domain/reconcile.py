"""核查 (issue 11 §4): an independent count, per unit or member and task, against what was reported.

A reconciliation file's rows arrive as written (bot/plans/reconcile_source.py read them in a child
process: the count and the date are parsed there, the names are left as text). Here they are
resolved against the campaign — every problem at once, with the row it is on — and compared with the
reported counts of the same scope: a member's own reports, a unit's whole subtree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.domain import policy
from bot.domain.errors import DomainError, NotFound
from bot.domain.leave import parse_day
from bot.domain.lookup import Ambiguous, resolve_assignee, resolve_task
from bot.domain.model import Assignee, AssigneeKind, Campaign, Member, Unit
from bot.domain.policy import Action, ActorFacts
from bot.domain.tree import OrgTree


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem of a reconciliation file: where (a cell like `核查!A3`, or `row 3` of a CSV), and a
    catalogue key `reconcile.<reason>` with its parameters (never a sentence)."""

    location: str
    key: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A row as read: names as written (a name is data, whatever it looks like), count and date parsed —
    but a date without a year (11月23日, 11-23) is left as written, in its cell `as_of_at`: only the
    campaign knows its year (check_rows places it as /leave does, bot/domain/leave.py)."""

    row: int
    location: str
    assignee: str
    task: str
    checked: int
    source: str
    as_of: date | str
    as_of_at: str = field(default="", compare=False)  # where the date is, for its problem alone


@dataclass(frozen=True, slots=True)
class CheckedRow:
    assignee: Assignee
    task: str  # task key
    checked: int


@dataclass(frozen=True, slots=True)
class CheckFile:
    """A validated reconciliation: one source, one as-of date, one row per (assignee, task)."""

    source: str
    as_of: date
    rows: tuple[CheckedRow, ...]


@dataclass(frozen=True, slots=True)
class Days:
    """The campaign's first and last local day, and today's (the service knows the time zone)."""

    first: date
    last: date
    today: date


def check_rows(
    rows: Sequence[SourceRow], campaign: Campaign, tree: OrgTree, actor: ActorFacts, days: Days
) -> tuple[CheckFile | None, list[Issue]]:
    """The file as a CheckFile, or None and every problem found (row order)."""
    if not rows:
        return None, [Issue("", "reconcile.empty_file")]
    issues: list[Issue] = []
    first = rows[0]
    first_day = _day(first, days, [])
    seen: dict[tuple[Assignee, str], str] = {}
    checked: list[CheckedRow] = []
    for r in rows:
        assignee = _assignee(r, tree, actor, issues)
        task = _task(r, campaign, issues)
        day = _day(r, days, issues)
        dated = day is not None and _date(r, day, days, issues)
        if r.source != first.source:
            issues.append(Issue(r.location, "reconcile.mixed_source", {"value": r.source, "first": first.source}))
        if dated and first_day is not None and day != first_day:
            issues.append(Issue(r.location, "reconcile.mixed_date", {"value": day, "first": first_day}))
        if assignee is None or task is None:
            continue
        if (assignee, task) in seen:
            issues.append(Issue(r.location, "reconcile.duplicate_row", {"first": seen[(assignee, task)]}))
            continue
        seen[(assignee, task)] = r.location
        checked.append(CheckedRow(assignee, task, r.checked))
    if issues or first_day is None:
        return None, issues
    return CheckFile(first.source, first_day, tuple(checked)), []


def _in_scope(tree: OrgTree, actor: ActorFacts) -> tuple[list[Unit], list[Member]]:
    """What the actor may name: every unit and member for an admin, else the subtrees they lead."""
    if actor.is_admin:
        return tree.units(), tree.members()
    codes = [c for lead in sorted(actor.leads) if tree.has_unit(lead) for c in tree.subtree_unit_codes(lead)]
    units = [tree.unit(c) for c in dict.fromkeys(codes)]
    homes = {u.code for u in units}
    return units, [m for m in tree.members() if m.unit_code in homes]


def _assignee(r: SourceRow, tree: OrgTree, actor: ActorFacts, issues: list[Issue]) -> Assignee | None:
    """The unit or member the row names, among those in the actor's scope only (the rule of every lookup,
    bot/domain/lookup.py): a name outside it reads exactly like one that exists nowhere, and a namesake
    elsewhere is neither an ambiguity nor a choice listed — a leader learns nothing beyond his units."""
    by_code = {u.code: u for u in tree.units()}
    units, members = _in_scope(tree, actor)
    try:
        named = resolve_assignee(r.assignee, units, members, by_code)
    except Ambiguous as asked:
        issues.append(Issue(r.location, "reconcile.ambiguous", {"name": r.assignee, **_choices(asked)}))
        return None
    except NotFound:
        named = None
    assignee = None
    if named is not None:
        assignee = Assignee.unit(named.unit.code) if named.unit else Assignee.member(named.member.key)  # type: ignore[union-attr]
    if assignee is None or policy.decide(actor, Action.RECONCILE, tree, assignee) is not None:
        issues.append(Issue(r.location, "reconcile.unknown_assignee", {"name": r.assignee}))
        return None
    return assignee


def _choices(asked: Ambiguous) -> dict[str, object]:
    return {"choices": asked.params.get("choices", ())}


def _task(r: SourceRow, campaign: Campaign, issues: list[Issue]) -> str | None:
    try:
        return resolve_task(r.task, campaign.tasks).key
    except Ambiguous as asked:
        issues.append(Issue(r.location, "reconcile.ambiguous", {"name": r.task, **_choices(asked)}))
    except NotFound:
        issues.append(Issue(r.location, "reconcile.unknown_task", {"name": r.task, "choices": _tasks(campaign)}))
    return None


def _tasks(campaign: Campaign) -> tuple[str, ...]:
    return tuple(t.name for t in campaign.tasks)


def _day(r: SourceRow, days: Days, issues: list[Issue]) -> date | None:
    """The row's as-of date; one without a year in the year that puts it in the campaign (the /leave rule)."""
    if isinstance(r.as_of, date):
        return r.as_of
    try:
        return parse_day(r.as_of, days.first, days.last)
    except DomainError:  # 2月30日: no such day in any year near the campaign
        issues.append(Issue(r.as_of_at or r.location, "reconcile.bad_date", {"value": r.as_of}))
        return None


def _date(r: SourceRow, day: date, days: Days, issues: list[Issue]) -> bool:
    """False (and the problem noted) when the as-of date is in the future or outside the campaign."""
    if day > days.today:
        issues.append(Issue(r.location, "reconcile.date_future", {"date": day, "today": days.today}))
    elif not days.first <= day <= days.last:
        issues.append(Issue(r.location, "reconcile.date_outside", {"date": day, "first": days.first,
                                                                   "last": days.last}))  # fmt: skip
    else:
        return True
    return False


@dataclass(frozen=True, slots=True)
class Line:
    """One row compared: what was checked, and what was reported (and verified) in the same scope up
    to the as-of date. `difference` is reported − checked: positive means more reported than found."""

    assignee: Assignee
    task: str
    checked: int
    reported: int
    verified: int

    @property
    def difference(self) -> int:
        return self.reported - self.checked


def _in_subtree(tree: OrgTree, assignee: Assignee, homes: Mapping[str, str]) -> set[str]:
    """The member keys whose reports count for `assignee`: a member alone, or every member (former
    ones too, by the unit their work counts in) of the unit's subtree."""
    if assignee.kind is AssigneeKind.MEMBER:
        return {assignee.key}
    codes = set(tree.subtree_unit_codes(assignee.key)) if tree.has_unit(assignee.key) else set()
    return {key for key, home in homes.items() if home in codes}


def compare(
    rows: Iterable[CheckedRow],
    tree: OrgTree,
    homes: Mapping[str, str],
    reported: Mapping[tuple[str, str], int],
    verified: Mapping[tuple[str, str], int],
) -> list[Line]:
    """Every row beside the reported and verified counts of its scope (`reported`, `verified`: per
    (member key, task), up to the as-of date; `homes`: member key → the unit their work counts in)."""
    lines = []
    for r in rows:
        keys = _in_subtree(tree, r.assignee, homes)
        done = sum(reported.get((k, r.task), 0) for k in keys)
        sure = sum(verified.get((k, r.task), 0) for k in keys)
        lines.append(Line(r.assignee, r.task, r.checked, done, sure))
    return lines


def beyond_tolerance(line: Line, campaign: Campaign) -> bool:
    """|reported − checked| above max(reconcile_tolerance, checked × reconcile_tolerance_percent %)."""
    allowed = max(float(campaign.reconcile_tolerance), line.checked * campaign.reconcile_tolerance_percent / 100)
    return abs(line.difference) > allowed


def discrepancies(lines: Iterable[Line], campaign: Campaign) -> list[Line]:
    """The lines beyond tolerance, the largest difference (either way) first."""
    return sorted((ln for ln in lines if beyond_tolerance(ln, campaign)), key=lambda ln: -abs(ln.difference))
