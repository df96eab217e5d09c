"""The forecast as people read it (issue 11 §3): /me, /progress, leaders' digests.

"按近5个工作日的速度，12月5日可达 48%，60%目标约在 12月8日 达成（晚 3 个工作日），截止时约 85%": the
projection at the next milestone's due date, when its target is reached (late or early in working
days), and the projection at the end when that is a later date. Shares are rounded down, as the
projections are: a forecast never shows a target reached before it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import floor

from bot.domain.forecast import Forecast, TaskForecast, TooEarly
from bot.domain.model import Campaign
from bot.texts import t, th
from bot.views.dates import day_text
from bot.views.numbers import whole_pct


def _share(share: float | None) -> str:
    return whole_pct(floor((share or 0.0) * 100))


def _reach(lang: str, f: TaskForecast) -> str:
    if f.met:
        return t(lang, "forecast.met", percent=f.percent)
    if f.reach is None:
        return t(lang, "forecast.reach_never", percent=f.percent)
    day = day_text(lang, f.reach)
    if f.late == 0:
        return t(lang, "forecast.reach_on_time", percent=f.percent, day=day)
    which = "late" if f.late > 0 else "early"
    one = "_one" if abs(f.late) == 1 else ""
    return t(lang, f"forecast.reach_{which}{one}", percent=f.percent, day=day, days=abs(f.late))


def _at_end(lang: str, f: TaskForecast) -> str:
    # A projection past the whole quota reads as "all done": "截止时约 459%" looked like a fault.
    if (f.share_at_end or 0.0) >= 1:
        return t(lang, "forecast.at_end_full")
    return t(lang, "forecast.at_end", share=_share(f.share_at_end))


def body(lang: str, f: TaskForecast) -> str:
    """The clauses of one task's forecast, without the pace they are at."""
    if f.due is None or f.percent is None:  # no milestone left: only the end
        return _at_end(lang, f)
    full = (f.share_at_due or 0.0) >= 1
    due = day_text(lang, f.due)
    at_due = (
        t(lang, "forecast.at_due_full", due=due)
        if full
        else t(lang, "forecast.at_due", due=due, share=_share(f.share_at_due))
    )
    if f.percent == 100 or f.at_end == f.at_due:  # the last milestone is the end
        return t(lang, "forecast.clauses", first=at_due, second=_reach(lang, f))
    at_end = _at_end(lang, f)
    return t(lang, "forecast.clauses3", first=at_due, second=_reach(lang, f), third=at_end)


def lines(lang: str, campaign: Campaign, rows: Sequence[tuple[str, Forecast]]) -> list[str]:
    """An assignee's forecast: one line for one task, a heading and a line per task for more;
    "too early" once when there is not enough data yet; nothing without a quota to forecast."""
    if not rows:
        return []
    if any(isinstance(f, TooEarly) for _, f in rows):
        return [t(lang, "forecast.too_early")]
    pace = t(lang, "forecast.pace")
    shown = [(task, f) for task, f in rows if isinstance(f, TaskForecast)]
    if len(shown) == 1:
        return [t(lang, "forecast.single", pace=pace, body=body(lang, shown[0][1]))]
    out = [t(lang, "forecast.header", pace=pace)]
    out += [th(lang, "forecast.task", task=campaign.task_name(task), body=body(lang, f)) for task, f in shown]
    return out
