"""The lexer of free-text reports (SPEC §3.2): normalisation, word lists, numerals, tokens.

Pure: no I/O. Text is NFKC-normalised first, so full-width digits (５) and punctuation (，；：)
arrive here as ASCII. Chinese numeral runs (十二, 一百零五, 两百, 廿三) are delimited here and converted by
the maintained `cn2an` library; we only decide *where* a number starts and ends and what shape it
has (whole, fractional, exponent, malformed) so the parser can refuse each shape with its own reason.
"""

from __future__ import annotations

import enum
import string
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import cn2an

ASCII_DIGITS = frozenset("0123456789")
_FULL_WIDTH_DIGITS = frozenset("０１２３４５６７８９")
CHINESE_NUMERALS = frozenset("零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖两幺廿十拾百佰千仟万亿")
NUMERAL_CHARS = ASCII_DIGITS | CHINESE_NUMERALS
# Number characters we accept as counts. Anything else Unicode calls a number (٥, ①, ², Ⅴ, ½)
# is refused outright: int() and NFKC would silently turn several of them into digits.
_ACCEPTED_NUMBER_CHARS = ASCII_DIGITS | _FULL_WIDTH_DIGITS | CHINESE_NUMERALS
MINUS_SIGNS = frozenset("-−負负")  # NFKC already maps full-width '－' to '-'
PLUS_SIGN = "+"
_DECIMAL_POINTS = frozenset(".点")
# Exponents beyond this are not evaluated: 1e999999 must not allocate a million-digit integer.
_MAX_EXPONENT = 30


class Shape(enum.Enum):
    WHOLE = "whole"
    FRACTION = "fraction"  # 5.5, 三点五, .5
    EXPONENT = "exponent"  # 1e9: value holds the (capped) magnitude
    MALFORMED = "malformed"  # 五五十, 十十: cn2an cannot read it


@dataclass(frozen=True, slots=True)
class Number:
    raw: str  # as written (after NFKC), for messages
    shape: Shape
    value: int = 0  # magnitude for WHOLE/EXPONENT; 0 otherwise
    negative: bool = False


def foreign_digit(text: str) -> str | None:
    """The first number character that is not an accepted count digit (e.g. Arabic-Indic ٥), if any."""
    for ch in text:
        if unicodedata.category(ch).startswith("N") and ch not in _ACCEPTED_NUMBER_CHARS:
            return ch
    return None


def starts_number(text: str, i: int) -> bool:
    """Whether a number (with an optional sign or a leading decimal point) begins at `i`."""
    ch = text[i]
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if ch in NUMERAL_CHARS:
        return True
    if ch == PLUS_SIGN or ch in MINUS_SIGNS or ch == ".":
        return nxt in ASCII_DIGITS or (ch != "." and nxt in CHINESE_NUMERALS)
    return False


def read_number(text: str, i: int, stops_at: Callable[[int], bool]) -> tuple[Number, int]:
    """Read the number starting at `i` (see starts_number); return it and the index after it.

    `stops_at(j)` lets the caller end a numeral run where a task word begins, so a run never
    swallows the first character of a task name that happens to be a numeral (二次随访).
    """
    start = i
    negative = text[i] in MINUS_SIGNS
    if negative or text[i] == PLUS_SIGN:
        i += 1
    if text[i] == ".":  # ".5": a fraction with no whole part
        end = _run(text, i + 1, stops_at, ASCII_DIGITS)
        return Number(text[start:end], Shape.FRACTION, negative=negative), end
    end = _run(text, i, stops_at, NUMERAL_CHARS)
    digits = text[i:end]
    if end + 1 < len(text) and text[end] in _DECIMAL_POINTS and text[end + 1] in NUMERAL_CHARS:
        end = _run(text, end + 1, stops_at, NUMERAL_CHARS)
        return Number(text[start:end], Shape.FRACTION, negative=negative), end
    if digits.isascii() and end < len(text) and text[end] in "eE":
        exp_end = _run(text, end + 1, stops_at, ASCII_DIGITS)
        if exp_end > end + 1:
            exponent = int(text[end + 1 : exp_end][:4])
            value = int(digits) * 10 ** min(exponent, _MAX_EXPONENT)
            return Number(text[start:exp_end], Shape.EXPONENT, value, negative), exp_end
    value = _value(digits) if digits else None
    if value is None:
        return Number(text[start:end], Shape.MALFORMED, negative=negative), end
    return Number(text[start:end], Shape.WHOLE, value, negative), end


def _run(text: str, i: int, stops_at: Callable[[int], bool], chars: frozenset[str]) -> int:
    while i < len(text) and text[i] in chars and not stops_at(i):
        i += 1
    return i


