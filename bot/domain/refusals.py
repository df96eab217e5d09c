"""Why a free-text report is refused (SPEC §3.2): one reason per problem, key `parser.<reason>`.
Re-exported by bot/domain/parser.py, where each reason is described. Pure: no I/O."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from bot.domain.errors import InvalidInput

if TYPE_CHECKING:
    from bot.domain.parsed import ParsedReport


class Reason(enum.StrEnum):
    TOO_LONG = "too_long"
    FOREIGN_DIGIT = "foreign_digit"
    NO_TASK = "no_task"
    MISSING_COUNT = "missing_count"
    COUNT_WITHOUT_TASK = "count_without_task"
    ZERO = "zero"
    NEGATIVE = "negative"
    FRACTIONAL = "fractional"
    ABSURD = "absurd"
    BAD_NUMBER = "bad_number"
    TWO_COUNTS = "two_counts"
    DUPLICATE_TASK = "duplicate_task"
    AMBIGUOUS_WORD = "ambiguous_word"
    UNKNOWN_WORD = "unknown_word"
    APPROXIMATE = "approximate"
    DIGIT_BY_DIGIT = "digit_by_digit"
    TYPO = "typo"
    MIXED_DAYS = "mixed_days"
    CUMULATIVE = "cumulative"  # parse_report only: a running total where an increment is expected
    DATED = "dated"  # parse_report only: a past day where today's work is expected


class ReportParseError(InvalidInput):
    """A refused report. `key` is `parser.<reason>`; params always include `example`. A typo carries
    the reading with the word corrected (`corrected`), which the member may confirm with a button."""

    def __init__(self, reason: Reason, /, corrected: ParsedReport | None = None, **params: Any) -> None:
        super().__init__(f"parser.{reason.value}", **params)
        self.reason = reason
        self.corrected = corrected
