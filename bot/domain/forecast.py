"""The forecast (issue 11 §3): per assignee and task, where the work is heading at its own pace.

Input: the counting number (bot/domain/counting.py) per day the work was done, the campaign's working
calendar, its first day, its last day and today. The rules, in working days (workdays.py):

- **Only completed days are rates.** Today is in progress (a day with one report of two so far would
  count as a slow day), so rates are taken over the working days from the start up to yesterday.
  What is dated today is in the total the projection starts from.
- **Run-rate**: everything done before today / the working days completed since the start.
- **Recent rate**: what was done from the first of the last 5 completed working days up to yesterday
  (work on a rest day between them counts too) / those 5 working days (fewer at the start: all there are).
- **Projection**: total + recent rate × the working days after today up to the date (the next
  milestone's due date, the campaign's last day), rounded down: a target is never shown as reached
  before it is.
- **Reach date**: the k-th working day after today, k = ⌈what the target still needs / recent rate⌉;
  late (or early, negative) by k − the working days after today up to the due date. None at rate 0,
  or when it falls after the campaign's last day.
- **Too early**: fewer than 3 completed working days since the start, no forecast (TooEarly).

Rates are exact fractions, so a table checked by hand is checked exactly.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from functools import lru_cache
from math import ceil, floor
from zoneinfo import ZoneInfo

from bot.domain.model import CalendarSpec, Campaign
from bot.domain.workdays import WorkCalendar

RECENT_WORKDAYS = 5  # the recent rate's window
MIN_DATA_WORKDAYS = 3  # no forecast before this many completed working days


def workdays_after(calendar: WorkCalendar, today: date, until: date) -> int:
    """Working days after `today` up to and including `until` (0 when `until` is not after today)."""
    return 0 if until <= today else calendar.count_workdays(date.fromordinal(today.toordinal() + 1), until)


@dataclass(frozen=True, slots=True)
class Horizon:
    """What every forecast of one campaign on one day shares, computed once (a county's digest makes
    thousands of forecasts): the completed working days, the recent window, the working days ahead."""

    today: date
    elapsed: int  # completed working days since the start (today excluded)
    window_first: date | None  # the first day of the recent window; None: no completed working day
    window_days: int  # working days in the recent window (5, fewer at the start)
    ahead: tuple[date, ...]  # the working days after today up to the campaign's last day

    @classmethod
    def build(cls, calendar: WorkCalendar, start: date, end: date, today: date) -> Horizon:
        yesterday = date.fromordinal(today.toordinal() - 1)
        done_days = calendar.workdays(start, yesterday)
        window = done_days[-RECENT_WORKDAYS:]
        ahead = calendar.workdays(max(start, date.fromordinal(today.toordinal() + 1)), end)
        return cls(today, len(done_days), window[0] if window else None, len(window), tuple(ahead))

    def ahead_until(self, day: date) -> int:
        """Working days after today up to and including `day`, within the campaign."""
        return bisect_right(self.ahead, day)


def last_day(campaign: Campaign, due: datetime) -> date:
    """The last local day whose work counts by `due`: a due at midnight closes the day before."""
    return (due - timedelta(microseconds=1)).astimezone(ZoneInfo(campaign.timezone)).date()


def campaign_horizon(campaign: Campaign, at: datetime) -> Horizon:
    """The Horizon of `campaign` on `at`'s local day, in its working calendar."""
    zone = ZoneInfo(campaign.timezone)
    first, today = campaign.start.astimezone(zone).date(), at.astimezone(zone).date()
    return _horizon(campaign.calendar, first, last_day(campaign, campaign.end), today)


@lru_cache(maxsize=256)
def _horizon(calendar: CalendarSpec, first: date, last: date, today: date) -> Horizon:
    """Built once per calendar, span and day: every typed report's acknowledgement asks for its
    campaign's horizon twice (recent_since, ProgressBook's recent window), each a walk over the
    campaign's days. Kept by value (a Horizon is immutable): a plan that changes its calendar or its
    dates, or the next day, is a key of its own, never a stale answer."""
    return Horizon.build(WorkCalendar(calendar), first, last, today)


