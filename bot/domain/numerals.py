"""Numerals of free-text reports (SPEC §3.2): normalisation and reading one count.

Pure: no I/O. Text is NFKC-normalised first, so full-width digits (５) and punctuation (，；：)
arrive here as ASCII; traditional characters and colloquial numerals (俩, 仨) are mapped in the key
(bot/domain/hanzi.py). The words around counts are bot/domain/lexer.py's.
Chinese numeral runs (十二, 一百零五, 两百, 廿三) are delimited here and converted by
the maintained `cn2an` library; we only decide *where* a number starts and ends and what shape it
has (whole, fractional, exponent, malformed) so the parser can refuse each shape with its own reason.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import cn2an

from bot.domain.hanzi import SIMPLIFY

ASCII_DIGITS = frozenset("0123456789")
_FULL_WIDTH_DIGITS = frozenset("０１２３４５６７８９")
# Chinese digits without a place word (十, 百 …): a run of two or more of them is read digit by digit
# by cn2an (一二 → 12), while people write it for "one or two" (三五户: three to five households).
_CHINESE_DIGITS = frozenset("零〇一二三四五六七八九两幺")
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
    DIGITWISE = "digitwise"  # 一二, 三五: twelve, or one or two? Never guessed


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
    if len(digits) > 1 and set(digits) <= _CHINESE_DIGITS:
        return Number(text[start:end], Shape.DIGITWISE, negative=negative), end
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


_LOWER_ASCII = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})


def normalise(text: str) -> tuple[str, str]:
    """(shown, key): NFKC text for quoting back, and the same with ASCII lower-cased, traditional
    characters simplified and 俩/仨 read as 两/三, for matching. Every mapping is one character to one,
    so both strings have the same length and positions carry over."""
    shown = unicodedata.normalize("NFKC", text)
    return shown, shown.translate(_LOWER_ASCII).translate(SIMPLIFY)
