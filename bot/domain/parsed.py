"""What a report says, as the parser reads it (bot/domain/parser.py): its tasks and counts, and whether
they are for another day or running totals. A refusal may carry a corrected reading (refusals.py), so
the result types stand apart from the parser that builds them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ParsedItem:
    task: str  # TaskType.key
    count: int  # > 0


@dataclass(frozen=True, slots=True)
class ParsedReport:
    items: tuple[ParsedItem, ...]  # one per task, in order of first mention, same task summed
    parts: tuple[tuple[str, tuple[int, ...]], ...] = ()  # task key → the counts summed (named twice or more)
    day_offset: int = 0  # 0 today, -1 yesterday, -2 the day before
    cumulative: bool = False  # the counts are running totals, not new work
