"""Conversions between domain values and SQLite columns."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo


def to_ts(value: datetime) -> int:
    """Aware datetime → unix seconds. Naive datetimes are a bug upstream: refuse them loudly."""
    if value.tzinfo is None:
        raise ValueError("naive datetime reached storage")
    return int(value.timestamp())


def from_ts(value: int, tz: str | ZoneInfo = "UTC") -> datetime:
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return datetime.fromtimestamp(value, UTC).astimezone(zone)


def time_to_str(value: time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def str_to_time(value: str | None) -> time | None:
    if not value:
        return None
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))
