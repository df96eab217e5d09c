"""When things happen (SPEC §5, §3.3) — pure, no I/O.

Events are derived from the campaign every time they are needed, never stored: the database
(campaign, milestones) is the only source of truth, so moving a milestone or cancelling a
campaign reschedules by construction. Each event has a stable identity that, with a recipient,
forms the notification key that makes sending at-most-once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.model import Campaign, Milestone, RestDays
from bot.domain.workdays import WorkCalendar

QuietHours = tuple[time, time] | None


class Kind(enum.StrEnum):
    REMINDER = "reminder"  # cadre reminders + leader digests, before a milestone
    CHECKPOINT = "checkpoint"  # after a milestone's due: checkpoint bulletin + who missed
    DAILY = "daily"  # the daily bulletin
    FINAL = "final"  # after the deadline: the final summary bulletin that closes the campaign
    NUDGE = "nudge"  # the evening nudge to cadres behind who sent nothing that day (reminders.nudge_at)


@dataclass(frozen=True, slots=True)
class Event:
    kind: Kind
    at: datetime  # when it should go out (after quiet-hours deferral), aware
    local_date: date  # the campaign-local date it belongs to (part of its identity)
    milestone: Milestone | None = None

    @property
    def percent(self) -> int | None:
        return self.milestone.percent if self.milestone else None

    def key(self, campaign_id: int, recipient: str, kind: str | None = None) -> str:
        """(campaign, kind, milestone, recipient, due date): unique per notification (SPEC §5)."""
        percent = "-" if self.percent is None else str(self.percent)
        return f"{campaign_id}:{kind or self.kind.value}:{percent}:{recipient}:{self.local_date.isoformat()}"


def in_quiet_hours(local: time, quiet: QuietHours) -> bool:
    if quiet is None:
        return False
    start, end = quiet
    if start <= end:
        return start <= local < end
    return local >= start or local < end  # wraps midnight, e.g. 21:00-08:00


def defer_quiet(at: datetime, quiet: QuietHours) -> datetime:
    """Move a moment inside quiet hours to their end (the same or the next local day)."""
    if at.tzinfo is None:
        raise ValueError("naive datetime")
    if quiet is None or not in_quiet_hours(at.timetz().replace(tzinfo=None), quiet):
        return at
    end = at.replace(hour=quiet[1].hour, minute=quiet[1].minute, second=0, microsecond=0)
    return end if end > at else end + timedelta(days=1)


def plan_events(campaign: Campaign, quiet: QuietHours) -> list[Event]:
    """Every event of the campaign, in time order. Empty for a cancelled campaign."""
    if campaign.cancelled:
        return []
    tz = ZoneInfo(campaign.timezone)
    calendar = WorkCalendar(campaign.calendar)
    events = reminder_events(campaign, quiet, calendar)
    for milestone in campaign.milestones:  # a deadline is a deadline: never moved for a rest day
        due_local = milestone.due.astimezone(tz)
        events.append(Event(Kind.CHECKPOINT, defer_quiet(due_local, quiet), due_local.date(), milestone))
    daily_at = campaign.bulletin.daily_at
    if daily_at is not None:
        # A group gets one bulletin a day: on the day a checkpoint bulletin is posted, it replaces the daily one.
        checkpoint_days = {e.at.astimezone(tz).date() for e in events if e.kind is Kind.CHECKPOINT}
        day = campaign.start.astimezone(tz).date()
        last = campaign.end.astimezone(tz).date()
        while day <= last:
            nominal = datetime.combine(day, daily_at, tzinfo=tz)
            at = defer_quiet(nominal, quiet)
            resting = campaign.bulletin.rest_days is RestDays.SKIP and not calendar.is_workday(day)
            within = campaign.start <= nominal <= campaign.end
            if within and not resting and at.astimezone(tz).date() not in checkpoint_days:
                events.append(Event(Kind.DAILY, at, day))
            day += timedelta(days=1)
    events.append(final_event(campaign, quiet))
    events += nudge_events(campaign, quiet, calendar)
    return sorted(events, key=lambda e: (e.at, e.kind.value))


def reminder_events(campaign: Campaign, quiet: QuietHours, calendar: WorkCalendar) -> list[Event]:
    """The reminders before each milestone (they carry the leaders' digests). One whose day is a rest
    day follows `reminders.rest_days`: `previous` moves it to the nearest working day before, same
    time — never before the campaign starts (then it is dropped) — and drops it when another
    reminder of the campaign is already at that moment (each is one message per person, so a moved
    0-day reminder on the 1-day one's Friday is sent once); `skip` drops it; `send` keeps it."""
    tz, rest = ZoneInfo(campaign.timezone), campaign.reminders.rest_days
    kept: list[Event] = []
    moved: list[Event] = []
    for milestone in campaign.milestones:
        due_local = milestone.due.astimezone(tz)
        for days in campaign.reminders.days_before:
            day = due_local.date() - timedelta(days=days)
            nominal = datetime.combine(day, campaign.reminders.at, tzinfo=tz)
            if nominal > milestone.due or nominal < campaign.start:
                continue
            if rest is RestDays.SEND or calendar.is_workday(day):
                kept.append(Event(Kind.REMINDER, defer_quiet(nominal, quiet), day, milestone))
                continue
            earlier = calendar.previous_workday(day) if rest is RestDays.PREVIOUS else None
            if earlier is None:
                continue
            nominal = datetime.combine(earlier, campaign.reminders.at, tzinfo=tz)
            if nominal >= campaign.start:
                moved.append(Event(Kind.REMINDER, defer_quiet(nominal, quiet), earlier, milestone))
    taken = {e.at for e in kept}
    for event in moved:  # in milestone order: the nearest milestone's reminder wins a shared moment
        if event.at not in taken:
            taken.add(event.at)
            kept.append(event)
    return kept


def final_event(campaign: Campaign, quiet: QuietHours) -> Event:
    """The final summary bulletin, once, at the deadline (SPEC §3.3). It is the group's bulletin of
    that moment: the checkpoint of a milestone due then posts no bulletin of its own (closes_campaign)."""
    return Event(
        Kind.FINAL, defer_quiet(campaign.end, quiet), campaign.end.astimezone(ZoneInfo(campaign.timezone)).date()
    )


def closes_campaign(campaign: Campaign, milestone: Milestone) -> bool:
    """A milestone due at the deadline: the final summary bulletin replaces its checkpoint bulletin."""
    return milestone.due >= campaign.end


def nudge_events(campaign: Campaign, quiet: QuietHours, calendar: WorkCalendar) -> list[Event]:
    """One evening nudge a day while the campaign runs, when it enables one (`reminders.nudge_at`).
    Quiet hours defer it as they defer every send, but only within its day: a nudge is about that
    day, so one they would push into the next morning is not planned at all. None on rest days
    (nobody is expected to work then) unless `reminders.rest_days: send`."""
    nudge_at = campaign.reminders.nudge_at
    if nudge_at is None:
        return []
    every_day = campaign.reminders.rest_days is RestDays.SEND
    tz, events = ZoneInfo(campaign.timezone), []
    day, last = campaign.start.astimezone(tz).date(), campaign.end.astimezone(tz).date()
    while day <= last:
        nominal = datetime.combine(day, nudge_at, tzinfo=tz)
        at = defer_quiet(nominal, quiet)
        working = every_day or calendar.is_workday(day)
        if working and campaign.start <= nominal <= campaign.end and at.astimezone(tz).date() == day:
            events.append(Event(Kind.NUDGE, at, day))
        day += timedelta(days=1)
    return events
