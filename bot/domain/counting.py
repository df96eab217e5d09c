"""Which number counts (SPEC §2): with verification on, reports are counted twice over — everything
reported (not rejected) and what a leader verified. Every view shows both and says which one meets
targets and ranks; this is the one rule that decides it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.domain.model import VerificationMode


class Counted(enum.StrEnum):
    REPORTED = "reported"  # every report not rejected
    VERIFIED = "verified"  # only what a leader approved


@dataclass(frozen=True, slots=True)
class CountingRule:
    counts: Counted  # the number that meets targets, ranks, and decides who is behind
    both_shown: bool  # views show verified and reported side by side, with a legend


def counting_rule(mode: VerificationMode) -> CountingRule:
    """One rule for every view (SPEC §2). Required: only verified work meets targets — a report is a
    claim until a leader approved it. Optional: verification is a check, not a gate, so reported work
    counts. Off: nothing is ever verified, so there is one number and nothing to explain."""
    if mode is VerificationMode.REQUIRED:
        return CountingRule(Counted.VERIFIED, both_shown=True)
    return CountingRule(Counted.REPORTED, both_shown=mode is VerificationMode.OPTIONAL)


def counts_verified(mode: VerificationMode) -> bool:
    """Whether only verified work counts: what a storage read is told, so that it reads the verified sum's
    steps (the ranking's tie-break: bot/domain/reaching.py), not the reported one's."""
    return counting_rule(mode).counts is Counted.VERIFIED
