"""No update content in any log, at any level (issue 8 E), tried with everything a user can put into
an update besides a report's text: a plan file (its name and its content), a button's payload, an
edit, a group's title, a forwarded command, a refused command's argument. The bot runs at DEBUG, as
`campaign-bot run` does with LOG_LEVEL=DEBUG, and the whole log is searched."""

from __future__ import annotations

import logging

import pytest

from bot.logging_setup import configure_logging
from bot.plans.example import EXAMPLE_PLAN_YAML
from tests.harness import Harness, start_app, stop_app

SECRETS = {
    "file name": "蓝鲸湾名单",
    "file content": "蓝鲸湾村",
    "group title": "蓝鲸湾工作群",
    "edited text": "走访九十九",
    "command argument": "蓝鲸湾乡",
    "forwarded": "白鹭洲",
}


async def test_nothing_a_user_typed_or_sent_reaches_the_log_at_debug(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    await stop_app(h.app)  # one poller at a time, as in production
    configure_logging("DEBUG", [h.emu.token])
    with caplog.at_level(logging.DEBUG):
        h.app = await start_app(h.emu, h.settings, h.clock)
        group = await h.bound_group(town, -100990, SECRETS["group title"])
        await h.say(town, "/plan")
        plan = EXAMPLE_PLAN_YAML.replace("七岭村", SECRETS["file content"])
        h.emu.send_document(town, f"{SECRETS['file name']}.yaml", plan.encode())
        await h.emu.settle()
        await h.say(town, f"/progress {SECRETS['command argument']}")
        message = h.emu.send_text(zhang, "走访5")
        await h.emu.settle()
        h.emu.edit_text(zhang, message, SECRETS["edited text"])
        await h.emu.settle()
        [menu] = await h.say(zhang, "/report")
        await h.press(zhang, menu, menu.buttons()[0][1])
        h.emu.forward_text(zhang, f"/undo {SECRETS['forwarded']}", town)
        h.emu.send_text(zhang, "走访2", group)
        await h.emu.settle()
    logging.getLogger().setLevel(logging.WARNING)
    assert "Calling Bot API endpoint" in caplog.text  # PTB's debug logging ran …
    leaked = [kind for kind, secret in SECRETS.items() if secret in caplog.text]
    assert leaked == [], [line for line in caplog.text.splitlines() if any(s in line for s in SECRETS.values())]
