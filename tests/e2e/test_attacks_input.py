"""Names are data (issue 8 C): whatever a plan names a task, every screen shows it exactly as written,
neither as markup nor as escaped markup. Real PTB over HTTP, the emulator and a real SQLite file."""

from __future__ import annotations

import html
import re

from bot.emulator import SentMessage
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from tests.harness import Harness

TASK = "入户<走访>&登记"


def seen(message: SentMessage) -> str:
    """What the person sees: HTML is rendered by Telegram, plain text is shown as sent."""
    if (message.parse_mode or "").upper() == "HTML":
        return html.unescape(re.sub(r"<[^>]*>", "", message.body))
    return message.body


async def test_the_report_keyboard_shows_a_task_name_with_markup_characters_as_written(h: Harness) -> None:
    plan = EXAMPLE_PLAN_YAML.replace("name: 入户走访,", f'name: "{TASK}",')
    await h.services.plans.import_plan(load_plan(plan.encode(), "plan.yaml"))
    zhang = await h.join("张三", 1001)
    [menu] = await h.say(zhang, "/report")
    assert TASK in [text for text, _ in menu.buttons()]
    await h.press(zhang, menu, f"rp:{zhang['id']}:t:visit")
    assert TASK in seen(menu), (menu.body, menu.parse_mode)
    await h.press(zhang, menu, f"rp:{zhang['id']}:n:visit:3")
    assert TASK in seen(menu), (menu.body, menu.parse_mode)
