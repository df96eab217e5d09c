"""How dates read: a milestone's day (12月5日 / 05 Dec), with its time for reminders, and the
timestamps of bulletins, notices and file names — each in the campaign's time zone where it has one,
so bulletins, replies and the scheduler say the same date the same way."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.model import Campaign


def _local(campaign: Campaign, when: datetime) -> datetime:
    return when.astimezone(ZoneInfo(campaign.timezone))


def day_text(lang: str, day: date) -> str:
    """A local calendar day, as an acknowledgement names the day work was done: 11月29日 / 29 Nov."""
    return f"{day.month}月{day.day}日" if lang == "zh" else day.strftime("%d %b")


def due_text(campaign: Campaign, lang: str, when: datetime) -> str:
    """A milestone's day: 12月5日 / 05 Dec."""
    return day_text(lang, _local(campaign, when))


def due_time(campaign: Campaign, lang: str, when: datetime) -> str:
    """A milestone's day and time, as reminders and digests name it: 12月5日 18:00 / 05 Dec 18:00."""
    local = _local(campaign, when)
    return f"{day_text(lang, local)} {local:%H:%M}"


def moment(campaign: Campaign, when: datetime) -> str:
    """When a bulletin was drawn up: 2026-12-05 18:00."""
    return f"{_local(campaign, when):%Y-%m-%d %H:%M}"


def short_moment(campaign: Campaign, when: datetime) -> str:
    """When a notification was due, in a digest's list of problems: 12-05 18:00."""
    return f"{_local(campaign, when):%m-%d %H:%M}"


def plan_moment(when: datetime) -> str:
    """A plan's start or end as the plan file wrote it (already in the plan's zone): 2026-12-05 18:00."""
    return f"{when:%Y-%m-%d %H:%M}"


def file_stamp(when: datetime) -> str:
    """The time part of an exported file's name: 20261205-1800."""
    return f"{when:%Y%m%d-%H%M}"
