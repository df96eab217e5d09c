"""The ranking's tie-break, on a real database: "units of the next level ranked by completion (ties:
earlier to reach it)" (SPEC). Two defects of the issue 11 note of 2026-12-01, fixed since the tie-break is
since when the *capped completion* has held its level (bot/domain/reaching.py), no longer the counted sum's
latest live entry:

Work reported past the quota moves the sum but not the completion: a village that met its target first
and kept working ranks ahead of one that met it later and stopped — over-delivery is not punished.

An edit that changes no count — "走访10" edited to "走访10户" to fix the wording — is recorded as the old
entry taken back and a new revision at the edit's time: one moment whose entries net 0, which moves
nothing, so a cosmetic edit days later costs the village no place in a tie.

The town of tests/services/towns.py: 甲村 and 乙村 each have a visit quota of 20; 甲一 and 乙一 are their
cadres."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.model import Assignee, AssigneeKind
from bot.domain.origin import MessageKey
from bot.domain.ranking import rank
from bot.domain.standing import Standing
from bot.services.reporting import Recorded, TextReport

from .towns import NOW, Town


async def ranked_villages(town: Town) -> list[Standing]:
    """潭镇's villages as its ranking orders them."""
    loaded = await town.services.progress.load(await town.campaign())
    villages = [s for s in loaded.book.children("tz") if s.assignee.kind is AssigneeKind.UNIT]
    return [row.standing for row in rank(villages)]


async def test_a_village_that_met_its_quota_first_ranks_first_though_it_kept_working(town: Town) -> None:
    """甲村 meets its 20 visits on 20 Nov, 乙村 on 21 Nov; on 22 Nov 甲一 reports 2 more visits (beyond the
    quota). Both villages stand at 100 %: 甲村 reached it earlier and ranks first in 潭镇's ranking —
    not second because its cadre went on working."""
    town.clock.set(NOW + timedelta(hours=10))
    await town.report("甲一", 1, 20)
    town.clock.set(NOW + timedelta(days=1, hours=10))
    await town.report("乙一", 1, 20)
    town.clock.set(NOW + timedelta(days=2, hours=10))
    await town.report("甲一", 2, 2)
    ranked = await ranked_villages(town)
    assert [s.completion for s in ranked[:2]] == [1.0, 1.0]
    assert [s.assignee for s in ranked[:2]] == [Assignee.unit("va"), Assignee.unit("vb")], (
        "甲村 met its quota first but ranks behind 乙村: its cadre's visits beyond the quota moved the tie-break"
    )


async def test_an_edit_that_changes_no_count_does_not_move_the_villages_place_in_a_tie(town: Town) -> None:
    """甲村 reaches 10 of 20 visits on 20 Nov, 乙村 on 21 Nov: tied at 50 %, 甲村 first. On 22 Nov 甲一
    edits his message "走访10" into "走访10户" (still 10 visits): the sum did not move, 甲村 still ranks first."""
    town.clock.set(NOW + timedelta(hours=10))
    await town.report("甲一", 1, 10)
    town.clock.set(NOW + timedelta(days=1, hours=10))
    await town.report("乙一", 1, 10)
    town.clock.set(NOW + timedelta(days=2, hours=10))
    user = town.users["甲一"]
    edit = TextReport(MessageKey(user, 1, 1), "走访10户", private=True, edited=True, forwarded=False)
    assert isinstance(await town.services.reports.text(await town.actor("甲一"), edit), Recorded)
    ranked = await ranked_villages(town)
    assert [s.completion for s in ranked[:2]] == [0.5, 0.5]
    assert [s.assignee for s in ranked[:2]] == [Assignee.unit("va"), Assignee.unit("vb")], (
        "an edit that changed no count moved 甲村's tie-break to the edit's time"
    )
