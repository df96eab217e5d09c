"""A leader setting or ending someone's leave tells that member privately (issue 11 §2, a gap left open):
one outbox row per /leave message and member, so a redelivered update tells nobody twice; in the member's
own language; a member setting their own leave is not told what they just did."""

from __future__ import annotations

from tests.harness import Harness
from tests.redelivery import last_update_id, restart_and_redeliver


async def told_rows(h: Harness) -> int:
    rows = await h.services.db.reader.execute_fetchall("SELECT COUNT(*) FROM notifications WHERE kind = 'leave_told'")
    return int(next(iter(rows))[0])


async def test_a_leader_setting_leave_tells_the_member_privately_exactly_once(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    village = await h.join("李书记", 2002)
    before = len(h.emu.sent(zhang["id"]))
    await h.say(village, "/leave 张三 11-24 11-26")
    [told] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "负责人 <b>李书记</b> 已为您登记请假：11月24日 至 11月26日（共 3 天）" in told.body
    replies = len(h.emu.sent(village["id"]))
    await restart_and_redeliver(h, last_update_id(h))  # the same /leave again
    await h.emu.wait_for_sent(village["id"], after=replies)
    await h.emu.settle()
    assert len(h.emu.sent(zhang["id"])) == before + 1
    assert await told_rows(h) == 1


async def test_a_leader_ending_or_calling_off_leave_tells_the_member(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    village = await h.join("李书记", 2002)

    async def told_after(typed: str) -> str:
        before = len(h.emu.sent(zhang["id"]))
        await h.say(village, typed)
        [told] = await h.emu.wait_for_sent(zhang["id"], after=before)
        return told.body

    assert "已为您登记请假" in await told_after("/leave 张三 11-28 11-30")
    off = await told_after("/leave 张三 off")  # not yet begun
    assert "负责人 <b>李书记</b> 已取消您尚未开始的请假（11月28日 至 11月30日）" in off
    assert "已为您登记请假" in await told_after("/leave 张三 11-20 11-22")  # under way: the clock reads 11-20
    ended = await told_after("/leave 张三 off")
    assert "负责人 <b>李书记</b> 已提前结束您的请假，今天（11月20日）是最后一天" in ended
    assert await told_rows(h) == 4


async def test_the_member_is_told_in_their_own_language(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/lang en")
    village = await h.join("李书记", 2002)
    before = len(h.emu.sent(zhang["id"]))
    await h.say(village, "/leave 张三 11-24 11-26")
    [told] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert "<b>李书记</b> (a leader) recorded leave for you: 24 Nov to 26 Nov (3 days)" in told.body


async def test_own_leave_and_a_member_not_joined_send_no_notice(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    village = await h.join("李书记", 2002)
    [done] = await h.say(zhang, "/leave 11-24 11-26")
    assert "已登记请假" in done.body
    await h.say(village, "/leave 李四 11-24 11-26")  # 李四 has no private chat with the bot
    await h.emu.settle()
    assert await told_rows(h) == 0
