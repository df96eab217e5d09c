"""Value converters shared by both plan formats.

Each takes a raw value as YAML or openpyxl delivers it (str, int, float, bool, datetime, time,
list, dict, None) and returns the typed value or raises `Bad(key, **params)`. They are lenient in
the ways a spreadsheet needs — "20" typed as text, 20.0 stored as a float, "走访、家访" in one
cell — and strict about anything that would change meaning.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.plans.limits import MAX_CODE, MAX_NAME
from bot.plans.types import Bad

# At most 24 characters: codes travel inside inline-button callback data, which Telegram caps at 64 bytes.
_KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,23}$")
_TIME_RE = re.compile(r"^(\d{1,2})[:：](\d{2})$")
_LIST_SPLIT_RE = re.compile(r"[,，、;；\n]+")
_DATETIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")
_TRUE = {"true", "yes", "y", "1", "是", "对", "开", "on"}
_FALSE = {"false", "no", "n", "0", "否", "不", "关", "off"}


def shown(value: object) -> str:
    """A short, user-facing rendering of a raw value for messages (never a Python repr of objects)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "、".join(shown(v) for v in value)
    text = str(value).strip()
    return text if len(text) <= 40 else text[:39] + "…"


def _scalar(value: object) -> None:
    if isinstance(value, dict | list | tuple | set):
        raise Bad("plan.not_scalar")


def as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number in a spreadsheet cell
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Bad("plan.not_text")
    # Names are one line of visible text: a line break in a name would start a line of its own in a
    # bulletin (a forged ranking line), a bidi override turns the numbers after it around, and a
    # zero-width character makes two names look alike. Runs of whitespace (line breaks in a spreadsheet
    # cell included) become one space; any other control or format character is refused.
    text = " ".join(str(value).split())
    if not text:
        raise Bad("plan.missing")
    if hidden := next((c for c in text if unicodedata.category(c) in ("Cc", "Cf")), None):
        raise Bad("plan.invisible_character", value=shown(text), char=f"U+{ord(hidden):04X}")
    if len(text) > MAX_NAME:  # every text of a plan is a name, a code or a short choice
        raise Bad("plan.too_long", value=shown(text), limit=MAX_NAME)
    return text


def as_code(value: object) -> str:
    """A member code: any text, at most MAX_CODE characters."""
    text = as_text(value)
    if len(text) > MAX_CODE:
        raise Bad("plan.too_long", value=shown(text), limit=MAX_CODE)
    return text


def as_key(value: object) -> str:
    """An ASCII code as used in commands (`/progress ql`): letters, digits, `-`, `_`, `.`."""
    text = as_text(value)
    if not _KEY_RE.match(text):
        raise Bad("plan.bad_key", value=shown(text))
    return text


def as_int(value: object) -> int:
    _scalar(value)
    if isinstance(value, bool):
        raise Bad("plan.not_integer", value=shown(value))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+\s*", value):
        return int(value)
    raise Bad("plan.not_integer", value=shown(value))


def as_number(value: object) -> float:
    _scalar(value)
    if isinstance(value, bool):
        raise Bad("plan.not_number", value=shown(value))
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise Bad("plan.not_number", value=shown(value))


def as_bool(value: object) -> bool:
    _scalar(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | str) and str(value).strip().lower() in _TRUE | _FALSE:
        return str(value).strip().lower() in _TRUE
    raise Bad("plan.not_bool", value=shown(value))


def as_time(value: object) -> time:
    """HH:MM as text, or a time cell from Excel."""
    _scalar(value)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, datetime) and value.date() == date(1899, 12, 30):
        return value.time()  # Excel's epoch date: a time-only cell read as a datetime
    if isinstance(value, str) and (m := _TIME_RE.match(value.strip())):
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise Bad("plan.bad_time", value=shown(value))


def as_datetime(value: object, tz: ZoneInfo) -> datetime:
    """A real datetime (YAML timestamp, Excel cell) or ISO-like text; naive values are local to `tz`."""
    _scalar(value)
    parsed: datetime | None = None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        text = value.strip().replace("/", "-")
        for fmt in _DATETIME_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt)  # noqa: DTZ007 - made aware just below
                break
            except ValueError:
                continue
        if parsed is None and re.search(r"T\d\d:\d\d.*([+-]\d\d:?\d\d|Z)$", text):
            try:
                parsed = datetime.fromisoformat(text)
            except ValueError:
                parsed = None
    # A bare date is refused on purpose: "due 2026-12-05" is ambiguous between the start and the
    # end of that day, and guessing wrong moves a deadline by a whole day.
    if parsed is None:
        raise Bad("plan.bad_date", value=shown(value))
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=tz)
    return parsed.astimezone(tz)


def as_list(value: object) -> list[object]:
    """A YAML list, or one spreadsheet cell holding items separated by 、 , ， or ;."""
    if isinstance(value, list):
        return [v for v in value if v is not None]  # an empty item (`[1, , 0]`, a trailing comma)
    if isinstance(value, str):
        return [part.strip() for part in _LIST_SPLIT_RE.split(value) if part.strip()]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [value]
    raise Bad("plan.not_a_list")
