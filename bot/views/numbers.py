"""How numbers read: completion percentages, points of pace, signed counts, and the verified and reported
numbers side by side when verification is on."""

from __future__ import annotations

from bot.domain.counting import counting_rule
from bot.domain.model import Campaign
from bot.texts import th

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


def both_counts(lang: str, campaign: Campaign, verified: int, reported: int) -> str:
    """The verified and the reported number side by side, as a cell appended to a line: " · 已核实 12 /
    已上报 20". Empty when the campaign shows one number only (verification off)."""
    if not counting_rule(campaign.verification).both_shown:
        return ""
    return th(lang, "views.both_counts", verified=verified, reported=reported)


def counting_legend(lang: str, campaign: Campaign) -> list[str]:
    """The line that says which number ranks and meets targets; no line when there is one number."""
    rule = counting_rule(campaign.verification)
    return [th(lang, f"views.counts_{rule.counts.value}")] if rule.both_shown else []


def reported(campaign: Campaign, done: int, reported: int) -> int:
    """What a line without a quota calls "reported" (已报): the reported number, also where verified
    work is what counts — the counting `done` would read 0 next to "已上报 30"."""
    return reported if counting_rule(campaign.verification).both_shown else done
