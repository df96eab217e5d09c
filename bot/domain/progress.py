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

from bot.domain.book_rows import BookRow
from bot.domain.counting import Counted, counting_rule
from bot.domain.expected import expected_completion
from bot.domain.forecast import campaign_horizon
from bot.domain.model import Assignee, AssigneeKind, Campaign, Milestone
from bot.domain.quotas import Quotas
from bot.domain.standing import RuleViolation, Standing, Status, TaskStanding, is_laggard
from bot.domain.tree import OrgTree, nearest_unit_in_tree
from bot.domain.workdays import DaysLeft, WorkingClock

ON_TRACK_POINTS = 5.0  # within ±5 points of the expected curve is "on track"
SILENCE = timedelta(days=3)  # no report for this long while behind is "at risk"


@dataclass(frozen=True, slots=True)
class MemberActivity:
    totals: Mapping[str, int]  # task → reported sum (every report not rejected)
    # task → the part since the first of the last 5 working days (today included; the name is older
    # than the working calendar): what the recent rate of the at-risk rule is taken from
    last_7_days: Mapping[str, int] = field(default_factory=dict)
    # The latest report the member sent, whatever became of it (a rejected one too: they did report);
    # an /undo is no report. What ends a silence.
    last_report_at: datetime | None = None
    # When the sum that counts reached what it is: its latest live entry (not a correction, not
    # corrected since; not rejected, counted from when it was sent — or, when verified work counts, a
    # verified one, counted from when it was verified). The ranking's tie-break, "earlier to reach it".
    reached_at: datetime | None = None
    verified: Mapping[str, int] = field(default_factory=dict)  # task → verified sum
    verified_7_days: Mapping[str, int] = field(default_factory=dict)

    def counted(self, counts: Counted) -> tuple[Mapping[str, int], Mapping[str, int]]:
        """The totals and the recent sums of the number that counts."""
        if counts is Counted.VERIFIED:
            return self.verified, self.verified_7_days
        return self.totals, self.last_7_days


_NOTHING = MemberActivity({})
_NO_DAYS: frozenset[date] = frozenset()


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


__all__ = ["MemberActivity", "ProgressBook", "nearest_unit_in_tree"]


class ProgressBook:
    _quotas: Quotas
    _activity: Mapping[str, MemberActivity]
    _keys: tuple[tuple[str, ...], Counted]
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
            a, act = Assignee.member(m.key), activity.get(m.key) or _NOTHING
            if before is not None and (before._activity.get(m.key) or _NOTHING) is act:
                rows[a] = before._rows[a]  # a member's row is never changed once built
                continue
            done, recent = act.counted(counts)
            rows[a] = BookRow(
                {t: done.get(t, 0) for t in tasks},
                {t: act.totals.get(t, 0) for t in tasks},
                {t: act.verified.get(t, 0) for t in tasks},
                {t: quotas.get((a, t), 0) for t in tasks},
                sum(recent.values()),
                act.reached_at,
                act.last_report_at,
            )
        # Former members' work, per unit: added to that unit's own members' sums below.
        extra: dict[str, BookRow] = {}
        for key, code in (former or {}).items():
            gone = activity.get(key)
            if gone is None or tree.has_member(key) or not tree.has_unit(code):
                continue
            done, recent = gone.counted(counts)
            row = extra.setdefault(code, BookRow.zero(tasks))
            row.add(tasks, done, gone.totals, gone.verified, sum(recent.values()), gone.reached_at, gone.last_report_at)
        # Post-order over the units: children are complete before their parent sums them.
        for root in tree.roots() if roll_up else ():
            for code in reversed(tree.subtree_unit_codes(root.code)):
                u = Assignee.unit(code)
                row = extra.get(code) or BookRow.zero(tasks)
                for k in tree.children(code):
                    kid = rows[k]
                    row.add(tasks, kid.done, kid.reported, kid.verified, kid.recent, kid.reached, kid.sent)
                    for t in tasks:
                        row.quota[t] += kid.quota[t]
                row.quota = {t: quotas.get((u, t), row.quota[t]) for t in tasks}
                rows[u] = row
        self._rows = rows
        self._cache: dict[tuple[Assignee, int | None], Standing] = {}
        # The working days left per due date and leave (one count for everyone without leave).
        self._days: dict[tuple[datetime, frozenset[date]], tuple[int, DaysLeft]] = {}

    def standing(self, assignee: Assignee, milestone: Milestone | None = None) -> Standing:
        """The assignee's standing against `milestone` (default: the next one still open)."""
        view = milestone or self.campaign.next_milestone(self.at)
        key = (assignee, view.percent if view else None)
        if key not in self._cache:
            self._cache[key] = self._compute(assignee, view)
        return self._cache[key]

    def _compute(self, a: Assignee, view: Milestone | None) -> Standing:
        row = self._rows[a]
        done, quota, reported, verified = row.done, row.quota, row.reported, row.verified
        days_left, left = self._days_and_left(a, view)
        tasks = []
        for t in self._tasks:
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
            self._status(row, completion, pace, tasks, days_left),
            view,
            met,
            row.reached,
            sum(reported.values()),
            sum(verified.values()),
        )

    def _days_and_left(self, a: Assignee, view: Milestone | None) -> tuple[int, DaysLeft]:
        """days_left and _left together, counted once per due date and leave."""
        if view is None:
            return 1, DaysLeft.DAYS
        away = self.away.get(a.key, _NO_DAYS) if a.kind is AssigneeKind.MEMBER else _NO_DAYS
        key = (view.due, away)
        if key not in self._days:
            self._days[key] = (self.clock.days_left(self.at, view.due, away), self.clock.left(self.at, view.due, away))
        return self._days[key]

    def days_left(self, a: Assignee, view: Milestone | None) -> int:
        """The working days `a` has left for `view` (WorkingClock.days_left; 1 when none is in view)."""
        return self._days_and_left(a, view)[0]

    def _status(
        self, row: BookRow, completion: float | None, pace: float, tasks: list[TaskStanding], days_left: int
    ) -> Status:
        """Ahead / on track within ±5 points of the expected curve. Under it, AT_RISK when the assignee
        is silent (no report for SILENCE) or the forecast at the recent rate does not reach the
        milestone's targets by its due date: what the last 5 working days hold (fewer at the start:
        the completed working days there are; bot/domain/forecast.py), per working day, times the
        `days_left` before the due date, is less than what the targets still need. Else BEHIND."""
        if completion is None or pace >= -ON_TRACK_POINTS:
            return Status.AHEAD if pace > ON_TRACK_POINTS else Status.ON_TRACK
        silent = row.sent is None or self.at - row.sent >= SILENCE
        reaches = sum(ts.remaining for ts in tasks) <= Fraction(row.recent, self._recent_workdays) * days_left
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
                done = self._rows[Assignee.unit(unit.code)].done.get(rule.task, 0)
                if done < rule.count:
                    out.append(RuleViolation(unit.code, rule.task, rule.count, done))
        return out
