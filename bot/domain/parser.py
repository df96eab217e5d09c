"""Free-text reports such as `走访5 体检3` → counts per task (SPEC §3.2). Pure domain: no I/O.

Grammar per mention: `<task word> [+]<count> [unit]`, mentions in any order, separated by spaces,
, ， 、 ; ； : or newlines. Task words are each task's display name, aliases and key (ASCII
case-insensitive, ASCII words must stand alone: `visits` is not `visit`), longest match first.
Counts: ASCII, full-width (NFKC) or Chinese numerals (cn2an). A measure word may follow a count.

Policy — a message is all-or-nothing; the first problem, left to right, is refused with its own
`Reason` (key `parser.<reason>`), because recording part of a message the user got wrong is worse
than asking again:
- longer than MAX_LENGTH characters → too_long (checked before any other work);
- a Unicode digit that is not ASCII, full-width or Chinese (٥, ①, ², Ⅴ) → foreign_digit;
- no task word at all → count_without_task if it has a number, else no_task;
- task without count → missing_count; count before any task → count_without_task;
- 0 → zero; a sign (`-5`, `负五`) → negative (corrections go through /undo); `5.5`/`三点五` →
  fractional; above `absurd_limit` (or `1e9`) → absurd; numerals cn2an cannot read → bad_number;
- a second count in one mention (`走访5 6`) → two_counts; a task named twice → duplicate_task
  (we do not guess whether the user meant a sum or a correction);
- a word naming two tasks → ambiguous_word (plan validation prevents it; the parser never guesses);
- any other word → unknown_word, so `走访5; DROP TABLE` is refused rather than half-read. Only the
  harmless filler in FILLER (今天, 完成, 共, 了 …) and one leading @mention are skipped.
  累计/总计 are deliberately not filler: they announce a running total, not an increment.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.domain.errors import InvalidInput
from bot.domain.model import TaskType
from bot.domain.numerals import (
    FILLER,
    MEASURE_WORDS,
    Kind,
    Number,
    Shape,
    Token,
    Words,
    foreign_digit,
    is_separator,
    normalise,
    read_number,
    skip_lead,
    starts_number,
    tokenize,
)

MAX_LENGTH = 500  # a report is a line or two; longer text is refused before it is parsed
# No single report adds more than this, whether typed, pressed or confirmed (the ledger itself refuses
# any entry beyond a million, so no value can overflow a total).
ABSURD_LIMIT = 10_000
DEFAULT_EXAMPLE = "走访5 体检3"
_MAX_ECHO = 16  # user words quoted back in a refusal are clipped to this many characters


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


@dataclass(frozen=True, slots=True)
class ParsedItem:
    task: str  # TaskType.key
    count: int  # > 0


class ReportParseError(InvalidInput):
    """A refused report. `key` is `parser.<reason>`; params always include `example`."""

    def __init__(self, reason: Reason, /, **params: Any) -> None:
        super().__init__(f"parser.{reason.value}", **params)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _Lexicon:
    owners: dict[str, frozenset[str]]  # normalised task word → keys of the tasks it names
    names: dict[str, str]  # task key → display name
    tasks: Words
    units: Words
    example: str
    listing: tuple[str, ...]  # the tasks' display names, for "which tasks exist" replies

    def fail(self, reason: Reason, **params: Any) -> ReportParseError:
        return ReportParseError(reason, example=self.example, **params)


@lru_cache(maxsize=32)
def _lexicon(tasks: tuple[TaskType, ...]) -> _Lexicon:
    owners: dict[str, set[str]] = {}
    for task in tasks:
        for word in task.names:
            owners.setdefault(normalise(word.strip())[1], set()).add(task.key)
    owners.pop("", None)
    units = [*MEASURE_WORDS, *(normalise(t.unit.strip())[1] for t in tasks)]
    return _Lexicon(
        owners={word: frozenset(keys) for word, keys in owners.items()},
        names={t.key: t.name for t in tasks},
        tasks=Words(owners),
        units=Words(units),
        example=example_report(tasks),
        listing=tuple(t.name for t in tasks),
    )


def example_report(tasks: Sequence[TaskType]) -> str:
    """A report line built from the campaign's own task words, e.g. `走访5 体检3`."""
    words = [t.aliases[0] if t.aliases else t.name for t in tasks[:2]]
    return " ".join(f"{w}{n}" for w, n in zip(words, (5, 3), strict=False)) or DEFAULT_EXAMPLE


def _clip(word: str) -> str:
    return word if len(word) <= _MAX_ECHO else word[: _MAX_ECHO - 1] + "…"


def parse_report(text: str, tasks: Sequence[TaskType], *, absurd_limit: int = ABSURD_LIMIT) -> tuple[ParsedItem, ...]:
    """Counts per task in message order. Raises ReportParseError; never returns an empty tuple."""
    lex = _lexicon(tuple(tasks))
    if len(text) > MAX_LENGTH:
        raise lex.fail(Reason.TOO_LONG, limit=MAX_LENGTH)
    if (digit := foreign_digit(text)) is not None:
        raise lex.fail(Reason.FOREIGN_DIGIT, word=digit)
    tokens = tokenize(*normalise(text), lex.tasks, lex.units)
    if not any(tok.kind is Kind.TASK for tok in tokens):
        number = next((tok for tok in tokens if tok.kind is Kind.NUMBER), None)
        if number is not None:
            raise lex.fail(Reason.COUNT_WITHOUT_TASK, word=_clip(number.text))
        raise lex.fail(Reason.NO_TASK, tasks=lex.listing)
    return _items(lex, tokens, absurd_limit)


