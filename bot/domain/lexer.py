"""The words of free-text reports (SPEC §3.2): separators, phrase lists and the tokenizer.

Pure: no I/O. Works on the key of bot/domain/numerals.normalise (NFKC, ASCII lower-cased,
traditional characters simplified), so every phrase below is written once, in simplified Chinese or
lower-case English. The parser (bot/domain/parser.py) decides what the tokens mean together.
"""

from __future__ import annotations

import enum
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.numerals import CHINESE_NUMERALS, Number, read_number, starts_number

# After NFKC, ， ； ： ！ ～ （ ） are already ASCII. `<` and `>` are not separators: markup is refused.
SEPARATORS = frozenset(",、;:。!=/|&~()[]【】「」…")
# Written between a task and its count: 走访x5, checkup *3, 体检×2.
_TIMES = frozenset("x*×")


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


# Harmless words people put around their counts: greetings, thanks, "will go on tomorrow".
FILLER = Words(
    ("上午", "下午", "中午", "晚上", "本人", "我们", "我", "已经", "已", "完成", "新增", "了", "又", "人家",
     "报告领导", "报告", "领导", "谢谢领导", "谢谢", "多谢", "辛苦了", "辛苦", "明天继续", "继续努力", "继续",
     "加油", "请审核", "请领导审核", "请领导审阅", "请查收", "目前", "截至目前", "到目前为止", "至今", "收到",
     "i", "we", "have", "did", "done", "thanks", "thank you", "please")
)  # fmt: skip
# Words joining two mentions; like punctuation they end a clause (visited 5 homes and did 3 checkups).
_JOINERS = Words(("和", "及", "以及", "还有", "另外", "and", "also", "plus"))
# When the work was done: 0 today, -1 yesterday, -2 the day before (明天 is no report: not done yet).
DAYS: dict[str, int] = {
    "今天": 0, "今日": 0, "今晚": 0, "today": 0, "tonight": 0,
    "昨天": -1, "昨日": -1, "昨晚": -1, "yesterday": -1,
    "前天": -2, "前日": -2,
}  # fmt: skip
_DAY_WORDS = Words(DAYS)
# A running total, not new work: never added, the member is asked about the difference instead.
TOTAL = Words(("累计", "总计", "共计", "合计", "总共", "一共", "共", "总数", "total", "in total", "so far"))
# An approximate count: never recorded, the member is asked for an exact one. Anywhere in a message:
_APPROX = Words(
    ("约", "大约", "大概", "大致", "差不多", "将近", "接近", "估计", "左右", "上下", "几",
     "about", "around", "approx", "approximately", "roughly", "nearly", "almost")
)  # fmt: skip
# Words holding an approximation's character that are no approximation (预约: booked, not "about").
_NOT_APPROX = Words(("预约", "签约", "约谈", "约定", "节约", "多谢", "多少"))
# … and right after a count (or its unit): 十来户, 二十多户, 十余人, 5户多.
_APPROX_AFTER = frozenset("多来余")
MEASURE_WORDS = (
    "户", "人", "人次", "份", "个", "次", "家", "名", "位", "件", "条", "例",
    "households", "household", "homes", "home", "people", "persons", "person", "times",
)  # fmt: skip


class Kind(enum.Enum):
    TASK = "task"
    NUMBER = "number"
    UNIT = "unit"
    DAY = "day"  # offset in `day`
    TOTAL = "total"  # a running-total word
    APPROX = "approx"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str  # as shown (NFKC), for messages
    word: str = ""  # the key (normalised) of a TASK or OTHER word
    number: Number | None = None
    day: int = 0
    clause: int = 0  # how many punctuation marks or line breaks precede it: 走访5户，3人体检 has two clauses


# Emoji (👍 ✅, skin tones, joiners, variation selectors) carry no count and no command: skip them.
_DECORATION_CATEGORIES = frozenset({"So", "Sk", "Cf"})


