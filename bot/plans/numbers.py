"""Numbers as spreadsheets hold them — one rule for a plan's numbers (bot/plans/values.py) and a
核查 file's counts (bot/plans/reconcile_source.py): lenient where the meaning is certain, never more."""

from __future__ import annotations

import contextlib
import math
import re
import unicodedata

INT_RE = re.compile(r"\s*[-+]?\d+\s*")
_GROUPED_RE = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+")  # 1,200 (and 1，200: NFKC makes ， a comma)
_POINT_ZERO_RE = re.compile(r"([-+]?\d+)\.0+")  # 12.0: a float cell saved as text
# Digits only: float() would also take "inf", "nan" and "1_000", none of which a leader means as a number.
_DECIMAL_RE = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
PERCENT_SIGNS = ("%", "％")


def without_percent_sign(value: object) -> object:
    """ "7.5%" → "7.5": a percent-valued field holds the number of percent, and the workbook reader shows a
    0.075 cell formatted as a percentage as "7.5%" (bot/plans/xlsx_source.py). Anything else unchanged."""
    if isinstance(value, str) and (text := value.strip()).endswith(PERCENT_SIGNS):
        return text[:-1]
    return value


def decimal_number(value: object) -> float | None:
    """A number as a spreadsheet holds it: 2.5, "2.5", "２.５", "1,200", "1e3"; None for anything that
    is no numeral (true, "很多", "nan"). A numeral past any float (1e400, 10**400) is ±inf: the caller
    refuses it in its own words, as it would be a threshold no count ever reaches."""
    if (whole := whole_number(value)) is not None:
        try:
            return float(whole)
        except OverflowError:
            return math.copysign(math.inf, whole)
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    return float(text) if _DECIMAL_RE.fullmatch(text) else None


def whole_number(value: object) -> int | None:
    """A whole number as a spreadsheet holds it: 20, a 20.0 float cell, "20", "２０", "20.0", "1,200" or
    "1，200" (thousands grouped by three); None for anything whose meaning is not certain (12.5, "1,20",
    true). Plans and 核查 files (bot/plans/reconcile_source.py) read numbers by this one rule."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    if _GROUPED_RE.fullmatch(text):
        text = text.replace(",", "")
    elif point_zero := _POINT_ZERO_RE.fullmatch(text):
        text = point_zero[1]
    if INT_RE.fullmatch(text):
        with contextlib.suppress(ValueError):  # more than 4,300 digits: Python will not convert it
            return int(text)
    return None
