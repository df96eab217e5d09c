"""Leave (请假): the replies to /leave, and the "on leave until" line leaders see in the lists a member
on leave is left out of (/laggards, the missed list)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain.leave import Leave
from bot.texts import th
from bot.views.dates import day_text


def _span(lang: str, leave: Leave) -> dict[str, object]:
    return {"first": day_text(lang, leave.first), "last": day_text(lang, leave.last), "days": leave.days}


def set_reply(lang: str, name: str, leave: Leave, *, own: bool) -> str:
    """已登记请假 12月10日 至 12月15日 — for oneself, or for a member named."""
    if own:
        return th(lang, "leave.set_own", **_span(lang, leave))
    return th(lang, "leave.set_for", name=name, **_span(lang, leave))


def ended_reply(lang: str, name: str, leave: Leave | None, *, own: bool) -> str:
    """/leave off: today is the last day, or a leave not yet begun is called off."""
    if leave is None:
        return th(lang, "leave.cancelled_own" if own else "leave.cancelled_for", name=name)
    return th(lang, "leave.ended_own" if own else "leave.ended_for", name=name, last=day_text(lang, leave.last))


def listing(lang: str, entries: Sequence[tuple[str, Leave]]) -> str:
    """/leave alone: current and upcoming leave, earliest first."""
    if not entries:
        return th(lang, "leave.list_empty")
    lines = [th(lang, "leave.list_header")]
    lines += [th(lang, "leave.list_line", name=name, **_span(lang, leave)) for name, leave in entries]
    return "\n".join(lines)


def away_lines(lang: str, away: Sequence[tuple[str, date]]) -> list[str]:
    """Members left out of a list while on leave: 张三 · 请假至 12月15日."""
    return [th(lang, "leave.away_line", name=name, last=day_text(lang, last)) for name, last in away]
