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
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from functools import cached_property

from bot.domain.counting import Counted, counting_rule
from bot.domain.expected import expected_completion
from bot.domain.forecast import campaign_horizon
from bot.domain.model import Assignee, AssigneeKind, Campaign, Milestone
from bot.domain.quotas import Quotas
from bot.domain.standing import RuleViolation, Standing, Status, TaskStanding, is_laggard
from bot.domain.tree import OrgTree
from bot.domain.workdays import DaysLeft, WorkingClock

ON_TRACK_POINTS = 5.0  # within ±5 points of the expected curve is "on track"
SILENCE = timedelta(days=3)  # no report for this long while behind is "at risk"


@dataclass(frozen=True, slots=True)
class MemberActivity:
    totals: Mapping[str, int]  # task → reported sum (every report not rejected)
    # task → the part since the first of the last 5 working days (today included; the name is older
    # than the working calendar): what the recent rate of the at-risk rule is taken from
    last_7_days: Mapping[str, int] = field(default_factory=dict)
    last_report_at: datetime | None = None
    reached_at: datetime | None = None  # when the current level was reached (ranking tie-break)
    verified: Mapping[str, int] = field(default_factory=dict)  # task → verified sum
    verified_7_days: Mapping[str, int] = field(default_factory=dict)

    def counted(self, counts: Counted) -> tuple[Mapping[str, int], Mapping[str, int]]:
        """The totals and the recent sums of the number that counts."""
        if counts is Counted.VERIFIED:
            return self.verified, self.verified_7_days
        return self.totals, self.last_7_days


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


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
    ) -> None:
        """`activity` is keyed by member key. `former` maps members removed from the roster to the
        unit whose roll-up their reports still count in (see nearest_unit_in_tree); a key that is
        on the roster or a unit that is not in the tree is ignored. `away` maps a member key to the
        dates that member is on leave: no working days for them, so their per-day need after their
        return is spread over the working days they have (a unit's days are the calendar's).
        `roll_up=False`: the members' standings only, no unit's (asking for one is a KeyError): a
        member's standing depends on their own sums alone, and an acknowledgement needs one."""
        self.campaign = campaign
        self.tree = tree
        self.at = at
        self.clock = WorkingClock(campaign)
        self.away = away or {}
        self.expected = expected_completion(campaign, at)
        self.rule = counting_rule(campaign.verification)
        counts = self.rule.counts
        tasks = [t.key for t in campaign.tasks]
        self._done: dict[Assignee, dict[str, int]] = {}
        self._reported: dict[Assignee, dict[str, int]] = {}
        self._verified: dict[Assignee, dict[str, int]] = {}
        self._recent: dict[Assignee, int] = {}
        self._last: dict[Assignee, datetime | None] = {}
        self._quota: dict[Assignee, dict[str, int]] = {}
        for m in tree.members():
            a, act = Assignee.member(m.key), activity.get(m.key) or MemberActivity({})
            done, recent = act.counted(counts)
            self._done[a] = {t: done.get(t, 0) for t in tasks}
            self._reported[a] = {t: act.totals.get(t, 0) for t in tasks}
            self._verified[a] = {t: act.verified.get(t, 0) for t in tasks}
            self._recent[a] = sum(recent.values())
            self._last[a] = act.reached_at or act.last_report_at
            self._quota[a] = {t: quotas.get((a, t), 0) for t in tasks}
        # Former members' work, per unit: added to that unit's own members' sums below.
        extra: dict[str, dict[str, dict[str, int]]] = {}  # unit → done/reported/verified → task → sum
        extra_recent: dict[str, int] = {}
        extra_last: dict[str, list[datetime]] = {}
        for key, code in (former or {}).items():
            gone = activity.get(key)
            if gone is None or tree.has_member(key) or not tree.has_unit(code):
                continue
            act, (done, recent) = gone, gone.counted(counts)
            sums = extra.setdefault(code, {"done": {}, "reported": {}, "verified": {}})
            for t in tasks:
                for which, source in (("done", done), ("reported", act.totals), ("verified", act.verified)):
                    sums[which][t] = sums[which].get(t, 0) + source.get(t, 0)
            extra_recent[code] = extra_recent.get(code, 0) + sum(recent.values())
            if (when := act.reached_at or act.last_report_at) is not None:
                extra_last.setdefault(code, []).append(when)
        # Post-order over the units: children are complete before their parent sums them.
        for root in tree.roots() if roll_up else ():
            for code in reversed(tree.subtree_unit_codes(root.code)):
                u, kids, more = Assignee.unit(code), tree.children(code), extra.get(code, {})
                for which, book in (("done", self._done), ("reported", self._reported), ("verified", self._verified)):
                    added = more.get(which, {})
                    book[u] = {t: sum(book[k][t] for k in kids) + added.get(t, 0) for t in tasks}
                self._recent[u] = sum(self._recent[k] for k in kids) + extra_recent.get(code, 0)
                times = [x for x in (self._last[k] for k in kids) if x is not None] + extra_last.get(code, [])
                self._last[u] = max(times) if times else None
                self._quota[u] = {t: quotas.get((u, t), sum(self._quota[k][t] for k in kids)) for t in tasks}
        self._cache: dict[tuple[Assignee, int | None], Standing] = {}

    def standing(self, assignee: Assignee, milestone: Milestone | None = None) -> Standing:
        """The assignee's standing against `milestone` (default: the next one still open)."""
        view = milestone or self.campaign.next_milestone(self.at)
        key = (assignee, view.percent if view else None)
        if key not in self._cache:
            self._cache[key] = self._compute(assignee, view)
        return self._cache[key]

    def _compute(self, a: Assignee, view: Milestone | None) -> Standing:
        done, quota, reported, verified = self._done[a], self._quota[a], self._reported[a], self._verified[a]
        days_left, left = self.days_left(a, view), self._left(a, view)
        tasks = []
        for t in (t.key for t in self.campaign.tasks):
            if not quota[t] and not done[t] and not reported[t]:
                continue
            target = view.target(quota[t]) if view else quota[t]
            remaining = max(0, target - done[t])
            per_day = _ceil_div(remaining, days_left)
            tasks.append(
                TaskStanding(
                    t, done[t], quota[t], target, remaining, per_day, reported[t], verified[t], days_left, left
                )
            )
        total_quota = sum(quota.values())
        completion = sum(min(done[t], quota[t]) for t in quota) / total_quota if total_quota else None
        # Rounded so that exactly 5 points (0.65 − 0.60) is not 5.000000000000004 and "ahead".
        pace = round((completion - self.expected) * 100, 6) if completion is not None else 0.0
        met = all(ts.remaining == 0 for ts in tasks)
        return Standing(
            a,
            tuple(tasks),
            completion,
            sum(done.values()),
            total_quota,
            self.expected,
            pace,
            self._status(a, completion, pace, tasks, days_left),
            view,
            met,
            self._last[a],
            sum(reported.values()),
            sum(verified.values()),
        )

    def days_left(self, a: Assignee, view: Milestone | None) -> int:
        """The working days `a` has left for `view` (WorkingClock.days_left; 1 when none is in view)."""
        if view is None:
            return 1
        away = self.away.get(a.key, frozenset()) if a.kind is AssigneeKind.MEMBER else frozenset()
        return self.clock.days_left(self.at, view.due, away)

    def _left(self, a: Assignee, view: Milestone | None) -> DaysLeft:
        if view is None:
            return DaysLeft.DAYS
        away = self.away.get(a.key, frozenset()) if a.kind is AssigneeKind.MEMBER else frozenset()
        return self.clock.left(self.at, view.due, away)

    def _status(
        self, a: Assignee, completion: float | None, pace: float, tasks: list[TaskStanding], days_left: int
    ) -> Status:
        """Ahead / on track within ±5 points of the expected curve. Under it, AT_RISK when the assignee
        is silent (no report for SILENCE) or the forecast at the recent rate does not reach the
        milestone's targets by its due date: what the last 5 working days hold (fewer at the start:
        the completed working days there are; bot/domain/forecast.py), per working day, times the
        `days_left` before the due date, is less than what the targets still need. Else BEHIND."""
        if completion is None or pace >= -ON_TRACK_POINTS:
            return Status.AHEAD if pace > ON_TRACK_POINTS else Status.ON_TRACK
        last = self._last[a]
        silent = last is None or self.at - last >= SILENCE
        reaches = sum(ts.remaining for ts in tasks) <= Fraction(self._recent[a], self._recent_workdays) * days_left
        return Status.AT_RISK if silent or not reaches else Status.BEHIND

    @cached_property
    def _recent_workdays(self) -> int:
        """The working days the recent sums (MemberActivity.last_7_days) are spread over: 5, or the
        completed working days since the start when fewer (at least 1)."""
        return max(1, campaign_horizon(self.campaign, self.at).window_days)  # the window ignores the end

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
                done = self._done[Assignee.unit(unit.code)].get(rule.task, 0)
                if done < rule.count:
                    out.append(RuleViolation(unit.code, rule.task, rule.count, done))
        return out
