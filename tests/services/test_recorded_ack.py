"""A recorded report is acknowledged the same way whichever path recorded it — a typed message, an
answered question, the /report keyboard (bot/handlers/report_text.py `recorded_ack`): what was summed,
the day the work was said to be done, and whether an edit replaced what the message said before."""

from __future__ import annotations

from bot.handlers.report_text import recorded_ack
from bot.texts import th

from .conftest import World
from .reporters import report


async def test_the_acknowledgement_says_what_one_message_summed_and_the_day_of_the_work(world: World) -> None:
    recorded = await report(world, 1, "昨天走访3 走访2")
    assert recorded.parts
    assert recorded.work_date is not None

    text = recorded_ack("zh", recorded)

    assert text.startswith(th("zh", "report.recorded_header"))
    assert "3+2=5" in text
    assert th("zh", "report.work_date", day=f"{recorded.work_date.month}月{recorded.work_date.day}日") in text
    assert th("zh", "report.edit_applied") not in text


async def test_the_acknowledgement_of_an_edit_says_the_edit_replaced_the_report(world: World) -> None:
    recorded = await report(world, 1, "走访5")

    assert recorded_ack("zh", recorded, edited=True).endswith(th("zh", "report.edit_applied"))
    assert th("zh", "report.edit_applied") not in recorded_ack("zh", recorded)
