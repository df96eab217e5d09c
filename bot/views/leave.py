"""Leave (请假): the replies to /leave, and the "on leave until" line leaders see in the lists a member
on leave is left out of (/laggards, the missed list)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bot.domain.leave import Leave
from bot.domain.model import Campaign
from bot.texts import t, th
from bot.views.acks import task_counts
from bot.views.dates import day_text
from bot.views.names import joined


def _span(lang: str, leave: Leave) -> dict[str, object]:
    return {"first": day_text(lang, leave.first), "last": day_text(lang, leave.last), "days": leave.days}


def set_reply(lang: str, name: str, leave: Leave, *, own: bool, clipped: bool = False) -> str:
    """已登记请假 12月10日 至 12月15日 — for oneself, or for a member named; `clipped`: asked past the
    campaign's end, which is the leave's last day now."""
    if own:
        text = th(lang, "leave.set_own", **_span(lang, leave))
    else:
        text = th(lang, "leave.set_for", name=name, **_span(lang, leave))
    return text + th(lang, "leave.clipped", last=day_text(lang, leave.last)) if clipped else text


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


def own_line(lang: str, leave: Leave) -> str:
    """/me: one's own leave under way or coming — 请假：12月10日 至 12月15日."""
    return th(lang, "leave.own_line", **_span(lang, leave))


def away_lines(lang: str, away: Sequence[tuple[str, date]]) -> list[str]:
    """Members left out of a list while on leave: 张三 · 请假至 12月15日."""
    return [th(lang, "leave.away_line", name=name, last=day_text(lang, last)) for name, last in away]


def resplit_offer(
    lang: str,
    campaign: Campaign,
    name: str,
    leave: Leave,
    workdays: int,
    handed: Mapping[str, int],
    takers: Sequence[str],
) -> str:
    """The leader's private offer: who is away how long, what is left, who would take it over."""
    return th(
        lang,
        "resplit.offer",
        name=name,
        workdays=workdays,
        items=task_counts(lang, campaign, _in_order(campaign, handed)),
        takers=joined(lang, takers),
        **_span(lang, leave),
    )


def resplit_button(lang: str) -> str:
    return th(lang, "resplit.button")


def resplit_done(lang: str, campaign: Campaign, name: str, gains: Mapping[str, Mapping[str, int]]) -> str:
    """After the press: what each took over."""
    lines = [th(lang, "resplit.done_header", name=name)]
    lines += [
        th(
            lang,
            "resplit.done_line",
            name=taker,
            items=task_counts(lang, campaign, _in_order(campaign, tasks), signed=True),
        )
        for taker, tasks in gains.items()
    ]
    return "\n".join(lines)


def _in_order(campaign: Campaign, counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Tasks as the plan lists them."""
    return [(t.key, counts[t.key]) for t in campaign.tasks if t.key in counts]


def told(lang: str, by: str | None, change: str, leave: Leave) -> str:
    """To the member, privately: a leader set (`set`), ended (`ended`) or called off (`cancelled`) their leave."""
    who = th(lang, "leave.told_by", name=by) if by is not None else th(lang, "leave.told_by_someone")
    return t(lang, f"leave.told_{change}", by=who, **_span(lang, leave))
