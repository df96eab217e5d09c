"""A campaign's task words as the report parser reads them (bot/domain/parser.py): which task each word
names (English inflections too), the measure words, a near miss by one character, and the example
report a refusal quotes — built once per set of tasks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bot.domain.lexer import MEASURE_WORDS, Words
from bot.domain.model import TaskType
from bot.domain.numerals import normalise
from bot.domain.refusals import Reason, ReportParseError

if TYPE_CHECKING:  # the parser builds on these words; only its result type is named here
    from bot.domain.parsed import ParsedReport

DEFAULT_EXAMPLE = "走访5 体检3"
_MAX_ECHO = 16  # user words quoted back in a refusal are clipped to this many characters
_INFLECTIONS = ("s", "es", "ed")  # English task words: visits, visited, checkups, registered


@dataclass(frozen=True, slots=True)
class Lexicon:
    owners: dict[str, frozenset[str]]  # normalised task word → keys of the tasks it names
    spelled: dict[str, str]  # normalised task word (no inflections) → as the plan writes it
    names: dict[str, str]  # task key → display name
    tasks: Words
    units: Words
    example: str
    listing: tuple[str, ...]  # the tasks' display names, for "which tasks exist" replies

    def fail(self, reason: Reason, /, corrected: ParsedReport | None = None, **params: Any) -> ReportParseError:
        if isinstance(params.get("word"), str):
            params["word"] = clip(params["word"])
        return ReportParseError(reason, corrected, example=self.example, **params)

    def near(self, word: str) -> str | None:
        """The one task word `word` misspells (same length ≥ 2, one character different), if exactly one."""
        if len(word) < 2:
            return None
        close = {
            w for w in self.spelled if len(w) == len(word) and sum(a != b for a, b in zip(w, word, strict=True)) == 1
        }
        return next(iter(close)) if len(close) == 1 and len(self.owners[next(iter(close))]) == 1 else None


@lru_cache(maxsize=32)
def lexicon(tasks: tuple[TaskType, ...]) -> Lexicon:
    owners: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}
    for task in tasks:
        for word in task.names:
            key = normalise(word.strip())[1]
            owners.setdefault(key, set()).add(task.key)
            spelled.setdefault(key, word.strip())
    for word, keys in list(owners.items()):
        if word.isascii() and word.isalpha():
            for ending in _INFLECTIONS:
                owners.setdefault(word + ending, set(keys))
    owners.pop("", None)
    spelled.pop("", None)
    units = [*MEASURE_WORDS, *(normalise(t.unit.strip())[1] for t in tasks)]
    return Lexicon(
        owners={word: frozenset(keys) for word, keys in owners.items()},
        spelled=spelled,
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


def clip(word: str) -> str:
    return word if len(word) <= _MAX_ECHO else word[: _MAX_ECHO - 1] + "…"
