"""Leader digests and missed-checkpoint lists stay within Telegram's 4096-character limit however
many members are behind (a too-long message is refused with 400 and would be stored `failed`)."""

from __future__ import annotations

from datetime import datetime

from bot.domain.model import ReportSource
from bot.domain.origin import Origin
from bot.domain.parser import ParsedItem
from bot.storage.campaigns import CampaignRepo
from bot.storage.org import MemberRecord
from scheduler.runner import Runner
from tests.example_plans import JOINED, NEVER_JOINED, big_plan
from tests.harness import SH, Harness


async def _join_in_bulk(h: Harness, count: int) -> list[MemberRecord]:
    """Bind the first `count` extra cadres to Telegram accounts (through the service: 320 /start
    round trips would only slow the test down; onboarding has its own e2e tests)."""
    campaign = await h.campaign_id()
    invites = await h.services.invites.invites(campaign, None, "campaign_test_bot")
    joined: list[MemberRecord] = []
    for invite in sorted(invites, key=lambda i: i.member.member.name):
        if invite.member.member.name.startswith("队员") and len(joined) < count:
            joined.append(await h.services.invites.redeem(invite.code, 50_000 + len(joined)))
    return joined


async def _catch_up(h: Harness, members: list[MemberRecord]) -> None:
    """Each reports their one visit, so the next reminder fan-out goes to nobody but the leader
    (the rate limiter would otherwise spend ten seconds on 320 reminders this test is not about)."""
    [record] = list(await CampaignRepo(h.services.db.reader).all())
    for i, member in enumerate(members):
        origin = Origin(ReportSource.TEXT, member.member.telegram_user_id, i + 1)
        await h.services.reports.submit(record, member, [ParsedItem("visit", 1)], origin)


async def _states(h: Harness) -> dict[str, int]:
    async with h.services.db.reader.execute("SELECT state, COUNT(*) FROM notifications GROUP BY state") as cur:
        return {row[0]: row[1] for row in await cur.fetchall()}


async def test_hundreds_behind_still_get_a_complete_digest_and_missed_list(h: Harness) -> None:
    await h.services.plans.import_plan(big_plan())
    village = await h.join("李书记", 2002)
    joined = await _join_in_bulk(h, JOINED)
    runner = Runner.create(h.services, h.app.bot)
    # Down from before the 60 % reminders until after its due time: 320 reminders are recorded
    # `missed` and the checkpoint's missed list names all 400 extra cadres (≈ 12 000 characters).
    h.clock.set(datetime(2026, 12, 6, 10, 0, tzinfo=SH))
    await runner.tick()
    missed_text = "\n".join(s.body for s in h.emu.sent(village["id"]))
    assert "未达标人员" in missed_text
    assert all(f"• 队员{i:03d}：" in missed_text for i in range(JOINED + NEVER_JOINED))
    await _catch_up(h, joined)
    # The next digest lists the 320 problems, the laggards (capped) and the unreachable (capped).
    h.clock.set(datetime(2026, 12, 12, 9, 0, 30, tzinfo=SH))
    before = len(h.emu.sent(village["id"]))
    await runner.tick()
    digest = [s.body for s in h.emu.sent(village["id"])[before:]]
    assert len(digest) > 1
    assert all(len(part) <= 4096 for part in digest)
    text = "\n".join(digest)
    assert "落后名单" in text
    assert "联系不上" in text
    assert "另有" in text
    assert all(f"未送达（机器人停机期间节点已截止）：{m.member.name} " in text for m in joined)
    states = await _states(h)
    assert "failed" not in states, states
    # Every problem was listed once: the next digest has none left.
    h.clock.set(datetime(2026, 12, 14, 9, 0, 30, tzinfo=SH))
    before = len(h.emu.sent(village["id"]))
    await runner.tick()
    later = "\n".join(s.body for s in h.emu.sent(village["id"])[before:])
    assert "落后名单" in later
    assert "未送达" not in later
    assert "failed" not in await _states(h)


class _FaultAfterFirstPart:
    """The real bot, except that once the first message reached `chat_id` the emulator is told to
    answer the next one with 429: a retry that starts over would deliver the first part twice."""

    def __init__(self, h: Harness, chat_id: int) -> None:
        self._h, self._chat_id, self._armed = h, chat_id, True

    def __getattr__(self, name: str) -> object:
        return getattr(self._h.app.bot, name)

    async def send_message(self, chat_id: int, text: str, **kwargs: object) -> object:
        message = await self._h.app.bot.send_message(chat_id, text, **kwargs)
        if chat_id == self._chat_id and self._armed:
            self._armed = False
            self._h.emu.inject_fault("sendMessage", "429", retry_after=3, chat_id=chat_id)
        return message


async def test_a_429_between_the_parts_of_a_split_list_resumes_without_repeating_a_part(h: Harness) -> None:
    await h.services.plans.import_plan(big_plan())
    village = await h.join("李书记", 2002)
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    runner = Runner.create(h.services, _FaultAfterFirstPart(h, village["id"]), sleep=fake_sleep)  # type: ignore[arg-type]
    h.clock.set(datetime(2026, 12, 6, 10, 0, tzinfo=SH))
    before = len(h.emu.sent(village["id"]))
    await runner.tick()
    parts = [s.body for s in h.emu.sent(village["id"])[before:]]
    assert slept == [3.0]
    assert len(parts) > 1
    assert len(set(parts)) == len(parts)  # no part twice
    text = "\n".join(parts)
    assert all(text.count(f"• 队员{i:03d}：") == 1 for i in range(JOINED + NEVER_JOINED))
    async with h.services.db.reader.execute("SELECT state FROM notifications WHERE kind = 'missed'") as cur:
        assert [row[0] for row in await cur.fetchall()] == ["sent"]
