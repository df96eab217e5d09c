"""What every value type of a plan shares: how a value is refused (`fail`), shown in a message, and
told blank or off (bot/plans/values.py, bot/plans/number_values.py)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import NoReturn

from pydantic_core import PydanticCustomError

from bot.views.dates import plan_moment

_OFF = {"off", "none", "no", "关", "关闭", "不发", "无"}


def fail(kind: str, **params: object) -> NoReturn:
    """Refuse a value with problem `plan.<kind>`; the message template is never shown to anyone."""
    raise PydanticCustomError(kind, kind, params)


def shown(value: object) -> str | tuple[str, ...]:
    """A short, user-facing rendering of a raw value for messages (never a Python repr of objects).
    A list stays a tuple: the catalogue joins it with the reader's separator (、 or , )."""
    if isinstance(value, datetime):
        return plan_moment(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):  # an inner list short too: spelled out, each level doubled it
        return tuple(_short(str(shown(v))) for v in value)
    return _short(str(value))


def _short(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 40 else text[:39] + "…"


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_off(value: object) -> bool:
    # YAML reads a bare `off` as False; a spreadsheet has the word itself.
    return value is False or (isinstance(value, str) and value.strip().lower() in _OFF)


def scalar(value: object) -> object:
    if isinstance(value, dict | list | tuple | set):
        fail("not_scalar")
    return value
