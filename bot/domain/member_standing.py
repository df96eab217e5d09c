"""A standing's arithmetic (SPEC §2), shared by the progress book (bot/domain/progress.py) and one
member's standing computed alone (member_standing): every acknowledgement shows one member's standing,
which depends on that member's own sums, quotas and leave only, so it needs no book — no tree, no rows
for anyone else, no per-book caches (issue 8: report handling near the fair floor).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from bot.domain.book_rows import BookRow
from bot.domain.counting import Counted, counting_rule
from bot.domain.expected import expected_completion
from bot.domain.forecast import campaign_horizon
from bot.domain.model import Assignee, Campaign, Milestone
from bot.domain.reaching import Steps, held_since
from bot.domain.standing import Reach, Standing, Status, TaskStanding
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
    # task → the steps of the sum that counts (bot/domain/reaching.py): what the ranking's tie-break,
    # "earlier to reach it", is found on. None read (an acknowledgement's one-member book): no moment.
    steps: Mapping[str, Steps] = field(default_factory=dict)
    verified: Mapping[str, int] = field(default_factory=dict)  # task → verified sum
    verified_7_days: Mapping[str, int] = field(default_factory=dict)

    def counted(self, counts: Counted) -> tuple[Mapping[str, int], Mapping[str, int]]:
        """The totals and the recent sums of the number that counts."""
        if counts is Counted.VERIFIED:
            return self.verified, self.verified_7_days
        return self.totals, self.last_7_days


NOTHING = MemberActivity({})


def member_row(
    assignee: Assignee,
    activity: MemberActivity | None,
    counts: Counted,
    tasks: tuple[str, ...],
    quotas: Mapping[tuple[Assignee, str], int],
) -> BookRow:
    """A member's numbers as a book holds them."""
    act = activity or NOTHING
    done, recent = act.counted(counts)
    return BookRow(
        {t: done.get(t, 0) for t in tasks},
        {t: act.totals.get(t, 0) for t in tasks},
        {t: act.verified.get(t, 0) for t in tasks},
        {t: quotas.get((assignee, t), 0) for t in tasks},
        sum(recent.values()),
        act.last_report_at,
        {t: [act.steps[t]] if t in act.steps else [] for t in tasks},
    )


def reached(row: BookRow) -> datetime | None:
    """When the assignee reached its level (bot/domain/reaching.py): the latest over its tasks with a
    quota of since when min(counted sum, quota) has held its level; with no quota at all, the same of the sums."""
    quota = row.quota
    capped = any(quota.values())
    found = [held_since(parts, quota.get(t) if capped else None) for t, parts in row.steps.items()]
    latest = max((t for t in found if t is not None), default=None)
    return None if latest is None else datetime.fromtimestamp(latest, UTC)


def recent_workdays(campaign: Campaign, at: datetime) -> int:
    """The working days the recent sums (MemberActivity.last_7_days) are spread over: 5, or the
    completed working days since the start when fewer (at least 1)."""
    return max(1, campaign_horizon(campaign, at).window_days)  # the window ignores the end


def compute(
    a: Assignee,
    row: BookRow,
    tasks: tuple[str, ...],
    view: Milestone | None,
    expected: float,
    at: datetime,
    days: tuple[int, DaysLeft],
    recent_days: Callable[[], int],
) -> Standing:
    """`a`'s standing from its row against `view`, with `days` (the working days left for it and which
    words they call for); `recent_days` is asked only for an assignee behind (status)."""
    done, quota, reported, verified = row.done, row.quota, row.reported, row.verified
    days_left, left = days
    standings = []
    for t in tasks:
        if not quota[t] and not done[t] and not reported[t]:
            continue
        target = view.target(quota[t]) if view else quota[t]
        remaining = max(0, target - done[t])
        per_day = -(-remaining // days_left)
        standings.append(
            TaskStanding(t, done[t], quota[t], target, remaining, per_day, reported[t], verified[t], days_left, left)
        )
    total_quota = sum(quota.values())
    completion = sum(min(done[t], quota[t]) for t in quota) / total_quota if total_quota else None
    # Rounded so that exactly 5 points (0.65 − 0.60) is not 5.000000000000004 and "ahead".
    pace = round((completion - expected) * 100, 6) if completion is not None else 0.0
    return Standing(
        a,
        tuple(standings),
        completion,
        sum(done.values()),
        total_quota,
        expected,
        pace,
        status(row, completion, pace, standings, days_left, at, recent_days),
        view,
        all(ts.remaining == 0 for ts in standings),
        Reach(lambda: reached(row)),
        sum(reported.values()),
        sum(verified.values()),
    )


def status(
    row: BookRow,
    completion: float | None,
    pace: float,
    tasks: list[TaskStanding],
    days_left: int,
    at: datetime,
    recent_days: Callable[[], int],
) -> Status:
    """Ahead / on track within ±5 points of the expected curve. Under it, AT_RISK when the assignee
    is silent (no report for SILENCE) or the forecast at the recent rate does not reach the
    milestone's targets by its due date: what the last 5 working days hold (fewer at the start:
    the completed working days there are; bot/domain/forecast.py), per working day, times the
    `days_left` before the due date, is less than what the targets still need. Else BEHIND."""
    if completion is None or pace >= -ON_TRACK_POINTS:
        return Status.AHEAD if pace > ON_TRACK_POINTS else Status.ON_TRACK
    silent = row.sent is None or at - row.sent >= SILENCE
    # needed ≤ recent / window × days_left, in whole numbers (the window is at least 1 day): exact.
    reaches = sum(ts.remaining for ts in tasks) * recent_days() <= row.recent * days_left
    return Status.AT_RISK if silent or not reaches else Status.BEHIND


def days_for(clock: WorkingClock, at: datetime, view: Milestone | None, away: frozenset[date]) -> tuple[int, DaysLeft]:
    """The working days left for `view` (at least 1: what a per-day need is spread over) and which
    words they call for; 1 and DAYS when no milestone is in view."""
    if view is None:
        return 1, DaysLeft.DAYS
    return clock.days_left(at, view.due, away), clock.left(at, view.due, away)


def member_standing(
    campaign: Campaign,
    key: str,
    quotas: Mapping[tuple[Assignee, str], int],
    activity: MemberActivity | None,
    at: datetime,
    away: frozenset[date] = frozenset(),
    milestone: Milestone | None = None,
) -> Standing:
    """The member's standing against `milestone` (default: the next one still open) — what
    ProgressBook(...).standing(Assignee.member(key), milestone) gives — from their own sums
    (`activity`), quotas and leave (`away`: their dates off) alone."""
    a = Assignee.member(key)
    tasks = tuple(t.key for t in campaign.tasks)
    row = member_row(a, activity, counting_rule(campaign.verification).counts, tasks, quotas)
    view = milestone or campaign.next_milestone(at)
    days = days_for(WorkingClock(campaign), at, view, away)
    return compute(
        a, row, tasks, view, expected_completion(campaign, at), at, days, lambda: recent_workdays(campaign, at)
    )
