"""How numbers read: completion percentages, points of pace, signed counts."""

from __future__ import annotations

NO_VALUE = "—"  # a completion without a quota: there is nothing to divide by


def pct(value: float | None) -> str:
    """A completion or expected share (0.575) as a percentage: 57.5%."""
    return NO_VALUE if value is None else f"{value * 100:.1f}%"


def whole_pct(percent: float) -> str:
    """A milestone or the expected share, already in percent, without decimals: 60%."""
    return f"{percent:.0f}%"


def fraction(done: int, quota: int) -> str:
    """Done of quota: 23/40."""
    return f"{done}/{quota}"


def points(value: float) -> str:
    """Percentage points, one decimal (a gain or a gap whose sign the sentence already says)."""
    return f"{value:.1f}"


def signed_points(value: float) -> str:
    """Percentage points with their sign: the pace, +2.5 ahead or -7.0 behind."""
    return f"{value:+.1f}"


def signed(count: int) -> str:
    """A count with its sign: +5 added, -3 withdrawn."""
    return f"{count:+d}"