def _value(digits: str) -> int | None:
    """The integer a numeral run denotes, or None when it is not a well-formed whole number."""
    if digits.isascii():
        return int(digits)  # exact; cn2an would hand back a float for long or zero-padded runs
    try:
        value: object = cn2an.cn2an(digits, "smart")
    except (ValueError, KeyError, IndexError, TypeError):  # cn2an signals bad input with several types
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


SEPARATORS = frozenset(",、;:。!=")  # after NFKC, ， ； ： ！ are already ASCII
_LOWER_ASCII = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def normalise(text: str) -> tuple[str, str]:
    """(shown, key): NFKC text for quoting back, and the same with ASCII lower-cased for matching.

    Lower-casing only ASCII keeps both strings the same length, so positions carry over.
    """
    shown = unicodedata.normalize("NFKC", text)
    return shown, shown.translate(_LOWER_ASCII)


class Words:
    """A word list matched longest-first at a position; ASCII words must not touch other letters."""

    def __init__(self, words: Iterable[str]) -> None:
        by_first: dict[str, list[str]] = {}
        for word in sorted({w for w in words if w}, key=len, reverse=True):
            by_first.setdefault(word[0], []).append(word)
        self._by_first = {first: tuple(ws) for first, ws in by_first.items()}

    def match(self, text: str, i: int) -> str | None:
        for word in self._by_first.get(text[i], ()):
            end = i + len(word)
            if text.startswith(word, i) and not _glued(text, i - 1, i) and not _glued(text, end - 1, end):
                return word
        return None


def _glued(text: str, left: int, right: int) -> bool:
    """True when both positions hold ASCII letters, i.e. a match would cut an English word."""
    return left >= 0 and right < len(text) and all(text[j] in string.ascii_letters for j in (left, right))


# Harmless words people put around their counts. 累计/总计 are deliberately absent: they announce
# a running total, and reading one as an increment would double-count.
FILLER = Words(
    ("今天", "今日", "上午", "下午", "中午", "晚上", "本人", "我们", "我", "一共", "共计", "合计", "共",
     "已经", "已", "完成", "新增", "了", "又", "today", "and")
)  # fmt: skip
MEASURE_WORDS = ("户", "人", "人次", "份", "个", "次", "家", "名", "位", "件", "条", "例")


class Kind(enum.Enum):
    TASK = "task"
    NUMBER = "number"
    UNIT = "unit"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str  # as shown (NFKC), for messages
    word: str = ""  # normalised task word, for TASK tokens
    number: Number | None = None


# Emoji (👍 ✅, skin tones, joiners, variation selectors) carry no count and no command: skip them.
_DECORATION_CATEGORIES = frozenset({"So", "Sk", "Cf"})


def is_separator(key: str, i: int) -> bool:
    ch = key[i]
    if ch.isspace() or ch in SEPARATORS or "\ufe00" <= ch <= "\ufe0f":
        return True
    return (ch == "." and not starts_number(key, i)) or unicodedata.category(ch) in _DECORATION_CATEGORIES


def skip_lead(key: str, i: int) -> int:
    """Skip leading separators and one `@botname` mention (group members often address the bot)."""
    while i < len(key) and is_separator(key, i):
        i += 1
    if i < len(key) and key[i] == "@":
        i += 1
        while i < len(key) and (key[i] in string.ascii_letters or key[i] in string.digits or key[i] == "_"):
            i += 1
    return i


def tokenize(shown: str, key: str, tasks: Words, units: Words) -> list[Token]:
    """Tokens of a normalised message; filler and separators are dropped. Priority at each position:
    task word, filler, unit, number, anything else (longest match within each list)."""

    def starts_task(j: int) -> bool:
        return tasks.match(key, j) is not None

    out: list[Token] = []
    i = skip_lead(key, 0)
    while i < len(key):
        if is_separator(key, i):
            i += 1
        elif word := tasks.match(key, i):
            out.append(Token(Kind.TASK, shown[i : i + len(word)], word))
            i += len(word)
        elif word := FILLER.match(key, i):
            i += len(word)
        elif word := units.match(key, i):
            out.append(Token(Kind.UNIT, shown[i : i + len(word)]))
            i += len(word)
        elif starts_number(key, i):
            number, end = read_number(key, i, starts_task)
            out.append(Token(Kind.NUMBER, shown[i:end], number=number))
            i = end
        else:
            end = _other_end(key, i, (tasks, FILLER, units))
            out.append(Token(Kind.OTHER, shown[i:end]))
            i = end
    return out


def _other_end(key: str, i: int, known: tuple[Words, ...]) -> int:
    """End of an unrecognised word: a whole ASCII letter run, else up to the next thing we recognise."""
    if key[i] in string.ascii_letters:
        while i < len(key) and key[i] in string.ascii_letters:
            i += 1
        return i
    i += 1
    while i < len(key) and not (
        is_separator(key, i) or starts_number(key, i) or any(words.match(key, i) for words in known)
    ):
        i += 1
    return i
