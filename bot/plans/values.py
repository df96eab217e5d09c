"""The values of a plan as pydantic types: text, codes, whole numbers, times, date-times, lists.

Values arrive as YAML or openpyxl delivers them (str, int, float, bool, datetime, time, list, dict,
None). The types are lenient in the ways a spreadsheet needs — "20" typed as text, 20.0 stored as
a float, "走访、家访" in one cell, 领导 for leader — and strict about anything that would change
meaning. A value refused here raises a pydantic error: our own types (`fail`, bot/plans/value_basics.py) are
named after their catalogue key, pydantic's are looked up in bot/plans/problems.py. Numbers, whole,
decimal and percent, are read in bot/plans/number_values.py.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from datetime import date, datetime, time
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo

from bot.domain.days import written_day
from bot.plans.limits import MAX_CODE, MAX_NAME
from bot.plans.number_values import whole
from bot.plans.value_basics import blank, fail, is_off, scalar, shown

# At most 24 characters: codes travel inside inline-button callback data, which Telegram caps at 64 bytes.
KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,23}$"
_TIME_RE = re.compile(r"^(\d{1,2})[:：](\d{2})$")
_LIST_SPLIT_RE = re.compile(r"[,，、;；\n]+")
_DATETIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")
_TRUE = {"true", "yes", "y", "1", "是", "对", "开", "on"}
_FALSE = {"false", "no", "n", "0", "否", "不", "关", "off"}
_WORDS = {"关闭": "off", "不核验": "off", "可选": "optional", "必须": "required", "必须核验": "required",
          "领导": "leader", "干部": "cadre", "中文": "zh", "english": "en", "英文": "en",
          "提前": "previous", "提前到前一工作日": "previous", "跳过": "skip", "照发": "send"}  # fmt: skip


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number in a spreadsheet cell
    if isinstance(value, bool) or not isinstance(value, str | int):
        fail("not_text")
    # Names are one line of visible text: a line break in a name would start a line of its own in a
    # bulletin (a forged ranking line), a bidi override turns the numbers after it around, and a
    # zero-width character makes two names look alike. Runs of whitespace (line breaks in a spreadsheet
    # cell included) become one space; any other control or format character is refused.
    text = " ".join(str(value).split())
    if not text:
        fail("missing")
    if hidden := next((c for c in text if unicodedata.category(c) in ("Cc", "Cf")), None):
        fail("invisible_character", value=shown(text), char=f"U+{ord(hidden):04X}")
    if len(text) > MAX_NAME:  # every text of a plan is a name, a code or a short choice
        fail("too_long", value=shown(text), limit=MAX_NAME)
    return text


def _word(value: object) -> str:
    """A choice as written: any case, or its Chinese word."""
    text = _text(value).lower()
    return _WORDS.get(text, str(value) if isinstance(value, float) else text)  # a refused 2.0 shown as written


def _bool(value: object) -> bool:
    if isinstance(scalar(value), bool):
        return bool(value)
    if isinstance(value, int | str) and str(value).strip().lower() in _TRUE | _FALSE:
        return str(value).strip().lower() in _TRUE
    fail("not_bool", value=shown(value))


def hhmm(value: object) -> time:
    """HH:MM as text, or a time cell from Excel."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    scalar(value)
    if isinstance(value, datetime) and value.date() == date(1899, 12, 30):
        return value.time()  # Excel's epoch date: a time-only cell read as a datetime
    if isinstance(value, str) and (m := _TIME_RE.match(value.strip())):
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    fail("bad_time", value=shown(value))


