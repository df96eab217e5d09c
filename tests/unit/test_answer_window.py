"""How long a question may be answered (bot/domain/answer_window.py): within 2 hours of being asked, and
not once a checkpoint fell due after it was asked. The edges, by hand."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.answer_window import ANSWER_WINDOW, expired
from bot.domain.model import Milestone

TZ = ZoneInfo("Asia/Shanghai")
ASKED = datetime(2026, 12, 5, 17, 0, tzinfo=TZ)
CHECKPOINT = Milestone(60, datetime(2026, 12, 5, 18, 0, tzinfo=TZ))


@pytest.mark.parametrize(
    ("answered", "milestones", "too_late"),
    [
        (ASKED + ANSWER_WINDOW, (), False),  # exactly 2 hours: still in time
        (ASKED + ANSWER_WINDOW + timedelta(seconds=1), (), True),
        (datetime(2026, 12, 5, 17, 59, tzinfo=TZ), (CHECKPOINT,), False),  # before the checkpoint falls due
        (datetime(2026, 12, 5, 18, 0, tzinfo=TZ), (CHECKPOINT,), True),  # the checkpoint is judged at its due
        (ASKED + timedelta(minutes=1), (Milestone(60, ASKED),), False),  # due when asked: not after it
    ],
    ids=["two-hours", "two-hours-and-a-second", "before-due", "at-due", "due-when-asked"],
)
def test_an_answer_is_too_late_after_two_hours_or_a_checkpoint_due_since_the_question(
    answered: datetime, milestones: tuple[Milestone, ...], too_late: bool
) -> None:
    assert expired(ASKED, answered, milestones) is too_late