def recent_since(campaign: Campaign, at: datetime) -> datetime:
    """When the recent sums start (what ProgressBook's at-risk rule spreads over the recent window):
    local midnight of the first of the last 5 completed working days, the campaign's start when no
    working day is complete yet."""
    first = campaign_horizon(campaign, at).window_first
    zone = ZoneInfo(campaign.timezone)
    if first is None:
        return campaign.start.astimezone(zone)  # in the campaign's zone: the recent sums count by its days
    return datetime.combine(first, datetime.min.time(), zone)


@dataclass(frozen=True, slots=True)
class TooEarly:
    """Fewer than MIN_DATA_WORKDAYS completed working days since the start: no forecast yet."""

    days: int


@dataclass(frozen=True, slots=True)
class TaskForecast:
    quota: int
    done: int  # everything counted so far, today's work included
    run_rate: Fraction  # per working day since the start
    recent_rate: Fraction  # per working day over the recent window
    percent: int | None  # the next milestone's percent; None: no milestone left
    due: date | None  # its due date (local)
    target: int | None  # what it asks of this quota
    at_due: int | None  # projected total on the due date at the recent rate
    at_end: int  # projected total on the campaign's last day
    reach: date | None  # when the target is reached at the recent rate; None: never, or after the end
    late: int  # working days after the due date (negative: before it); 0 when reach is None

    @property
    def met(self) -> bool:
        return self.target is not None and self.done >= self.target

    @property
    def share_at_due(self) -> float | None:
        return self.at_due / self.quota if self.at_due is not None and self.quota else None

    @property
    def share_at_end(self) -> float | None:
        return self.at_end / self.quota if self.quota else None


Forecast = TaskForecast | TooEarly


@dataclass(frozen=True, slots=True)
class Sums:
    """All a forecast needs of a series, as of one day: summed per member in SQL and added up per
    unit without keeping a day's detail (bot/storage/series.py)."""

    done: int = 0  # everything dated up to today
    before: int = 0  # … dated before today
    recent: int = 0  # … in the recent window (its first day up to yesterday)

    def __add__(self, other: Sums) -> Sums:
        return Sums(self.done + other.done, self.before + other.before, self.recent + other.recent)


def sums_of(series: Mapping[date, int], horizon: Horizon) -> Sums:
    """The Sums of a daily series: a day after today (a series read for a later day) is left out."""
    today, first = horizon.today, horizon.window_first
    done = before = recent = 0
    for day, amount in series.items():
        if day > today:
            continue
        done += amount
        if day < today:
            before += amount
            if first is not None and day >= first:
                recent += amount
    return Sums(done, before, recent)


def forecast(
    series: Mapping[date, int], *, quota: int, percent: int | None, due: date | None, horizon: Horizon
) -> Forecast:
    """The forecast of one assignee's task: `series` is the counting number per work date, `percent`
    and `due` the next milestone (None after the last), `quota` the assignee's quota of the task."""
    return forecast_sums(sums_of(series, horizon), quota=quota, percent=percent, due=due, horizon=horizon)


def forecast_sums(sums: Sums, *, quota: int, percent: int | None, due: date | None, horizon: Horizon) -> Forecast:
    """forecast() from the series' Sums."""
    if horizon.elapsed < MIN_DATA_WORKDAYS:
        return TooEarly(horizon.elapsed)
    done = sums.done
    run_rate = Fraction(sums.before, horizon.elapsed)
    rate = Fraction(sums.recent, horizon.window_days)
    target = -(-percent * quota // 100) if percent is not None else None
    at_due = floor(done + rate * horizon.ahead_until(due)) if due is not None else None
    at_end = floor(done + rate * len(horizon.ahead))
    reach, late = None, 0
    if target is not None and due is not None and done < target and rate > 0:
        needed = ceil((target - done) / rate)
        if needed <= len(horizon.ahead):
            reach, late = horizon.ahead[needed - 1], needed - horizon.ahead_until(due)
    return TaskForecast(quota, done, run_rate, rate, percent, due, target, at_due, at_end, reach, late)
