"""A cadre who missed a checkpoint must not be able to wipe out his own recorded warning by declaring,
afterwards, a leave that reaches back over the checkpoint's day.

`/leave` lets a cadre set his own leave without anyone's approval, and a leave may begin in the past
as long as it has not ended (bot/domain/leave.py `check` refuses only a leave that is over). The ladder
leaves out every checkpoint whose day the member is *now* on leave (services/warnings.py `_present`:
"a leave set afterwards still leaves it out"), so on 14 Dec 张三 sends `/leave 12-05 12-15`: his 🟨 of
the 60 % checkpoint (5 Dec) disappears from /laggards, the digests and the export's 警告 column, and
his next miss counts as his first. The README promises "Each step is stored … so nothing is recorded
or sent twice" and counts "checkpoints that a member … missed in a row, as the stored checkpoint
evaluation judged them" — a self-declared leave is no such judgement.

The decision: a member's own `/leave` may not begin before today (a leader records past leave, in scope —
that is a judgement, and it legitimately leaves the checkpoint out). A leave from today on is still the
member's own business: it leaves out the checkpoints to come, but neither erases nor resets anything.

The example plan with the ladder 1/2/3 (tests/services/warning_world.py): 张三 has the only personal
quota; he reports nothing, so he misses every checkpoint."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.domain.errors import DomainError
from bot.domain.origin import MessageKey
from bot.domain.warnings import WarningLevel
from tests.harness import SH

from .warning_world import USERS, Example, example, levels

__all__ = ["example"]


async def test_a_cadres_own_leave_may_not_reach_back_over_a_judged_checkpoint(example: Example) -> None:
    assert await example.judge(0)  # 60 %, 5 Dec: 张三 missed it
    assert await levels(example) == {"张三": WarningLevel.YELLOW}
    example.clock.set(datetime(2026, 12, 14, 9, 0, tzinfo=SH))  # the day before the 80 % checkpoint
    record = await example.record()
    zhang = await example.services.directory.actor(USERS["张三"])
    with pytest.raises(DomainError) as refused:
        await example.services.leave.set(zhang, record, "12-05", "12-15", MessageKey(USERS["张三"], 60, 0))
    assert refused.value.key == "leave.own_past"
    assert await example.services.leave.own(record, zhang.member_id or 0) is None, "nothing recorded"
    assert await levels(example) == {"张三": WarningLevel.YELLOW}, "his own late leave wiped out his card"


async def test_a_cadres_own_leave_from_today_does_not_reset_his_run_of_misses(example: Example) -> None:
    """Missed 60 %; own leave from 14 Dec over the 80 % day (15 Dec); missed 100 %: the 80 % day he was
    away neither counts nor resets, so 100 % is his second miss in a row — red, not a fresh yellow."""
    assert await example.judge(0)
    example.clock.set(datetime(2026, 12, 14, 9, 0, tzinfo=SH))
    record = await example.record()
    zhang = await example.services.directory.actor(USERS["张三"])
    await example.services.leave.set(zhang, record, "12-14", "12-15", MessageKey(USERS["张三"], 60, 0))
    assert await levels(example) == {"张三": WarningLevel.YELLOW}
    assert await example.judge(1)  # 80 %: on leave, not judged for him
    assert await example.judge(2)  # 100 %: missed again
    assert (await levels(example)).get("张三") is WarningLevel.RED


async def test_a_leader_may_still_record_past_leave_in_scope(example: Example) -> None:
    """李书记 records 张三's leave of 5–15 Dec after the fact: a leader's judgement, so the 60 % checkpoint
    (5 Dec) is left out of his ladder, as the README says."""
    assert await example.judge(0)
    example.clock.set(datetime(2026, 12, 14, 9, 0, tzinfo=SH))
    record = await example.record()
    village = await example.services.directory.actor(USERS["李书记"])
    done = await example.services.leave.set(
        village, record, "12-05", "12-15", MessageKey(USERS["李书记"], 61, 0), who="张三"
    )
    assert not done.own
    assert "张三" not in await levels(example)


async def test_a_cadres_own_leave_from_today_may_not_cover_todays_checkpoint_once_it_is_judged(
    example: Example,
) -> None:
    """The 60 % checkpoint is due 5 Dec 18:00 and judged just after; at 19:00 that day a leave "from today"
    would reach back over it just the same: it begins tomorrow at the earliest."""
    assert await example.judge(0)  # the clock now reads 5 Dec, just after 18:00
    assert await levels(example) == {"张三": WarningLevel.YELLOW}
    record = await example.record()
    zhang = await example.services.directory.actor(USERS["张三"])
    with pytest.raises(DomainError) as refused:
        await example.services.leave.set(zhang, record, "12-05", "12-08", MessageKey(USERS["张三"], 62, 0))
    assert refused.value.key == "leave.own_judged"
    assert await levels(example) == {"张三": WarningLevel.YELLOW}
    done = await example.services.leave.set(zhang, record, "12-06", "12-08", MessageKey(USERS["张三"], 63, 0))
    assert done.own
    assert await levels(example) == {"张三": WarningLevel.YELLOW}
