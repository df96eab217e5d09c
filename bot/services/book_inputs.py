"""What a progress book is built from, out of the rows storage gives: each member's activity from the
per member-task aggregates, and who is on leave (ProgressService, bot/services/progress.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.leave import Leave, away_dates
from bot.domain.model import Campaign
from bot.domain.progress import MemberActivity
from bot.domain.reaching import NO_STEPS, Steps
from bot.storage.ledger import Aggregate


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None or (b is not None and b > a) else a


def activity_of(aggregates: Iterable[Aggregate], keys: dict[int, str]) -> dict[str, MemberActivity]:
    """Per member key, the activity a ProgressBook reads, from the per member-task aggregates; members
    not in `keys` are left out."""
    totals: dict[str, dict[str, int]] = {}
    recent: dict[str, dict[str, int]] = {}
    verified: dict[str, dict[str, int]] = {}
    verified_recent: dict[str, dict[str, int]] = {}
    steps: dict[str, dict[str, Steps]] = {}
    sent: dict[str, datetime | None] = {}  # per member, the latest report over their tasks
    for a in aggregates:
        key = keys.get(a.member_id)
        if key is None:  # not in this book (a one-member book, or not on any roster of the campaign)
            continue
        totals.setdefault(key, {})[a.task] = a.total
        recent.setdefault(key, {})[a.task] = a.recent
        verified.setdefault(key, {})[a.task] = a.verified
        verified_recent.setdefault(key, {})[a.task] = a.verified_recent
        sent[key] = _later(sent.get(key), a.sent_at)
        if a.steps is not NO_STEPS:  # not looked into here: only a ranking does (Steps)
            steps.setdefault(key, {})[a.task] = a.steps
    return {
        key: MemberActivity(
            totals=totals[key],
            last_7_days=recent.get(key, {}),
            last_report_at=sent[key],
            steps=steps.get(key, {}),
            verified=verified.get(key, {}),
            verified_7_days=verified_recent.get(key, {}),
        )
        for key in totals
    }


def away_of(
    campaign: Campaign, at: datetime, leaves: Mapping[str, Iterable[Leave]]
) -> tuple[dict[str, date], dict[str, frozenset[date]]]:
    """Per member key: the last day of the leave they are on at `at` (when on leave), and every
    campaign day they are on leave (what ProgressBook spreads the per-day need over)."""
    zone = ZoneInfo(campaign.timezone)
    today = at.astimezone(zone).date()
    first, last = campaign.start.astimezone(zone).date(), campaign.end.astimezone(zone).date()
    now_away: dict[str, date] = {}
    dates: dict[str, frozenset[date]] = {}
    for key, theirs in leaves.items():
        theirs = list(theirs)
        dates[key] = away_dates(theirs, first, last)
        if (current := next((lv for lv in theirs if lv.covers(today)), None)) is not None:
            now_away[key] = current.last
    return now_away, {k: v for k, v in dates.items() if v}
