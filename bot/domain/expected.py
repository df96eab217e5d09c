"""Expected progress (SPEC §2): where a campaign should stand at a moment, over working time, and the
targets a milestone sets for given quotas. Pure functions shared by the progress book and the views.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from itertools import pairwise

from bot.domain.model import Campaign, Milestone
from bot.domain.workdays import WorkingClock


def expected_completion(campaign: Campaign, at: datetime) -> float:
    """Piecewise-linear through (start, 0), (due₁, p₁), …, (end, 1) over *working time*; clamped to [0, 1].

    Working time between two moments is the part of them that falls on working days of the
    campaign's calendar, in its time zone: each working day counts all its 24 hours, a rest day adds
    nothing (expected progress stands still over a holiday and moves on a 调休 Sunday). When the
    calendar is off every day works, so this is plain elapsed time. When no working time lies
    between two points at all, the expectation stays at the earlier one until the later one is due."""
    points = [(campaign.start, 0.0)]
    points += [(m.due, m.percent / 100) for m in campaign.milestones if campaign.start < m.due < campaign.end]
    points.append((campaign.end, 1.0))
    if at <= points[0][0]:
        return 0.0
    clock = WorkingClock(campaign)
    for (t0, p0), (t1, p1) in pairwise(points):
        if at <= t1:
            span = clock.seconds(t0, t1)
            if span > 0:
                return p0 + (p1 - p0) * (clock.seconds(t0, at) / span)
            return p1 if at >= t1 else p0
    return 1.0


def milestone_targets(milestone: Milestone, quotas_by_task: Mapping[str, int]) -> dict[str, int]:
    return {task: milestone.target(q) for task, q in quotas_by_task.items()}
