"""/sample N (抽查, issue 11 §4): N pending reports of the leader's scope, flagged ones first, opened
with the same approve / reject buttons as /verify; the picks are recorded in the audit log, once per
update (a redelivered /sample gives the same picks); a bad N gets a clear reply."""

from __future__ import annotations

import json
from datetime import datetime

from bot.emulator import SentMessage
from tests.harness import SH, Harness, start_app, stop_app


async def _sampled(h: Harness) -> list[dict[str, object]]:
    rows = await h.services.db.reader.execute_fetchall(
        "SELECT actor_member_id, details FROM audit_log WHERE action = 'sample' ORDER BY id"
    )
    return [json.loads(r[1]) | {"by": r[0]} for r in rows]


def _approves(listing: SentMessage) -> list[str]:
    return [data for text, data in listing.buttons() if text == "✅"]


async def test_sample_picks_flagged_first_opens_them_for_review_and_records_the_choice(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang, wang = await h.join("张三", 1001), await h.join("王五", 1003)
    h.clock.set(datetime(2026, 11, 21, 23, 40, tzinfo=SH))
    await h.say(wang, "体检2")  # the one flagged report
    h.clock.set(datetime(2026, 11, 22, 10, 0, tzinfo=SH))
    for n in range(1, 6):
        await h.say(zhang, f"走访{n}")
    [listing] = await h.say(town, "/sample 2")
    assert "抽查 2 条（其中 1 条有异常提示），待审核 2 条：" in listing.body
    assert "⚠ 深夜上报 23:40" in listing.body
    assert "王五" in listing.body.splitlines()[1]  # the flagged one first
    [record] = await _sampled(h)
    assert (record["n"], len(record["reports"]), len(record["flagged"])) == (2, 2, 1)  # type: ignore[arg-type]
    assert record["by"] is not None
    await h.press(town, listing, _approves(listing)[0])
    assert "待审核 1 条" in listing.body  # the rest of the sample, not the whole backlog
    assert "王五" not in listing.body
    await h.press(town, listing, _approves(listing)[0])
    assert listing.body == "本次抽查的上报已全部审核。"


async def test_a_redelivered_sample_gives_the_same_picks(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    for n in range(1, 9):
        await h.say(zhang, f"走访{n}")
    [first] = await h.say(town, "/sample 3")
    before = len(h.emu.sent(town["id"]))
    await stop_app(h.app)  # the process died before Telegram heard the update was done
    h.emu.redeliver(max(h.emu.world.delivered))
    h.app = await start_app(h.emu, h.settings, h.clock)
    [second] = await h.emu.wait_for_sent(town["id"], count=1, after=before)
    assert first.body == second.body
    assert len(await _sampled(h)) == 1


async def test_a_bad_count_is_explained(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    for text in ("/sample 0", "/sample abc", "/sample 51"):
        [reply] = await h.say(town, text)
        assert "抽查数量请写 1 到 50 之间的整数" in reply.body, text
    assert await _sampled(h) == []


async def test_without_pending_reports_sample_says_so_and_records_nothing_to_check(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    [reply] = await h.say(town, "/sample 5")
    assert reply.body == "没有待审核的上报。"


async def test_a_cadre_cannot_sample(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [reply] = await h.say(zhang, "/sample 5")
    assert "负责人" in reply.body
    assert await _sampled(h) == []


async def test_help_lists_sample_and_verify_flagged_for_leaders(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    [reply] = await h.say(town, "/help")
    assert "/sample [数量] [单位]" in reply.body
    assert "/verify 异常 [单位]" in reply.body


async def test_a_unit_of_another_town_is_refused_by_the_name_the_leader_wrote(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    asked = (("/sample 3 元木村", "「元木村」"), ("/laggards 元木村", "「元木村」"), ("/progress ym", "「ym」"))
    for text, shown in asked:
        [reply] = await h.say(town, text)
        assert shown in reply.body, text
        assert "不在您负责的范围内" in reply.body, text
