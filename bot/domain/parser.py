"""Free-text reports such as `走访5 体检3` → counts per task (SPEC §3.2). Pure domain: no I/O.

Grammar per mention: `<task word> [+|x|*]<count> [unit]` or `<count> [unit] <task word>`, mentions in
any order, separated by spaces or punctuation (, ， 、 ; ： / | & ~ …) or newlines. Task words are each
task's display name, aliases and key (ASCII case-insensitive and whole words: `visits` and `visited` are
forms of `visit`, `visitor` is not; traditional characters match after mapping both sides), longest
match first. Counts: ASCII, full-width (NFKC), Chinese numerals (cn2an) and 俩/仨. A measure word may
follow a count. The words are bot/domain/lexer.py's; which count belongs to which task,
bot/domain/mentions.py's.

Policy — a message is all-or-nothing; a problem is refused with its own `Reason` (key
`parser.<reason>`), because recording part of a message the user got wrong is worse than asking again:
- longer than MAX_LENGTH characters → too_long (checked before any other work);
- a Unicode digit that is not ASCII, full-width or Chinese (٥, ①, ², Ⅴ) → foreign_digit;
- exactly one unknown word that is one character away from a task word of the same length (`走防5`)
  and the message reads well with it corrected → typo, carrying that reading (the member confirms it);
- an approximate count (约5户, 二十几户, 十来户, 5户左右, about 5) → approximate;
- two different days (昨天… 今天…) → mixed_days;
- no task word at all → count_without_task if it has a number, else no_task;
- task without count → missing_count; count before any task → count_without_task;
- 0 → zero; a sign (`-5`, `负五`) → negative (corrections go through /undo); `5.5`/`三点五` →
  fractional; above `absurd_limit` (or `1e9`, or a sum above it) → absurd; numerals cn2an cannot
  read → bad_number; Chinese digits without a place word (一二, 三五) → digit_by_digit (12, or "one or
  two"? never guessed);
- a second count in one mention (`走访5 6`) → two_counts;
- a word naming two tasks → ambiguous_word (plan validation prevents it; the parser never guesses);
- any other word → unknown_word, so `走访5; DROP TABLE` is refused rather than half-read. Only the
  harmless filler of bot/domain/lexer.py (了, 谢谢领导, 明天继续, @mentions …) is skipped.
What is understood rather than refused: the same task named twice is summed (上午走访3户，下午走访2户 →
+5, `parts` says so); a day word (昨天, 前天, yesterday) gives `day_offset`; a running-total word
(累计, 共, 总共, total) marks the counts `cumulative` — they are totals, never new work, and a task
named twice in such a message is duplicate_task.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from bot.domain.lexer import Kind, Token, skip_lead, tokenize
from bot.domain.mentions import pair
from bot.domain.model import TaskType
from bot.domain.numerals import Number, Shape, foreign_digit, normalise, read_number, starts_number
from bot.domain.parsed import ParsedItem, ParsedReport
from bot.domain.refusals import Reason, ReportParseError
from bot.domain.task_words import Lexicon, clip, example_report, lexicon

__all__ = [
    "ABSURD_LIMIT",
    "MAX_LENGTH",
    "ParsedItem",
    "ParsedReport",
    "Reason",
    "ReportParseError",
    "example_report",
    "looks_like_report",
    "mentions_task_first",
    "parse_count",
    "parse_report",
    "read_report",
]

MAX_LENGTH = 500  # a report is a line or two; longer text is refused before it is parsed
# No single report adds more than this, whether typed, pressed or confirmed (the ledger itself refuses
# any entry beyond a million, so no value can overflow a total).
ABSURD_LIMIT = 10_000


def read_report(text: str, tasks: Sequence[TaskType], *, absurd_limit: int = ABSURD_LIMIT) -> ParsedReport:
    """What a message reports. Raises ReportParseError; the result always has at least one item."""
    lex = lexicon(tuple(tasks))
    if len(text) > MAX_LENGTH:
        raise lex.fail(Reason.TOO_LONG, limit=MAX_LENGTH)
    if (digit := foreign_digit(text)) is not None:
        raise lex.fail(Reason.FOREIGN_DIGIT, word=digit)
    tokens = tokenize(*normalise(text), lex.tasks, lex.units)
    slips = [(i, word) for i, tok in enumerate(tokens) if tok.kind is Kind.OTHER and (word := lex.near(tok.word))]
    if len(slips) == 1:
        at, word = slips[0]
        fixed = [*tokens[:at], replace(tokens[at], kind=Kind.TASK, word=word), *tokens[at + 1 :]]
        try:
            corrected = _read(lex, fixed, absurd_limit)
        except ReportParseError:
            pass  # more is wrong than one word: refuse the message as written
        else:
            task = lex.names[next(iter(lex.owners[word]))]
            raise lex.fail(Reason.TYPO, corrected, word=tokens[at].text, suggestion=lex.spelled[word], task=task)
    return _read(lex, tokens, absurd_limit)


def _read(lex: Lexicon, tokens: list[Token], limit: int) -> ParsedReport:
    if (approx := next((i for i, tok in enumerate(tokens) if tok.kind is Kind.APPROX), None)) is not None:
        raise lex.fail(Reason.APPROXIMATE, word=tokens[approx].text, task=_nearest_task(lex, tokens, approx))
    if len(days := {tok.day for tok in tokens if tok.kind is Kind.DAY}) > 1:
        raise lex.fail(Reason.MIXED_DAYS)
    if not any(tok.kind is Kind.TASK for tok in tokens):
        number = next((tok for tok in tokens if tok.kind is Kind.NUMBER), None)
        if number is not None:
            raise lex.fail(Reason.COUNT_WITHOUT_TASK, word=number.text)
        raise lex.fail(Reason.NO_TASK, tasks=lex.listing)
    cumulative = any(tok.kind is Kind.TOTAL for tok in tokens)
    core = [tok for tok in tokens if tok.kind in (Kind.TASK, Kind.NUMBER, Kind.UNIT, Kind.OTHER)]
    counts: dict[str, list[int]] = {}
    for task_tok, count_tok in pair(core, lex.fail, lambda tok: lex.names[_resolve(lex, tok)]):
        task = _resolve(lex, task_tok)
        assert count_tok.number is not None, "a NUMBER token carries its number"
        if cumulative and task in counts:
            raise lex.fail(Reason.DUPLICATE_TASK, task=lex.names[task])
        counts.setdefault(task, []).append(_count(lex.fail, count_tok.number, lex.names[task], limit))
    for task, parts in counts.items():
        if sum(parts) > limit:
            raise lex.fail(Reason.ABSURD, task=lex.names[task], word="+".join(map(str, parts)), limit=limit)
    return ParsedReport(
        items=tuple(ParsedItem(task, sum(parts)) for task, parts in counts.items()),
        parts=tuple((task, tuple(parts)) for task, parts in counts.items() if len(parts) > 1),
        day_offset=next(iter(days), 0),
        cumulative=cumulative,
    )


def _nearest_task(lex: Lexicon, tokens: list[Token], at: int) -> str:
    """The display name of the task an approximation belongs to: the closest task word, earlier first."""
    ranked = sorted((abs(i - at), i > at, i) for i, tok in enumerate(tokens) if tok.kind is Kind.TASK)
    return lex.names[_resolve(lex, tokens[ranked[0][2]])] if ranked else ""


def parse_report(text: str, tasks: Sequence[TaskType], *, absurd_limit: int = ABSURD_LIMIT) -> tuple[ParsedItem, ...]:
    """Today's new work only, as counts per task (a command that records an increment): a running
    total or a past day is refused rather than recorded as today's work."""
    report = read_report(text, tasks, absurd_limit=absurd_limit)
    lex = lexicon(tuple(tasks))
    if report.cumulative:
        raise lex.fail(Reason.CUMULATIVE)
    if report.day_offset:
        raise lex.fail(Reason.DATED)
    return report.items


