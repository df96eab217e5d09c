"""SPEC §7 through the chat: a plan uploaded without a time zone or reminder time gets the bot's
TIMEZONE and REMINDER_TIME settings (the checker's child process is told them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.emulator import BotApiEmulator
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.settings import Settings, load_settings
from tests.harness import ADMIN_ID, Harness


@pytest.fixture
def settings(emu: BotApiEmulator, tmp_path: Path) -> Settings:
    return load_settings(
        database_path=tmp_path / "campaign.db",
        bot_api_base_url=emu.base_url,
        admin_user_ids=(ADMIN_ID,),
        quiet_hours="",
        timezone="Asia/Urumqi",
        reminder_time="10:30",
    )


async def test_an_uploaded_plan_without_time_zone_or_reminder_time_gets_the_settings(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    await h.say(county, "/plan")
    bare = (
        EXAMPLE_PLAN_YAML.replace("winter-service-2026", "west-2027")
        .replace("  timezone: Asia/Shanghai\n", "")
        .replace(', at: "09:00"', "")
    )
    before = len(h.emu.sent(county["id"]))
    h.emu.send_document(county, "west.yaml", bare.encode())
    [preview] = await h.emu.wait_for_sent(county["id"], after=before)
    await h.press(county, preview, preview.buttons()[0][1])
    async with h.services.db.reader.execute("SELECT timezone, settings FROM campaigns WHERE key = 'west-2027'") as cur:
        row = await cur.fetchone()
    assert row is not None
    zone, stored = row
    assert zone == "Asia/Urumqi"
    assert '"reminder_at": "10:30"' in stored
