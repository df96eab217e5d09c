"""The ranking's tie-break orders entries by when they became counted (README, Ranking ties). A report the
bot asked about ("are you sure?") counts from its ✅: until then nobody's standing held it, and a moment
chosen by when the cadre answers would let him hold a question open and claim the earlier time later (the
per-day views date it by when it was sent: the one day rule is about days, the tie-break about order).
甲一 sends 走访20 — above a limit of 10 here, so the bot asks — at 10:00 and presses ✅ at 10:30; 乙一 sends
走访10 twice at 10:15 and 10:16. Both villages reach their 20; 乙村 was counted there first and ranks first
(review9 asked which; this is the decision).

The town of tests/services/towns.py with the visit task's limit lowered to 10."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain.model import AssigneeKind
from bot.domain.origin import MessageKey
from bot.domain.ranking import rank
from bot.services.reporting import NeedsConfirmation, Recorded, TextReport

from . import towns
from .towns import NOW, Town, open_town


@pytest.fixture
async def strict_town(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Town]:
    plan = towns.TOWN_PLAN.replace("aliases: [走访]}}", "aliases: [走访], max_per_report: 10}}")
    assert "max_per_report: 10" in plan, "the town plan's text changed"
    monkeypatch.setattr(towns, "TOWN_PLAN", plan)
    opened = await open_town(tmp_path)
    try:
        yield opened
    finally:
        await opened.services.db.close()


async def test_a_village_whose_report_was_confirmed_later_ranks_by_when_it_was_confirmed(strict_town: Town) -> None:
    town = strict_town
    cadre = await town.actor("甲一")
    key = MessageKey(town.users["甲一"], 1, 0)
    town.clock.set(NOW + timedelta(hours=10))
    with pytest.raises(NeedsConfirmation):
        await town.services.reports.text(cadre, TextReport(key, "走访20", private=True, edited=False, forwarded=False))
    for message, minute in ((2, 15), (3, 16)):
        town.clock.set(NOW + timedelta(hours=10, minutes=minute))
        await town.report("乙一", message, 10)
    town.clock.set(NOW + timedelta(hours=10, minutes=30))
    answered = await town.services.reports.answer(cadre.require_member(), cadre.user_id, key, yes=True)
    assert isinstance(answered, Recorded)
    loaded = await town.services.progress.load(await town.campaign())
    ranked = rank([s for s in loaded.book.children("tz") if s.assignee.kind is AssigneeKind.UNIT])
    assert [(r.standing.assignee.key, r.standing.completion) for r in ranked[:2]] == [("vb", 1.0), ("va", 1.0)]
