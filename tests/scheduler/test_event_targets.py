"""Each recipient of an event has one outbox target (scheduler/outbox.py `event_target`): its key names
the campaign, the kind, the milestone, the recipient and the event's day, so a re-run finds it claimed;
its row records the same kind, milestone and due time."""

from __future__ import annotations

from datetime import date, datetime

from bot.domain.model import Milestone
from scheduler.outbox import Target, event_target
from scheduler.planner import Event, Kind
from tests.harness import SH

AT = datetime(2026, 12, 2, 9, 0, tzinfo=SH)
M60 = Milestone(60, datetime(2026, 12, 5, 18, 0, tzinfo=SH))


def test_a_member_of_a_milestones_event_is_one_target_of_the_kind_sent_them() -> None:
    event = Event(Kind.REMINDER, AT, date(2026, 12, 2), M60)
    assert event_target(event, 7, "digest", "m3", late=True, member_id=3) == Target(
        "7:digest:60:m3:2026-12-02", 7, "digest", 60, "m3", AT, True, 3
    )


def test_a_group_of_an_event_without_a_milestone_is_a_target_with_no_percent_nor_member() -> None:
    event = Event(Kind.FINAL, AT, date(2026, 12, 2))
    assert event_target(event, 7, "final", "g-100", late=False) == Target(
        "7:final:-:g-100:2026-12-02", 7, "final", None, "g-100", AT, False, None
    )


def test_the_key_is_the_events_own_for_that_recipient_and_kind() -> None:
    event = Event(Kind.CHECKPOINT, AT, date(2026, 12, 2), M60)
    assert event_target(event, 7, "missed", "m3", late=False).key == event.key(7, "m3", kind="missed")
