"""How an anomaly flag reads (issue 11 §4): one ⚠ line per reason under a report in /verify, and the
reasons' short names for the export's 异常 column. Shown to leaders only, never in a group."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.anomalies import Flag, Reason
from bot.domain.model import Campaign
from bot.texts import t, th
from bot.views.dates import day_text, due_time, short_moment


def _median(value: float) -> str:
    """A median of whole counts is whole or half: 3, 3.5."""
    return f"{value:g}"


def flag_line(lang: str, campaign: Campaign, flag: Flag) -> str:
    """⚠ 单日数量异常（本人日中位数 3，11月25日 共 15） / ⚠ 深夜上报 23:40 …"""
    key = f"flags.{flag.reason.value}"
    if flag.reason is Reason.SPIKE:
        day = day_text(lang, flag.day) if flag.day else ""
        return th(lang, key, median=_median(flag.baseline), day=day, total=flag.figure)
    if flag.reason is Reason.LAST_MINUTE:
        due = due_time(campaign, lang, flag.when) if flag.when else ""
        return th(lang, key, percent=flag.figure, due=due)
    if flag.reason is Reason.OVER_QUOTA:
        return th(lang, key, percent=flag.figure)
    if flag.reason is Reason.NIGHT:
        return th(lang, key, time=short_moment(campaign, flag.when)[-5:] if flag.when else "")
    return th(lang, key, number=flag.figure, days=int(flag.baseline))


def flag_lines(lang: str, campaign: Campaign, flags: Sequence[Flag]) -> list[str]:
    return [flag_line(lang, campaign, f) for f in flags]


def reason_names(lang: str, flags: Sequence[Flag]) -> str:
    """The export's cell: each reason once, by its short name, in the reader's language (plain text)."""
    seen = list(dict.fromkeys(f.reason for f in flags))
    return t(lang, "views.list_sep").join(t(lang, f"flags.code.{r.value}") for r in seen)
