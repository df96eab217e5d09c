"""A plan's numbers as pydantic types: whole numbers, decimals and percentages, by one rule each
(bot/plans/numbers.py reads the digits). A percent-valued field takes its number with or without a
percent sign, whether it is whole (节点前一天占比) or not (核查容差百分比); no number may be infinite."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from typing import Annotated, TypeVar

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from bot.plans.numbers import decimal_number, whole_number, without_percent_sign
from bot.plans.value_basics import blank, fail, scalar, shown

T = TypeVar("T")


def whole(value: object) -> int:
    if (number := whole_number(scalar(value))) is None:
        fail("not_integer", value=shown(value))  # true too: pydantic's own int would take it as 1
    return number


def _percent(read: Callable[[object], T]) -> Callable[[object], T]:
    """A percent-valued field read by `read`: 75, "75", or as a spreadsheet shows it, "75%" (the workbook
    reader turns a 0.75 cell formatted as a percentage into "75%"). A refusal shows the value as written."""

    def reader(value: object) -> T:
        try:
            return read(without_percent_sign(value))
        except PydanticCustomError as error:
            fail(error.type, **{**(error.context or {}), "value": shown(value)})

    return reader


def _number(value: object) -> float:
    """A finite number: "inf", "nan" or 1e400 would be a threshold no count reaches, set as it looks."""
    if (number := decimal_number(scalar(value))) is None:
        fail("not_number", value=shown(value))
    if not math.isfinite(number):
        fail("number_too_large", value=shown(value))
    return number


def quota(value: object) -> int | None:
    """A quota cell: a whole number ≥ 0; an empty cell is no quota."""
    if blank(scalar(value)):
        return None
    with contextlib.suppress(PydanticCustomError):
        if (number := whole(value)) >= 0:
            return number
    fail("bad_quota", value=shown(value))


Int = Annotated[int, BeforeValidator(whole)]
Percent = Annotated[int, BeforeValidator(_percent(whole))]  # a whole percent
Number = Annotated[float, BeforeValidator(_number)]
PercentNumber = Annotated[float, BeforeValidator(_percent(_number))]  # 7.5, or 7.5%
Quota = Annotated[int | None, BeforeValidator(quota)]