def is_separator(key: str, i: int) -> bool:
    ch = key[i]
    if ch.isspace() or ch in SEPARATORS or "\ufe00" <= ch <= "\ufe0f":
        return True
    if ch in _TIMES and _times(key, i):
        return True
    return (ch == "." and not starts_number(key, i)) or unicodedata.category(ch) in _DECORATION_CATEGORIES


def _times(key: str, i: int) -> bool:
    """`x`, `*` or `×` standing before a count (after optional spaces), not inside an English word."""
    if key[i] == "x" and i > 0 and key[i - 1] in string.ascii_letters:
        return False
    j = i + 1
    while j < len(key) and key[j] == " ":
        j += 1
    return j < len(key) and (key[j] in string.digits or key[j] in CHINESE_NUMERALS)


def _mention_end(key: str, i: int) -> int:
    """The end of an `@botname` mention at `i` (members address the bot anywhere), or `i`."""
    if key[i] != "@":
        return i
    j = i + 1
    while j < len(key) and (key[j] in string.ascii_letters or key[j] in string.digits or key[j] == "_"):
        j += 1
    return j if j > i + 1 else i


def skip_lead(key: str, i: int) -> int:
    """Skip leading separators, @mentions, filler, day and running-total words (a group message is a
    report when a task word comes first after them)."""
    while i < len(key):
        if is_separator(key, i):
            i += 1
        elif (end := _mention_end(key, i)) > i:
            i = end
        elif word := FILLER.match(key, i) or _DAY_WORDS.match(key, i) or TOTAL.match(key, i) or _JOINERS.match(key, i):
            i += len(word)
        else:
            break
    return i


def tokenize(shown: str, key: str, tasks: Words, units: Words) -> list[Token]:
    """Tokens of a normalised message; filler, joiners, separators and mentions are dropped. Priority at
    each position: task word, filler, joiner, day, running total, unit, approximation, number, other."""

    def starts_task(j: int) -> bool:
        return tasks.match(key, j) is not None

    out: list[Token] = []
    counted_to = -1  # where the last count (or the unit right after it) ended
    clause = 0
    i = 0
    while i < len(key):
        if is_separator(key, i):
            clause += key[i] not in " \t"
            i += 1
        elif (end := _mention_end(key, i)) > i:
            i = end
        elif word := tasks.match(key, i):
            out.append(Token(Kind.TASK, shown[i : i + len(word)], word, clause=clause))
            i += len(word)
        elif word := FILLER.match(key, i):
            i += len(word)
        elif word := _JOINERS.match(key, i):
            clause += 1
            i += len(word)
        elif word := _DAY_WORDS.match(key, i):
            out.append(Token(Kind.DAY, shown[i : i + len(word)], day=DAYS[word], clause=clause))
            i += len(word)
        elif word := TOTAL.match(key, i):
            out.append(Token(Kind.TOTAL, shown[i : i + len(word)], clause=clause))
            i += len(word)
        elif word := units.match(key, i):
            out.append(Token(Kind.UNIT, shown[i : i + len(word)], clause=clause))
            i += len(word)
            counted_to = i if counted_to == i - len(word) else counted_to
        elif word := _NOT_APPROX.match(key, i):
            out.append(Token(Kind.OTHER, shown[i : i + len(word)], key[i : i + len(word)], clause=clause))
            i += len(word)
        elif (word := _APPROX.match(key, i)) or (i == counted_to and key[i] in _APPROX_AFTER):
            word = word or key[i]
            out.append(Token(Kind.APPROX, shown[i : i + len(word)], clause=clause))
            i += len(word)
        elif starts_number(key, i):
            number, end = read_number(key, i, starts_task)
            out.append(Token(Kind.NUMBER, shown[i:end], number=number, clause=clause))
            i = counted_to = end
        else:
            end = _other_end(key, i, (tasks, FILLER, _JOINERS, _DAY_WORDS, TOTAL, units, _NOT_APPROX, _APPROX))
            out.append(Token(Kind.OTHER, shown[i:end], key[i:end], clause=clause))
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
        is_separator(key, i)
        or starts_number(key, i)
        or _mention_end(key, i) > i
        or any(words.match(key, i) for words in known)
    ):
        i += 1
    return i
