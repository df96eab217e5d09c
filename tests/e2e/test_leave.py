"""Leave (请假, issue 11 §2) through PTB and the emulator: /leave for oneself and, by a leader, for a
member in scope; /leave alone lists; /leave off ends it early; bad input changes nothing; a redelivered
/leave writes once and is answered the same; in English too."""

from __future__ import annotations

from typing import Any

from bot.plans import load_plan
from tests.example_plans import TWO_WANG_FANG
from tests.harness import Harness
from tests.redelivery import last_update_id, restart_and_redeliver


async def leaves(h: Harness) -> list[tuple[Any, ...]]:
    rows = await h.services.db.reader.execute_fetchall(
        "SELECT m.name, l.first_day, l.last_day, l.cancelled FROM leaves l JOIN members m ON m.id = l.member_id "
        "ORDER BY l.id"
    )
    return [tuple(r) for r in rows]


async def test_a_cadre_takes_leave_sees_it_and_comes_back_early(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [done] = await h.say(zhang, "/leave 11-20 12月3日")  # the clock reads 11-20
    assert "已登记请假：11月20日 至 12月3日（共 14 天）" in done.body
    [listed] = await h.say(zhang, "/leave")
    assert "张三：11月20日 至 12月3日" in listed.body
    [ended] = await h.say(zhang, "/leave off")
    assert "今天（11月20日）是最后一天" in ended.body
    assert await leaves(h) == [("张三", "2026-11-20", "2026-11-20", 0)]
    [again] = await h.say(zhang, "/leave off")  # a second message the same day: nothing more happens
    assert "张三的请假今天已是最后一天，无需再结束" in again.body
    assert await leaves(h) == [("张三", "2026-11-20", "2026-11-20", 0)]


async def test_a_cadres_own_leave_cannot_begin_before_today_a_leaders_record_can(h: Harness) -> None:
    """Leave leaves out the checkpoints of its days: declared afterwards by the member himself, it would
    erase his own warning card. Past days are a leader's to record."""
    zhang = await h.join("张三", 1001)
    [refused] = await h.say(zhang, "/leave 11-19 11-22")  # the clock reads 11-20
    assert "本人请假最早从今天开始" in refused.body
    assert "请负责人补记" in refused.body
    assert await leaves(h) == []
    await h.say(zhang, "/lang en")
    [english] = await h.say(zhang, "/leave 11-19 11-22")
    assert "Your own leave can start today at the earliest" in english.body
    assert "ask a leader to record the leave" in english.body
    village = await h.join("李书记", 2002)
    [done] = await h.say(village, "/leave 张三 11-19 11-22")
    assert "已为 <b>张三</b> 登记请假：11月19日 至 11月22日" in done.body
    assert await leaves(h) == [("张三", "2026-11-19", "2026-11-22", 0)]


async def test_a_leader_records_leave_for_a_member_in_scope_by_name(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    [done] = await h.say(village, "/leave 李四 11-24 11-26")
    assert "已为 <b>李四</b> 登记请假：11月24日 至 11月26日" in done.body
    [refused] = await h.say(village, "/leave 王五 11-24 11-26")
    assert "不在您负责的范围内" in refused.body
    [listed] = await h.say(village, "/leave")
    assert "李四：11月24日 至 11月26日" in listed.body
    [off] = await h.say(village, "/leave 李四 off")  # not yet begun: called off
    assert "<b>李四</b> 尚未开始的请假已取消" in off.body
    assert await leaves(h) == [("李四", "2026-11-24", "2026-11-26", 1)]


async def test_a_cadre_cannot_record_leave_for_someone_else(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [refused] = await h.say(zhang, "/leave 李四 11-24 11-26")
    assert "仅限负责人" in refused.body
    assert await leaves(h) == []


async def test_bad_input_gets_a_clear_reply_and_changes_nothing(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    cases = {
        "/leave 12-15 12-10": "结束日期早于开始日期",
        "/leave 11-1 11-5": "已经过去",
        "/leave 12-32 12-33": "看不懂日期“12-32”",
        "/leave 明天": "用法",
        "/leave off": "目前没有请假",
        "/leave 2027-03-01 2027-03-02": "不在本活动期间",
    }
    for typed, expected in cases.items():
        [reply] = await h.say(zhang, typed)
        assert expected in reply.body, typed
    assert await leaves(h) == []


async def test_a_redelivered_leave_is_written_once_and_answered_the_same(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [first] = await h.say(zhang, "/leave 12-10 12-15")
    before = len(h.emu.sent(zhang["id"]))
    await restart_and_redeliver(h, last_update_id(h))
    [again] = await h.emu.wait_for_sent(zhang["id"], after=before)
    assert again.body == first.body
    assert await leaves(h) == [("张三", "2026-12-10", "2026-12-15", 0)]


async def test_leave_is_not_discussed_in_a_group(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    group = await h.bound_group(village, -100500, "七岭村工作群")
    [reply] = await h.say(zhang, "/leave 11-24 11-26", chat=group)
    assert "私聊" in reply.body
    assert await leaves(h) == []
    before = len(h.emu.sent(village["id"]))
    [note] = await h.say(village, "/leave 李四 11-24 11-26", chat=group)  # the leader: answered privately
    assert "已私信" in note.body
    [told] = await h.emu.wait_for_sent(village["id"], after=before)
    assert "李四" in told.body
    assert await leaves(h) == [("李四", "2026-11-24", "2026-11-26", 0)]


async def test_leave_in_english(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/lang en")
    [done] = await h.say(zhang, "/leave 12-10 12-15")
    assert "Leave recorded: 10 Dec to 15 Dec (6 days)" in done.body
    [bad] = await h.say(zhang, "/leave 12-15 12-10")
    assert "The last day is before the first" in bad.body


async def test_laggards_say_on_leave_until_instead_of_listing_the_member(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    [before] = await h.say(village, "/laggards")
    assert "张三" in before.body  # no report at all: behind
    assert "请假至" not in before.body
    await h.say(village, "/leave 张三 11-20 11-22")  # one working day: no re-split offer
    [after] = await h.say(village, "/laggards")
    assert "张三 · 请假至 11月22日" in after.body
    assert after.body.count("张三") == 1


async def test_two_namesakes_are_told_apart_by_the_way_the_reply_shows(h: Harness) -> None:
    await h.services.plans.import_plan(load_plan(TWO_WANG_FANG.encode(), "plan.yaml"))
    town = await h.join("郭镇长", 2001)
    [asked] = await h.say(town, "/leave 王芳 11-24 11-26")
    assert "“王芳”不止一个" in asked.body
    assert await leaves(h) == []
    [done] = await h.say(town, "/leave 王芳（双泉村） 11-24 11-26")
    assert "已为 <b>王芳</b> 登记请假" in done.body
    assert await leaves(h) == [("王芳", "2026-11-24", "2026-11-26", 0)]


async def test_a_cadre_who_writes_their_own_name_or_a_third_date_is_understood_or_shown_how(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [own] = await h.say(zhang, "/leave 张三 11-24 11-26")  # a new user copying the leader's form
    assert "已登记请假：11月24日 至 11月26日（共 3 天）" in own.body
    [usage] = await h.say(zhang, "/leave 11-27 11-28 11-29")  # not a name: three dates
    assert usage.body.startswith("用法：")
    assert "仅限负责人" not in usage.body
    assert await leaves(h) == [("张三", "2026-11-24", "2026-11-26", 0)]


async def test_me_shows_ones_own_current_or_coming_leave(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [plain] = await h.say(zhang, "/me")
    assert "请假" not in plain.body
    await h.say(zhang, "/leave 12-10 12-15")  # coming
    [coming] = await h.say(zhang, "/me")
    assert "请假：12月10日 至 12月15日" in coming.body
    await h.say(zhang, "/leave off")  # not yet begun: called off
    await h.say(zhang, "/leave 11-20 11-22")  # under way: the clock reads 11-20
    [now] = await h.say(zhang, "/me")
    assert "请假：11月20日 至 11月22日" in now.body
    assert "12月10日" not in now.body
    await h.say(zhang, "/lang en")
    [english] = await h.say(zhang, "/me")
    assert "On leave: 20 Nov to 22 Nov" in english.body


async def test_a_leave_beyond_the_campaigns_end_counts_only_campaign_days(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [done] = await h.say(zhang, "/leave 12-28 1-20")  # the campaign's last day is 2027-01-05
    assert "已登记请假：12月28日 至 1月5日（共 9 天）" in done.body
    assert "本活动 1月5日 结束" in done.body
    assert await leaves(h) == [("张三", "2026-12-28", "2027-01-05", 0)]
    [listed] = await h.say(zhang, "/leave")
    assert "张三：12月28日 至 1月5日（9 天）" in listed.body
