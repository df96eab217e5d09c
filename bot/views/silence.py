"""Who has not reported: the section of /laggards and the list /silent [N] sends (SPEC §5). Names and
counts only, in the language's list style; a long list is split below Telegram's limit."""

from __future__ import annotations

import html
from collections.abc import Sequence
from itertools import groupby

from bot.domain.laggards import SILENT_DAYS, Silent
from bot.domain.tree import OrgTree
from bot.texts import t, th
from bot.views.names import joined
from bot.views.sizing import chunks

MAX_NAMES = 30  # per line of the /laggards section; /silent lists everyone
NAMES_PER_LINE = 40  # /silent: 40 names with their marks stay far below a message's limit


def section(lang: str, tree: OrgTree, silent: Sequence[Silent]) -> list[str]:
    """Two lines under /laggards: no report today, and none for SILENT_DAYS days or more in a row."""
    if not silent:
        return [th(lang, "views.silent_none_today")]
    long_silent = [s for s in silent if s.days >= SILENT_DAYS]
    lines = [t(lang, "views.silent_today", count=len(silent), names=_names(lang, tree, silent))]
    if long_silent:
        names = _names(lang, tree, long_silent)
        lines.append(t(lang, "views.silent_days", days=SILENT_DAYS, count=len(long_silent), names=names))
    return lines


def silent_list(lang: str, tree: OrgTree, unit_code: str, at_least: int, silent: Sequence[Silent]) -> list[str]:
    """/silent [N]: everyone in scope silent for at least N days, one line per unit, each name with its
    days in a row (or "never reported", or "not joined": they cannot report before they join)."""
    unit = html.escape(tree.unit(unit_code).name)
    if at_least <= 1:
        lines = [t(lang, "views.silent_header_today", unit=unit, count=len(silent))]
    else:
        lines = [t(lang, "views.silent_header", unit=unit, days=at_least, count=len(silent))]
    for code, group in groupby(silent, key=lambda s: s.unit):
        members = list(group)
        # A village of hundreds would make one line longer than a message: its names continue on lines
        # of their own, which `chunks` may put into the next message.
        parts = [members[i : i + NAMES_PER_LINE] for i in range(0, len(members), NAMES_PER_LINE)]
        names = [joined(lang, (_entry(lang, tree, s) for s in part)) for part in parts]
        unit_name = html.escape(tree.unit(code).name)
        lines.append(t(lang, "views.silent_unit_line", unit=unit_name, count=len(members), names=names[0]))
        lines += names[1:]
    if not silent:
        lines.append(th(lang, "views.silent_nobody"))
    return chunks(lines)


def _names(lang: str, tree: OrgTree, silent: Sequence[Silent]) -> str:
    names = joined(lang, (html.escape(tree.member(s.member).name) for s in silent[:MAX_NAMES]))
    if len(silent) > MAX_NAMES:
        names += th(lang, "views.silent_more", count=len(silent) - MAX_NAMES)
    return names


def _entry(lang: str, tree: OrgTree, s: Silent) -> str:
    name = tree.member(s.member).name
    if not s.joined:
        return th(lang, "views.silent_not_joined", name=name)
    if not s.ever_reported:
        return th(lang, "views.silent_never", name=name)
    return th(lang, "views.silent_for_days", name=name, days=s.days)
