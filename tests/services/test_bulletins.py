"""Bulletins on a real database, without Telegram (SPEC §3.3): who is ranked, praised and warned,
what one posting remembers, and that a bulletin that reached no chat leaves no trace.

The town of tests/services/towns.py: expected 25% at NOW, quotas of 20 visits per village, so
甲村 with 10 is at 50% (25 points ahead), 乙村 with 5 at 25% (on the curve), 丙村 with 1 at 5% (20
points behind) and 丁村 with nothing at 0% (25 behind).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.services.bulletins import Bulletin
from bot.storage.snapshots import SnapshotRepo

from .towns import Town, open_town

CHAT, SUPERGROUP = -100, -1001000000100
RANK_ROW = re.compile(r"^\d+\. (\S+) ")  # "1. 甲村 50.0% 入户走访10/20 "


async def pace_setting(town: Town) -> None:
    await town.report("甲一", 1, 10)
    await town.report("乙一", 1, 5)
    await town.report("丙一", 1, 1)


def ranking(bulletin: Bulletin) -> list[str]:
    """The names of the ranking rows, in the order the bulletin lists them."""
    return [match[1] for line in bulletin.lines if (match := RANK_ROW.match(line))]


class Postbox:
    """A deliver callback: records what was handed to it and answers with the chat it 'reached'."""

    def __init__(self, reached: int | None) -> None:
        self.reached = reached
        self.posted: list[tuple[int, Bulletin]] = []

    async def __call__(self, chat_id: int, bulletin: Bulletin) -> int | None:
        self.posted.append((chat_id, bulletin))
        return self.reached


async def snapshots(town: Town) -> int:
    [(count,)] = await town.services.db.reader.execute_fetchall("SELECT COUNT(*) FROM bulletin_snapshots")
    return int(count)


async def test_the_villages_are_ranked_by_completion(town: Town) -> None:
    await pace_setting(town)
    bulletin = await town.services.bulletins.compose(await town.campaign(), "tz", "en")
    assert ranking(bulletin) == ["甲村", "乙村", "丙村", "丁村"]
    assert bulletin.completions == {"va": 0.5, "vb": 0.25, "vc": 0.05, "vd": 0.0}
    # verification optional: both numbers shown, the reported one counts
    assert "Overall: 16/80, completion 20.0%, expected 25.0% · verified 0 / reported 16" in bulletin.lines


async def test_those_keeping_pace_are_praised_and_those_far_behind_are_warned_worst_first(town: Town) -> None:
    await pace_setting(town)
    bulletin = await town.services.bulletins.compose(await town.campaign(), "tz", "en")
    assert "👏 Well done: 甲村, 乙村" in bulletin.lines
    warned = [line for line in bulletin.lines if line.startswith("⚠")]
    assert warned == [
        "⚠ 丁村 is 25.0 points behind pace; please speed up.",
        "⚠ 丙村 is 20.0 points behind pace; please speed up.",
    ]
    assert not any(line.startswith("📈") for line in bulletin.lines)  # no previous bulletin to compare with


@pytest.fixture
async def strict_town(tmp_path: Path) -> AsyncIterator[Town]:
    opened = await open_town(tmp_path, verification="required")
    try:
        yield opened
    finally:
        await opened.services.db.close()


async def test_when_verification_is_required_only_verified_reports_count_in_the_bulletin(strict_town: Town) -> None:
    town = strict_town
    record = await town.campaign()
    unverified = await town.report("甲一", 1, 10)
    verified_a = await town.report("甲一", 2, 4)
    verified_b = await town.report("乙一", 1, 5)
    assert unverified != verified_a
    assert await town.services.leader.decide(await town.actor("镇长"), record, [verified_a, verified_b], True) == 2
    bulletin = await town.services.bulletins.compose(record, "tz", "en")
    # 甲村 verified 4 of its 14 (20%), 乙村 all 5 (25%): 乙村 leads although 甲村 reported more
    assert bulletin.completions == {"va": 0.2, "vb": 0.25, "vc": 0.0, "vd": 0.0}
    assert ranking(bulletin)[:2] == ["乙村", "甲村"]
    assert "Overall: 9/80, completion 11.2%, expected 25.0% · verified 9 / reported 19" in bulletin.lines
    assert "Ranked and assessed on verified counts" in bulletin.lines


async def test_a_bulletin_posted_twice_remembers_one_snapshot(town: Town) -> None:
    record = await town.campaign()
    await pace_setting(town)
    box = Postbox(CHAT)
    assert await town.services.bulletins.post(record, "tz", CHAT, box, lang="en") == CHAT
    await town.report("丁一", 1, 2)
    assert await town.services.bulletins.post(record, "tz", CHAT, box, lang="en") == CHAT
    assert [chat for chat, _ in box.posted] == [CHAT, CHAT]
    assert await snapshots(town) == 1
    assert await SnapshotRepo(town.services.db.reader).last(record.id, "tz") == {
        "va": 0.5,
        "vb": 0.25,
        "vc": 0.05,
        "vd": 0.1,
    }


async def test_the_most_improved_is_measured_from_the_previous_bulletin(town: Town) -> None:
    record = await town.campaign()
    await pace_setting(town)
    await town.services.bulletins.post(record, "tz", CHAT, Postbox(CHAT), lang="en")
    await town.report("丙一", 2, 6)  # 丙村 5% → 35%: +30 points
    await town.report("丁一", 1, 2)  # 丁村 0% → 10%: +10 points
    again = await town.services.bulletins.compose(record, "tz", "en")
    assert "📈 Most improved: 丙村 (+30.0 points)" in again.lines


async def test_the_chat_the_bulletin_reached_is_the_one_recorded(town: Town) -> None:
    """The group became a supergroup on the way: the audit names the new chat and the binding moves."""
    record = await town.campaign()
    leader = await town.actor("镇长")
    await town.services.sharing.bind_group(leader, record, CHAT)
    used = await town.services.bulletins.post(record, "tz", CHAT, Postbox(SUPERGROUP), lang="en", posted_by=leader)
    assert used == SUPERGROUP
    [details] = await town.audited("bulletin_post")
    assert f'"chat_id": {SUPERGROUP}' in details
    assert await town.services.sharing.is_bound(SUPERGROUP)
    assert not await town.services.sharing.is_bound(CHAT)


async def test_a_bulletin_that_reached_no_chat_records_nothing(town: Town) -> None:
    record = await town.campaign()
    await pace_setting(town)
    box = Postbox(None)
    leader = await town.actor("镇长")
    assert await town.services.bulletins.post(record, "tz", CHAT, box, lang="en", posted_by=leader) is None
    assert len(box.posted) == 1  # it was tried
    assert await snapshots(town) == 0
    assert await town.audited("bulletin_post") == []
