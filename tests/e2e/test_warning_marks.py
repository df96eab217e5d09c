"""/laggards marks members by their graduated warning (issue 11 §5): 🟨 after one missed checkpoint,
🟥 after two, 📢 at the public step; nothing once a met checkpoint reset the count, and nothing when
the campaign has no warnings. Through PTB and the emulator; the example plan, 张三 with its only
personal quota (60 % asks 12 visits and 9 checkups, 80 % 16 and 12)."""

from __future__ import annotations

from datetime import datetime

from scheduler.runner import Runner
from tests.example_plans import LADDER, with_plan
from tests.harness import SH, Harness

CHECKPOINT_60 = datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH)
CHECKPOINT_80 = datetime(2026, 12, 15, 18, 0, 30, tzinfo=SH)


def person_line(body: str) -> str:
    return next(line for line in body.splitlines() if "张三：" in line)


async def test_laggards_show_the_yellow_then_the_red_card_before_the_name(h: Harness) -> None:
    await with_plan(h, LADDER)
    village = await h.join("李书记", 2002)
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(CHECKPOINT_60)
    await runner.tick()
    [reply] = await h.say(village, "/laggards")
    assert person_line(reply.body).startswith("• 🟨 张三：还差 入户走访 16、健康体检 12")
    h.clock.set(CHECKPOINT_80)
    await runner.tick()
    [reply] = await h.say(village, "/laggards")
    assert person_line(reply.body).startswith("• 🟥 张三：还差 入户走访 20、健康体检 15")


async def test_a_met_checkpoint_clears_the_mark(h: Harness) -> None:
    await with_plan(h, LADDER)
    village, zhang = await h.join("李书记", 2002), await h.join("张三", 1001)
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(CHECKPOINT_60)
    await runner.tick()
    await h.say(zhang, "走访16 体检12")
    h.clock.set(CHECKPOINT_80)
    await runner.tick()
    h.clock.set(datetime(2026, 12, 25, 10, 0, tzinfo=SH))  # behind the pace to 100 % again, but 80 % was met
    [reply] = await h.say(village, "/laggards")
    assert person_line(reply.body).startswith("• 张三：还差")


async def test_without_warnings_no_mark_is_shown(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    h.clock.set(CHECKPOINT_60)
    await Runner.create(h.services, h.app.bot).tick()
    [reply] = await h.say(village, "/laggards")
    assert person_line(reply.body).startswith("• 张三：还差")


REMIND_80 = datetime(2026, 12, 12, 9, 0, 30, tzinfo=SH)


def digests(h: Harness, user_id: int) -> list[str]:
    return [s.body for s in h.emu.sent(user_id) if "落后名单" in s.body]


async def the_village_digest_at_80(h: Harness) -> str:
    """The village leader's one digest of the 80 % reminder, after the 60 % checkpoint was judged."""
    village = await h.join("李书记", 2002)
    runner = Runner.create(h.services, h.app.bot)
    h.clock.set(CHECKPOINT_60)
    await runner.tick()
    h.clock.set(REMIND_80)
    await runner.tick()
    [digest] = digests(h, village["id"])
    return digest


async def test_a_digest_marks_the_names_it_lists_as_laggards_does(h: Harness) -> None:
    await with_plan(h, LADDER)
    digest = await the_village_digest_at_80(h)
    assert person_line(digest).startswith("• 🟨 张三：还差")


async def test_without_warnings_a_digest_shows_no_mark(h: Harness) -> None:
    digest = await the_village_digest_at_80(h)
    assert person_line(digest).startswith("• 张三：还差")
