"""A day as people write it — one reader for a plan's calendar, a 核查 file's as-of date and /leave.

2026-12-10, 2026/12/10, 2026.12.10, 2026年12月10日 (or 号), and without the year 12-10, 12/10, 12.10,
12月10日. Full-width digits (as a Chinese input method types them) and spaces around the separators
are read too; other digit systems are not, as everywhere else in the bot. Whether a day without its
year is acceptable, and which year it is, is the caller's rule: /leave and 核查 files place it in the
campaign (`in_campaign`), a plan's calendar wants the year written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_WRITTEN = re.compile(r"(?:([0-9]{4})\s*[-/.年]\s*)?([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*[日号]?")


@dataclass(frozen=True, slots=True)
class WrittenDay:
    year: int | None  # None: not written
    month: int
    day: int

    def on(self, year: int) -> date | None:
        """This day in `year`; None when there is no such day (2-30, 2-29 in a common year, month 13)."""
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None

    def dated(self) -> date | None:
        """The day itself when its year is written and it exists."""
        return None if self.year is None else self.on(self.year)


def written_day(text: str) -> WrittenDay | None:
    """What the text says as a day, or None when it is no day as written (a name, a time, 明天)."""
    match = _WRITTEN.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        return None
    year, month, day = match.groups()
    return WrittenDay(int(year) if year else None, int(month), int(day))


def looks_like_day(text: str) -> bool:
    """Whether a word is meant as a day (so `/leave 张三 12-10 12-15` splits the name from the dates)."""
    return written_day(text) is not None


def in_campaign(written: WrittenDay, first: date, last: date) -> date | None:
    """The day in the year that puts it in the campaign (a campaign across New Year reads 1-3 as January
    of its second year); when no year does, the one nearest the campaign. A written year is kept."""
    if written.year is not None:
        return written.dated()
    candidates = [d for year in range(first.year - 1, last.year + 2) if (d := written.on(year)) is not None]

    def distance(d: date) -> int:
        return 0 if first <= d <= last else min(abs((d - first).days), abs((d - last).days))

    return min(candidates, key=distance) if candidates else None
