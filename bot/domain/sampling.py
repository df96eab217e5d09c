"""The back-check sample (抽查, issue 11 §4): which pending reports a leader is asked to check.

Weighted toward flagged reports, but never only those: half of the sample (rounded up) is drawn
from the flagged reports and the rest from the others, so a back-check also reaches reports no rule
pointed at (a cadre who learns the rules cannot steer clear of every check). A part that runs short
is filled from the other; fewer pending than asked: all of them. Within each part every report is
equally likely. The random source is passed in: the service seeds it unpredictably, tests fix it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence


def flagged_share(n: int) -> int:
    """How many of a sample of `n` are drawn from the flagged reports, when there are enough."""
    return (n + 1) // 2


def pick_sample(flagged: Sequence[int], others: Sequence[int], n: int, rng: random.Random) -> list[int]:
    """Up to `n` distinct report ids: the flagged picks first, then the others, each part in id order."""
    from_flagged = min(len(flagged), max(flagged_share(n), n - len(others)))
    from_others = min(len(others), n - from_flagged)
    return sorted(rng.sample(list(flagged), from_flagged)) + sorted(rng.sample(list(others), from_others))