def _moment(value: object, info: ValidationInfo) -> datetime:
    """A real datetime (YAML timestamp, Excel cell) or ISO-like text; naive values are local to the
    campaign's time zone (the field validated before, else the context's)."""
    scalar(value)
    parsed: datetime | None = value if isinstance(value, datetime) else None
    if isinstance(value, str):
        text = value.strip().replace("/", "-")
        for fmt in _DATETIME_FORMATS:
            with contextlib.suppress(ValueError):
                parsed = parsed or datetime.strptime(text, fmt)  # noqa: DTZ007 - made aware just below
        if parsed is None and re.search(r"T\d\d:\d\d.*([+-]\d\d:?\d\d|Z)$", text):
            with contextlib.suppress(ValueError):
                parsed = datetime.fromisoformat(text)
    # A bare date is refused on purpose: "due 2026-12-05" is ambiguous between the start and the
    # end of that day, and guessing wrong moves a deadline by a whole day.
    if parsed is None:
        fail("bad_date", value=shown(value))
    tz = ZoneInfo((info.data or {}).get("timezone") or (info.context or {})["timezone"])
    return parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed.astimezone(tz)


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        fail("bad_timezone", value=name)
    return name


def cells(value: object) -> list[object]:
    """A YAML list, or one spreadsheet cell holding items separated by 、 , ， or ;."""
    if isinstance(value, list):
        return [v for v in value if v is not None]  # an empty item (`[1, , 0]`, a trailing comma)
    if isinstance(value, str):
        return [part.strip() for part in _LIST_SPLIT_RE.split(value) if part.strip()]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [value]
    fail("not_a_list")


def _days(value: object) -> tuple[int, ...]:
    if is_off(value):
        return ()  # no reminders at all
    days = [whole(v) for v in cells(value)]
    if negative := [d for d in days if d < 0]:
        fail("negative", value=negative[0])
    return tuple(sorted(set(days), reverse=True))


WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # as the template writes them
_WEEKDAYS = {**{day: i for i, day in enumerate(WEEKDAY_NAMES)},
             **{word + day: i for word in ("周", "星期") for i, day in enumerate("一二三四五六日")},
             "周天": 6, "星期天": 6}  # fmt: skip


def calendar_day(value: object) -> date:
    """A calendar date: a YAML date, an Excel cell, or a day written with its year (bot/domain/days.py:
    2026-01-01, 2026/1/1, 2026年1月1日 …); a time of day is refused, and so is a day without its year."""
    scalar(value)
    if isinstance(value, datetime):
        if value.time() != time(0, 0):
            fail("bad_day", value=shown(value))
        return value.date()
    if isinstance(value, date):
        return value
    written = written_day(value) if isinstance(value, str) else None
    if (day := written.dated() if written is not None else None) is None:
        fail("bad_day", value=shown(value))
    return day


def weekdays(value: object) -> tuple[int, ...]:
    """Weekday names (sat, sun, 周六 …) → 0 = Monday … 6 = Sunday; `none`/`off`: no weekend."""
    if is_off(value) or blank(value):
        return ()
    days = []
    for word in cells(value):
        text = str(word).strip().lower()[:3] if str(word).isascii() else str(word).strip()
        if text not in _WEEKDAYS:
            fail("bad_weekday", value=shown(word))
        days.append(_WEEKDAYS[text])
    return tuple(sorted(set(days)))


Text = Annotated[str, BeforeValidator(_text)]
Code = Annotated[str, BeforeValidator(_text), Field(max_length=MAX_CODE)]
Key = Annotated[str, BeforeValidator(_text), Field(pattern=KEY_PATTERN)]
Time = Annotated[time, BeforeValidator(hhmm)]
Moment = Annotated[datetime, BeforeValidator(_moment)]
Zone = Annotated[str, BeforeValidator(_text), AfterValidator(_zone)]
Bool = Annotated[bool, BeforeValidator(_bool)]
Days = Annotated[tuple[int, ...], BeforeValidator(_days)]
Texts = Annotated[tuple[str, ...], BeforeValidator(lambda v: tuple(dict.fromkeys(map(_text, cells(v)))))]
Dates = Annotated[tuple[date, ...], BeforeValidator(lambda v: tuple(sorted({calendar_day(d) for d in cells(v)})))]
Weekdays = Annotated[tuple[int, ...], BeforeValidator(weekdays)]
WORD = BeforeValidator(_word)  # a choice: any case, or its Chinese word