def _items(lex: _Lexicon, tokens: list[Token], limit: int) -> tuple[ParsedItem, ...]:
    items: list[ParsedItem] = []
    task: str | None = None  # the open mention's task key
    counted = after_number = False
    for tok in tokens:
        if tok.kind is Kind.TASK:
            if task is not None and not counted:
                raise lex.fail(Reason.MISSING_COUNT, task=lex.names[task])
            task = _resolve(lex, tok)
            if any(item.task == task for item in items):
                raise lex.fail(Reason.DUPLICATE_TASK, task=lex.names[task])
            counted = False
        elif tok.kind is Kind.NUMBER and tok.number is not None:
            if task is None:
                raise lex.fail(Reason.COUNT_WITHOUT_TASK, word=_clip(tok.text))
            if counted:
                raise lex.fail(Reason.TWO_COUNTS, task=lex.names[task], word=_clip(tok.text))
            items.append(ParsedItem(task, _count(lex.fail, tok.number, lex.names[task], limit)))
            counted = True
        elif tok.kind is Kind.UNIT and task is not None and not counted:
            raise lex.fail(Reason.MISSING_COUNT, task=lex.names[task])
        elif not (tok.kind is Kind.UNIT and after_number):  # a unit belongs right after its count
            raise lex.fail(Reason.UNKNOWN_WORD, word=_clip(tok.text))
        after_number = tok.kind is Kind.NUMBER
    if task is not None and not counted:
        raise lex.fail(Reason.MISSING_COUNT, task=lex.names[task])
    return tuple(items)


def _resolve(lex: _Lexicon, tok: Token) -> str:
    keys = lex.owners[tok.word]
    if len(keys) > 1:
        named = tuple(lex.names[k] for k in sorted(keys))
        raise lex.fail(Reason.AMBIGUOUS_WORD, word=tok.text, tasks=named)
    return next(iter(keys))


def _count(fail: Callable[..., ReportParseError], number: Number, task: str, limit: int, zero: bool = False) -> int:
    word = _clip(number.raw)
    if number.shape is Shape.MALFORMED:
        raise fail(Reason.BAD_NUMBER, word=word)
    if number.negative:
        raise fail(Reason.NEGATIVE, task=task, word=word)
    if number.shape is Shape.FRACTION:
        raise fail(Reason.FRACTIONAL, task=task, word=word)
    if number.shape is Shape.EXPONENT:
        reason = Reason.ABSURD if number.value > limit else Reason.BAD_NUMBER
        raise fail(reason, task=task, word=word, limit=limit)
    if number.value == 0 and not zero:
        raise fail(Reason.ZERO, task=task)
    if number.value > limit:
        raise fail(Reason.ABSURD, task=task, word=word, limit=limit)
    return number.value


def parse_count(text: str, *, example: str, task: str = "", limit: int = ABSURD_LIMIT, allow_zero: bool = False) -> int:
    """One count typed on its own (a command argument): the same reader and the same refusals as a
    count inside a report, so `/assign … ٥` is refused exactly like `走访٥`."""

    def fail(reason: Reason, **params: Any) -> ReportParseError:
        return ReportParseError(reason, **{"example": example, "task": task, **params})

    if (digit := foreign_digit(text)) is not None:
        raise fail(Reason.FOREIGN_DIGIT, word=digit)
    key = normalise(text.strip())[1]
    if not key or not starts_number(key, 0):
        raise fail(Reason.BAD_NUMBER, word=_clip(key))
    number, end = read_number(key, 0, lambda _: False)
    if end != len(key):
        raise fail(Reason.BAD_NUMBER, word=_clip(key))
    return _count(fail, number, task, limit, zero=allow_zero)


def mentions_task_first(text: str, tasks: Sequence[TaskType]) -> bool:
    """True when the message starts with a task word (after separators, an @mention and filler).

    Used in groups, where only such messages are treated as reports and other chatter is ignored.
    """
    lex = _lexicon(tuple(tasks))
    key = normalise(text[:MAX_LENGTH])[1]
    i = skip_lead(key, 0)
    while i < len(key):
        if is_separator(key, i):
            i += 1
        elif word := FILLER.match(key, i):
            i += len(word)
        else:
            return lex.tasks.match(key, i) is not None
    return False


def looks_like_report(text: str, tasks: Sequence[TaskType]) -> bool:
    """True when the text names any task anywhere: a failed parse then deserves a specific refusal
    rather than the generic "how to report" help."""
    lex = _lexicon(tuple(tasks))
    key = normalise(text)[1]
    return any(lex.tasks.match(key, i) is not None for i in range(len(key)))
