"""A hostile review of the typed report's kept sender (bot/services/senders.py, migration v14), end to
end through PTB and the emulator: a report must never be counted on a roster older than its write."""

from __future__ import annotations

from typing import Any

import pytest

from bot.services import senders
from tests.example_plans import visits
from tests.harness import Harness


async def test_an_edit_racing_its_senders_removal_is_refused_and_not_counted(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit is decided on fresh reads, and its write compares nothing: the cadre's removal, committed
    by another writer between the reads and the write, lets the edit move their count anyway."""
    zhang = await h.join("张三", 1001)
    message = h.emu.send_text(zhang, "走访5")
    await h.emu.wait_for_sent(zhang["id"], lambda s: "+5" in s.body)
    original = senders.read_sender

    async def read_then_remove(*args: Any, **kwargs: Any) -> senders.Sender:
        sender = await original(*args, **kwargs)
        async with h.services.db.transaction() as conn:  # e.g. the command line's import, committed now
            await conn.execute(
                "UPDATE campaign_members SET active = 0 WHERE member_id = "
                "(SELECT id FROM members WHERE telegram_user_id = 1001)"
            )
        return sender

    monkeypatch.setattr(senders, "read_sender", read_then_remove)
    before = len(h.emu.sent(zhang["id"]))
    h.emu.edit_text(zhang, message, "走访9")
    [answer] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "没有您参与的进行中的活动" in answer.body, answer.body
    assert await visits(h) == 5
