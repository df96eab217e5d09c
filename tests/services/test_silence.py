"""Who has not reported (SPEC §5): members in a leader's scope with no report today, or for N days
in a row, on a real database. In 潭镇 every cadre's quota sits on their village (none of their own):
they are still expected to report; the village leaders, with no quota, are not listed."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.domain.errors import NotAllowed
from tests.services.towns import Town
from tests.storage.conftest import TZ

pytestmark = pytest.mark.usefixtures("town")


async def _reports(town: Town) -> None:
    """甲一 last reported on 16 Nov, 乙一 on 19 Nov, 丙一 this morning; 丁一 never did."""
    for message, (name, day, hour) in enumerate([("甲一", 16, 10), ("乙一", 19, 10), ("丙一", 20, 9)], start=1):
        town.clock.set(datetime(2026, 11, day, hour, 0, tzinfo=TZ))
        await town.report(name, message, 2)
    town.clock.set(datetime(2026, 11, 20, 12, 0, tzinfo=TZ))


async def test_the_town_leader_sees_everyone_silent_today_with_their_days_in_a_row(town: Town) -> None:
    await _reports(town)
    silence = await town.services.laggards.silence(await town.actor("镇长"), await town.campaign())
    # 甲一: 17, 18, 19, 20 Nov; 乙一: today; 丁一: every day since the start on 10 Nov (11 days)
    assert {(s.member, s.days, s.ever_reported) for s in silence.members} == {
        ("甲一", 4, True),
        ("乙一", 1, True),
        ("丁一", 11, False),
    }
    assert silence.today == datetime(2026, 11, 20, tzinfo=TZ).date()
    three = await town.services.laggards.silence(await town.actor("镇长"), await town.campaign(), at_least=3)
    assert [s.member for s in three.members] == ["甲一", "丁一"]


async def test_a_village_leader_sees_their_village_only(town: Town) -> None:
    await _reports(town)
    silence = await town.services.laggards.silence(await town.actor("甲书记"), await town.campaign())
    assert [s.member for s in silence.members] == ["甲一"]


async def test_a_cadre_may_not_ask(town: Town) -> None:
    with pytest.raises(NotAllowed):
        await town.services.laggards.silence(await town.actor("甲一"), await town.campaign())
