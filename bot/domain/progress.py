"""Progress, completion, expected progress, pace and status (SPEC §2).

Input is aggregated per member and task (storage does the summing), and a ProgressBook rolls
everything up once, bottom-up, so a whole campaign costs O(members + units) however long the
ledger is.

Members removed from the roster ("former" members) keep their reports (SPEC §4): their work still
counts in the roll-up of the unit they were last in, but they are not assignees of the book — no
quota, standing, ranking row, reminder or laggard line of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from bot.domain.book_rows import BookRow
from bot.domain.counting import counting_rule
from bot.domain.expected import expected_completion
from bot.domain.member_standing import ON_TRACK_POINTS as ON_TRACK_POINTS
from bot.domain.member_standing import SILENCE as SILENCE
from bot.domain.member_standing import MemberActivity as MemberActivity
from bot.domain.member_standing import compute, days_for, member_row, recent_workdays
from bot.domain.model import Assignee, AssigneeKind, Campaign, Milestone
from bot.domain.quotas import Quotas
from bot.domain.standing import RuleViolation, Standing, is_laggard
from bot.domain.tree import OrgTree
from bot.domain.workdays import DaysLeft, WorkingClock

_NO_DAYS: frozenset[date] = frozenset()


def nearest_unit_in_tree(code: str, parents: Mapping[str, str | None], tree: OrgTree) -> str | None:
    """Where a former member's work counts: their last unit if it is still in the campaign's tree,
    else its nearest ancestor that is (a village dropped from the plan still counts for its town).
    `parents` maps every known unit code to its parent, including units no longer in the plan.
    None when no unit on the way up is in the tree: that work then counts nowhere."""
    seen: set[str] = set()
    current: str | None = code
    while current is not None and current not in seen:
        if tree.has_unit(current):
            return current
        seen.add(current)
        current = parents.get(current)
    return None


class ProgressBook:
    _quotas: Quotas
    _activity: Mapping[str, MemberActivity]
    _keys: tuple[tuple[str, ...], object]
    _rows: dict[Assignee, BookRow]

    def __init__(
        self,
        campaign: Campaign,
        tree: OrgTree,
        quotas: Quotas,
        activity: Mapping[str, MemberActivity],
        at: datetime,
        *,
        former: Mapping[str, str] | None = None,
        away: Mapping[str, frozenset[date]] | None = None,
        roll_up: bool = True,
        previous: ProgressBook | None = None,
    ) -> None:
        """`activity` is keyed by member key. `former` maps members removed from the roster to the
        unit whose roll-up their reports still count in (see nearest_unit_in_tree); a key that is
        on the roster or a unit that is not in the tree is ignored. `away` maps a member key to the
        dates that member is on leave: no working days for them, so their per-day need after their
        return is spread over the working days they have (a unit's days are the calendar's).
        `roll_up=False`: the members' standings only, no unit's (asking for one is a KeyError): a
        member's standing depends on their own sums alone, and an acknowledgement needs one.
        `previous`: an earlier book of the same tree and quotas (the same objects), whose member rows are
        taken over for every member whose activity is the very same object (nothing of theirs moved)."""
        self.campaign = campaign
        self.tree = tree
        self.at = at
        self.clock = WorkingClock(campaign)
        self.away = away or {}
        self.expected = expected_completion(campaign, at)
        self.rule = counting_rule(campaign.verification)
        counts = self.rule.counts
        tasks = self._tasks = tuple(t.key for t in campaign.tasks)
        # One record per assignee (a dict lookup each, not one per number: a county's laggard list
        # computes every standing, and an Assignee's hash is Python code).
        rows: dict[Assignee, BookRow] = {}
        same = previous is not None and previous.tree is tree and previous._quotas is quotas
        before = previous if same and previous is not None and previous._keys == (tasks, counts) else None
        self._quotas, self._activity, self._keys = quotas, activity, (tasks, counts)
        for m in tree.members():
            a, act = Assignee.member(m.key), activity.get(m.key)
            if before is not None and before._activity.get(m.key) is act:
                rows[a] = before._rows[a]  # a member's row is never changed once built
                continue
            rows[a] = member_row(a, act, counts, tasks, quotas)
        # Former members' work, per unit: added to that unit's own members' sums below.
        extra: dict[str, BookRow] = {}
        for key, code in (former or {}).items():
            gone = activity.get(key)
            if gone is None or tree.has_member(key) or not tree.has_unit(code):
                continue
            done, recent = gone.counted(counts)
            gone_steps = {t: [s] for t, s in gone.steps.items()}
            row = extra.setdefault(code, BookRow.zero(tasks))
            row.add(tasks, done, gone.totals, gone.verified, sum(recent.values()), gone.last_report_at, gone_steps)
        # Post-order over the units: children are complete before their parent sums them.
        for root in tree.roots() if roll_up else ():
            for code in reversed(tree.subtree_unit_codes(root.code)):
                u = Assignee.unit(code)
                row = extra.get(code) or BookRow.zero(tasks)
                for k in tree.children(code):
                    kid = rows[k]
                    row.add(tasks, kid.done, kid.reported, kid.verified, kid.recent, kid.sent, kid.steps)
                    for t in tasks:
                        row.quota[t] += kid.quota[t]
                row.quota = {t: quotas.get((u, t), row.quota[t]) for t in tasks}
                rows[u] = row
        self._rows = rows
        self._cache: dict[tuple[Assignee, int | None], Standing] = {}
        # The working days left per due date and leave (one count for everyone without leave).
        self._days: dict[tuple[datetime | None, frozenset[date]], tuple[int, DaysLeft]] = {}
        self._recent: int | None = None

    def standing(self, assignee: Assignee, milestone: Milestone | None = None) -> Standing:
        """The assignee's standing against `milestone` (default: the next one still open)."""
        view = milestone or self.campaign.next_milestone(self.at)
        key = (assignee, view.percent if view else None)
        if key not in self._cache:
            self._cache[key] = self._compute(assignee, view)
        return self._cache[key]

    def _compute(self, a: Assignee, view: Milestone | None) -> Standing:
        days = self._days_and_left(a, view)
        return compute(a, self._rows[a], self._tasks, view, self.expected, self.at, days, self._recent_workdays)

    def _days_and_left(self, a: Assignee, view: Milestone | None) -> tuple[int, DaysLeft]:
        """days_left and _left together, counted once per due date and leave."""
        away = self.away.get(a.key, _NO_DAYS) if a.kind is AssigneeKind.MEMBER else _NO_DAYS
        key = (view.due if view else None, away)
        if key not in self._days:
            self._days[key] = days_for(self.clock, self.at, view, away)
        return self._days[key]

    def days_left(self, a: Assignee, view: Milestone | None) -> int:
        """The working days `a` has left for `view` (WorkingClock.days_left; 1 when none is in view)."""
        return self._days_and_left(a, view)[0]

    def _recent_workdays(self) -> int:
        """member_standing.recent_workdays, asked once per book (only for an assignee behind)."""
        if self._recent is None:
            self._recent = recent_workdays(self.campaign, self.at)
        return self._recent

    def children(self, unit_code: str) -> list[Standing]:
        return [self.standing(a) for a in self.tree.children(unit_code)]

    def members_in_scope(self, unit_code: str) -> list[Standing]:
        return [self.standing(Assignee.member(k)) for k in self.tree.subtree_member_keys(unit_code)]

    def laggards(self, unit_code: str, milestone: Milestone | None = None) -> list[Standing]:
        """Units below `unit_code` and members in its subtree that lag behind `milestone` (default: the
        next one) by is_laggard(), units first, least complete first."""
        units = [Assignee.unit(c) for c in self.tree.subtree_unit_codes(unit_code)[1:]]
        members = [Assignee.member(k) for k in self.tree.subtree_member_keys(unit_code)]
        behind = [s for s in (self.standing(a, milestone) for a in units + members) if is_laggard(s, self.at)]
        return sorted(behind, key=lambda s: (s.assignee.kind is AssigneeKind.MEMBER, s.completion or 0.0))

    def rule_violations(self, milestone: Milestone) -> list[RuleViolation]:
        """`min_each` rules due at this milestone that some unit of the level does not meet."""
        out = []
        for rule in self.campaign.rules:
            if rule.by_percent != milestone.percent:
                continue
            for unit in self.tree.level_units(rule.level):
                done = self._rows[Assignee.unit(unit.code)].done.get(rule.task, 0)
                if done < rule.count:
                    out.append(RuleViolation(unit.code, rule.task, rule.count, done))
        return out