def _resolve(lex: Lexicon, tok: Token) -> str:
    keys = lex.owners[tok.word]
    if len(keys) > 1:
        named = tuple(lex.names[k] for k in sorted(keys))
        raise lex.fail(Reason.AMBIGUOUS_WORD, word=tok.text, tasks=named)
    return next(iter(keys))


def _count(fail: Callable[..., ReportParseError], number: Number, task: str, limit: int, zero: bool = False) -> int:
    word = clip(number.raw)
    if number.shape is Shape.MALFORMED:
        raise fail(Reason.BAD_NUMBER, word=word)
    if number.shape is Shape.DIGITWISE:
        raise fail(Reason.DIGIT_BY_DIGIT, task=task, word=word)
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
        raise fail(Reason.BAD_NUMBER, word=clip(key))
    number, end = read_number(key, 0, lambda _: False)
    if end != len(key):
        raise fail(Reason.BAD_NUMBER, word=clip(key))
    return _count(fail, number, task, limit, zero=allow_zero)


def mentions_task_first(text: str, tasks: Sequence[TaskType]) -> bool:
    """True when the message starts with a task word (after separators, @mentions, filler, a day or
    a running-total word). Used in groups, where only such messages are treated as reports and
    other chatter is ignored."""
    lex = lexicon(tuple(tasks))
    key = normalise(text[:MAX_LENGTH])[1]
    i = skip_lead(key, 0)
    return i < len(key) and lex.tasks.match(key, i) is not None


def looks_like_report(text: str, tasks: Sequence[TaskType]) -> bool:
    """True when the text names any task anywhere (or one misspelt by a character): a failed parse
    then deserves a specific refusal rather than the generic "how to report" help."""
    lex = lexicon(tuple(tasks))
    key = normalise(text[:MAX_LENGTH])[1]
    if any(lex.tasks.match(key, i) is not None for i in range(len(key))):
        return True
    return any(tok.kind is Kind.OTHER and lex.near(tok.word) for tok in tokenize(key, key, lex.tasks, lex.units))
