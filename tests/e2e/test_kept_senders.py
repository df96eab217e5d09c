"""A report's sender is kept between reports (bot/services/senders.py), and what changes about them
reaches the very next report all the same: its write checks the roster version (migration v14) and,
when it moved, writes nothing and decides the report again on fresh reads. (A removed member, a
cancelled campaign and a re-import, in this process or another, are in test_campaign_changes.py.)"""

from __future__ import annotations

from tests.example_plans import plan, visits
from tests.harness import Harness

QUOTA_25 = ("{assignee: 张三,   visit: 20,", "{assignee: 张三,   visit: 25,")


async def test_a_quota_changed_by_a_re_import_shows_in_the_very_next_acknowledgement(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [before] = await h.say(zhang, "走访1")
    assert "入户走访 +1 → 1/20 户" in before.body, before.body
    await h.services.plans.import_plan(plan(QUOTA_25))
    [after] = await h.say(zhang, "走访1")
    assert "入户走访 +1 → 2/25 户" in after.body, after.body


async def test_a_language_chosen_between_two_reports_answers_the_second(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [before] = await h.say(zhang, "走访1")
    assert "已记录" in before.body
    await h.say(zhang, "/lang en")
    [after] = await h.say(zhang, "走访1")
    assert "Recorded" in after.body, after.body


async def test_a_roster_row_changed_by_any_writer_refuses_the_very_next_report(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [ack] = await h.say(zhang, "走访1")
    assert "入户走访 +1" in ack.body
    async with h.services.db.transaction() as conn:  # the triggers see every writer, SQL by hand too
        await conn.execute(
            "UPDATE campaign_members SET active = 0 WHERE member_id = "
            "(SELECT id FROM members WHERE telegram_user_id = 1001)"
        )
    [refused] = await h.say(zhang, "走访1")
    assert "没有您参与的进行中的活动" in refused.body
    assert await visits(h) == 1


async def test_many_reports_of_a_kept_sender_are_each_counted_once(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    for n in range(1, 6):
        [ack] = await h.say(zhang, "走访1")
        assert f"入户走访 +1 → {n}/20 户" in ack.body, ack.body
    assert await visits(h) == 5
