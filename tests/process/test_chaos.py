"""The short chaos drill in CI: reports while the bot is SIGKILLed and restarted (bench/chaos.py)."""

from __future__ import annotations

from bench.chaos import run


def test_random_kills_lose_nothing_acknowledged_and_count_nothing_twice() -> None:
    figures, problems = run(reports=200, members=30, kills=4, seed=7, silent=60)
    assert problems == [], figures
    assert figures["kills"] == 4
    assert figures["acknowledged"] == 200
    assert 30 <= figures["killed mid-fan-out after"] < 90  # the first kill interrupted the reminders
    assert figures["reminded twice"] == 0
    assert figures["ledger total"] == figures["sum of acknowledged"]
