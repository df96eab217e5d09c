"""A leader's reminder digest and /laggards list the same laggards (README, the laggard rule): "No one
labelled 领先/ahead or 正常/on track is ever in a list of laggards." The digest's heading says so too:
"未达到 … 节点目标且落后于进度的共 N 个（括号内为进度状态）". The demo shows 李书记's digest of 12月2日 listing
"七岭村：还差 健康体检 13（领先）" — his own village, ahead of pace — while /laggards says nobody lags.

The town of tests/services/towns.py at NOW (expected 25%): 甲一 has 9 of 甲村's 20 visits (45%, 20 points
ahead) and the 50% target is 10, so 甲村 is short of the target but well ahead of pace."""

from __future__ import annotations

from bot.domain.standing import LAGGING
from bot.views import digests

from .towns import Town


async def test_the_digest_lists_no_unit_that_is_ahead_of_pace(town: Town) -> None:
    await town.report("甲一", 1, 9)
    record = await town.campaign()
    loaded = await town.services.progress.load(record)
    leader = next(r for r in loaded.members.values() if r.member.name == "甲书记")
    basis = await town.services.audience.digest_basis(loaded)
    digest = await town.services.audience.digest(record, loaded, basis, leader, record.campaign.milestones[0])
    listed = {s.assignee.key: s.status.value for s in digest.laggards}
    assert all(s.status in LAGGING for s in digest.laggards), f"listed as behind though not lagging: {listed}"


async def test_the_digest_and_laggards_agree_for_the_same_leader_and_moment(town: Town) -> None:
    await town.report("甲一", 1, 9)
    record = await town.campaign()
    loaded = await town.services.progress.load(record)
    leader = next(r for r in loaded.members.values() if r.member.name == "甲书记")
    basis = await town.services.audience.digest_basis(loaded)
    digest = await town.services.audience.digest(record, loaded, basis, leader, record.campaign.milestones[0])
    asked = await town.services.laggards.laggards(await town.actor("甲书记"), record)
    assert [s.assignee for s in digest.laggards] == [s.assignee for s in asked.behind]


async def test_the_leaders_own_unit_still_short_of_the_target_is_a_line_of_its_own(town: Town) -> None:
    """What 甲村 still needs for 50 % is useful to 甲书记 (its quota reaches its people), but it is ahead of
    pace: it gets its own line, the laggard heading counts nobody, and no bullet of the list names it."""
    await town.report("甲一", 1, 9)
    record = await town.campaign()
    loaded = await town.services.progress.load(record)
    leader = next(r for r in loaded.members.values() if r.member.name == "甲书记")
    basis = await town.services.audience.digest_basis(loaded)
    milestone = record.campaign.milestones[0]
    listed = await town.services.audience.digest(record, loaded, basis, leader, milestone)
    assert listed.own is not None
    assert listed.own.assignee.key == "va"

    def text(lang: str) -> str:
        recipients = digests.Recipients(listed.members, listed.groups)
        parts = digests.digest(
            lang, record.campaign, milestone, loaded.tree, listed.unit_code, listed.laggards, listed.unreachable,
            listed.problems, recipients, False, own=listed.own,
        )  # fmt: skip
        return "\n".join(parts)

    zh, en = text("zh"), text("en")
    assert "共 0 个" in zh
    assert "本单位甲村距 50% 节点目标还差 入户走访 1" in zh
    assert "领先" in zh
    assert "• 甲村" not in zh
    assert "Your unit 甲村 needs" in en
    assert "• 甲村" not in en
