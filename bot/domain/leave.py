"""Leave (请假, issue 11 §2): a member away for whole campaign-local days, and the rules a leave obeys.

Pure: dates in, a Leave or a DomainError (a catalogue key) out. A leave is whole days, first to last
inclusive, in the campaign's own calendar. No reason is ever asked for or kept: only the dates.

Overlaps are merged, not refused: a second `/leave` that overlaps or touches a leave of the same member
replaces both by their union ("extend my leave to the 20th" is the common case, and a refusal would
make the member end the old leave first). The union obeys the same rules as a new leave.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.days import in_campaign, written_day
from bot.domain.errors import DomainError
from bot.domain.model import Campaign

MAX_DAYS = 60  # one leave at most this many calendar days: longer is a roster change, not a leave


@dataclass(frozen=True, slots=True)
class Leave:
    """Away from `first` to `last`, both inclusive (campaign-local dates)."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def covers(self, day: date) -> bool:
        """On leave at `day`."""
        return self.first <= day <= self.last

    def dates_within(self, start: date, end: date) -> frozenset[date]:
        """The days of this leave between `start` and `end` inclusive (the campaign's days, say)."""
        lo, hi = max(self.first, start), min(self.last, end)
        return frozenset(lo + timedelta(days=i) for i in range((hi - lo).days + 1)) if lo <= hi else frozenset()

    def touches(self, other: Leave) -> bool:
        """Overlapping or back to back: the two read as one absence."""
        return self.first <= other.last + timedelta(days=1) and other.first <= self.last + timedelta(days=1)


def check(leave: Leave, today: date, campaign_first: date, campaign_last: date) -> None:
    """Refuse a leave that cannot be meant: backwards, over already, outside the campaign, too long."""
    if leave.last < leave.first:
        raise DomainError("leave.backwards")
    if leave.last < today:
        raise DomainError("leave.past")
    if leave.last < campaign_first or leave.first > campaign_last:
        raise DomainError("leave.outside")
    if leave.days > MAX_DAYS:
        raise DomainError("leave.too_long", days=MAX_DAYS)


def check_own(leave: Leave, today: date, judged: Iterable[date] = ()) -> None:
    """A member's own leave begins today at the earliest, and after today's checkpoint once it is due
    (`judged`: the days of the checkpoints already due). Leave leaves out the checkpoints of its days, so
    one declared afterwards over a judged checkpoint would erase the member's own warning: that is a
    leader's to record (in scope), not the member's to declare."""
    if leave.first < today:
        raise DomainError("leave.own_past")
    if any(leave.covers(day) for day in judged):
        raise DomainError("leave.own_judged")


def campaign_days(campaign: Campaign) -> tuple[date, date]:
    """The campaign's first and last day, in its own time zone."""
    zone = ZoneInfo(campaign.timezone)
    return campaign.start.astimezone(zone).date(), campaign.end.astimezone(zone).date()


def within_campaign(leave: Leave, campaign_first: date, campaign_last: date) -> Leave:
    """The part of a leave the campaign has: only its days are leave that matters (and counted); a leave
    that does not meet the campaign at all is left as it is, for `check` to refuse."""
    first, last = max(leave.first, campaign_first), min(leave.last, campaign_last)
    return Leave(first, last) if first <= last else leave


def merged(new: Leave, existing: Iterable[Leave]) -> tuple[Leave, list[Leave]]:
    """The leave to keep (the union of `new` and every existing leave it touches, transitively) and the
    existing leaves it replaces."""
    union, replaced, rest = new, [], list(existing)
    grew = True
    while grew:
        grew = False
        for other in list(rest):
            if union.touches(other):
                union = Leave(min(union.first, other.first), max(union.last, other.last))
                replaced.append(other)
                rest.remove(other)
                grew = True
    return union, replaced


def ended_early(leave: Leave, today: date) -> Leave | None:
    """`/leave off` on `today`: today is the last day of a leave under way; a leave not yet begun is
    called off altogether (None)."""
    if today < leave.first:
        return None
    return Leave(leave.first, min(leave.last, today))


def away_dates(leaves: Iterable[Leave], start: date, end: date) -> frozenset[date]:
    """Every day between `start` and `end` the member is on leave."""
    out: set[date] = set()
    for leave in leaves:
        out |= leave.dates_within(start, end)
    return frozenset(out)


Away = Mapping[str, frozenset[date]]  # member key → the campaign days they are on leave


def expected_on(away: Away, member_key: str, day: date) -> bool:
    """Who is expected on day D — the one rule: a member is expected to work, to report and to be judged
    on every day they are not on leave. Reminders, the people a unit's quota is shared by, the stored
    checkpoint evaluation and the warnings all ask this."""
    return day not in away.get(member_key, frozenset())


def checkpoint_day(due: datetime, zone: str) -> date:
    """The day a checkpoint judges, for leave: the date of its due time in the campaign's zone."""
    return due.astimezone(ZoneInfo(zone)).date()


def parse_day(text: str, campaign_first: date, campaign_last: date) -> date:
    """A day as typed (bot/domain/days.py); without its year, the year that puts it in the campaign."""
    written = written_day(text)
    day = in_campaign(written, campaign_first, campaign_last) if written is not None else None
    if day is None:
        raise DomainError("leave.bad_date", text=text)
    return day
