"""Review of the scheduler's one outbox target (scheduler/outbox.py `event_target`): a notification's key is
its at-most-once identity in the field, so a key that changed across an upgrade would send it again. Run
through a campaign with every kind of notification on (daily and checkpoint bulletins, the evening nudge,
reminders, digests, missed lists, warning cards and lists, the final summary), every row's key is still
`campaign:kind:milestone:recipient:day` of the same row's kind, milestone and recipient, as before."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.plans import load_plan
from scheduler.runner import Runner
from tests.example_plans import LADDER, NUDGING
from tests.harness import SH, Harness

MOMENTS = [
    datetime(2026, 11, 20, 18, 0, 30, tzinfo=SH),  # the daily bulletin
    datetime(2026, 11, 20, 19, 30, 30, tzinfo=SH),  # the evening nudge
    datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH),  # the 60 % reminders and digests
    datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH),  # the 60 % checkpoint: bulletin, missed lists, warnings
    datetime(2027, 1, 5, 18, 0, 30, tzinfo=SH),  # the deadline: the final summary
]
EVERY_KIND = {"daily", "nudge", "reminder", "digest", "checkpoint", "missed", "warning", "warnings", "final"}


async def test_every_notifications_key_is_the_campaign_kind_milestone_recipient_and_day_it_always_was(
    h: Harness,
) -> None:
    head, rest = NUDGING.split("\ntasks:", 1)
    await h.services.plans.import_plan(load_plan(f"{head}\n{LADDER}\ntasks:{rest}".encode(), "plan.yaml"))
    await h.join("张三", 1001)
    village = await h.join("李书记", 2002)
    await h.join("郭镇长", 2001)
    await h.bound_group(village, -100901, "七岭村群")
    runner = Runner.create(h.services, h.app.bot)
    for moment in MOMENTS:
        h.clock.set(moment)
        await runner.tick()
        await runner.tick()
    campaign = await h.campaign_id()
    [zhang] = await h.services.db.reader.execute_fetchall("SELECT id FROM members WHERE name = '张三'")
    rows = await h.services.db.reader.execute_fetchall(
        "SELECT key, campaign_id, kind, milestone_percent, recipient, due_at FROM notifications ORDER BY id"
    )
    keys = set()
    for key, campaign_id, kind, percent, recipient, due_at in rows:
        day = datetime.fromtimestamp(due_at, ZoneInfo("Asia/Shanghai")).date()
        sent = f"event-{kind}" if recipient == "all" else kind  # "all": the runner's claim of the event itself
        assert key == f"{campaign_id}:{sent}:{'-' if percent is None else percent}:{recipient}:{day.isoformat()}"
        keys.add(key)
    assert {row[2] for row in rows} == EVERY_KIND
    member = f"m{zhang[0]}"
    assert {
        f"{campaign}:daily:-:g-100901:2026-11-20",
        f"{campaign}:nudge:-:{member}:2026-11-20",
        f"{campaign}:reminder:60:{member}:2026-12-02",
        f"{campaign}:checkpoint:60:g-100901:2026-12-05",
        f"{campaign}:warning:60:{member}:2026-12-05",
        f"{campaign}:final:-:g-100901:2027-01-05",
    } <= keys
