"""Who has not reported, through PTB and the emulator (SPEC §5): the section of /laggards and
/silent [N], in the leader's scope, private only, names and counts only.

On 20 Nov in 白洋渡镇: 张三 last reported on 18 Nov (silent 19 and 20 Nov: 2 days); 李四 joined but never
reported; 王五 and 赵六 never joined. The campaign started on 12 Nov, so "never" is 9 days. 李书记 has
no quota and is not expected to report; the town leader asking is not listed to himself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.harness import SH, Harness

TODAY = datetime(2026, 11, 20, 10, 0, tzinfo=SH)


async def _town(h: Harness) -> dict[str, Any]:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    await h.join("李四", 1002)
    await h.join("李书记", 2002)
    h.clock.set(datetime(2026, 11, 18, 10, 0, tzinfo=SH))
    await h.say(zhang, "走访5")
    h.clock.set(TODAY)
    return town


async def test_laggards_ends_with_who_has_not_reported_today_and_for_three_days(h: Harness) -> None:
    town = await _town(h)
    [reply] = await h.say(town, "/laggards")
    assert "今日未上报 4 人：李四、张三、王五、赵六" in reply.body
    assert "连续 3 天及以上未上报 3 人：李四、王五、赵六" in reply.body
    assert "郭镇长" not in reply.body
    assert "李书记" not in reply.body


async def test_silent_lists_everyone_by_unit_with_their_days(h: Harness) -> None:
    town = await _town(h)
    [today] = await h.say(town, "/silent")
    assert today.body == (
        "<b>白洋渡镇</b> 今日未上报的共 4 人：\n"
        "• 七岭村（2）：李四（从未上报）、张三（2 天）\n"
        "• 双泉村（1）：王五（未加入）\n"
        "• 青鹿居委会（1）：赵六（未加入）"
    )
    [three] = await h.say(town, "/silent 3")
    assert three.body.startswith("<b>白洋渡镇</b> 连续 3 天及以上未上报的共 3 人：")
    assert "张三" not in three.body
    [none] = await h.say(town, "/silent 10")
    assert "共 0 人" in none.body
    assert "没有符合条件的人员" in none.body


async def test_a_village_leader_sees_only_the_village_in_english(h: Harness) -> None:
    await _town(h)
    village = h.users["李书记"]
    await h.say(village, "/lang en")
    [reply] = await h.say(village, "/silent")
    assert reply.body == "<b>七岭村</b>: 2 with no report today:\n• 七岭村 (2): 李四 (never reported), 张三 (2d)"


async def test_someone_who_reported_today_is_not_listed(h: Harness) -> None:
    town = await _town(h)
    await h.say(h.users["张三"], "体检1")
    [reply] = await h.say(town, "/silent")
    assert "张三" not in reply.body
    assert "共 3 人" in reply.body


async def test_a_wrong_number_of_days_gets_the_usage(h: Harness) -> None:
    town = await _town(h)
    for command in ("/silent abc", "/silent 0", "/silent 3 4", "/silent ３"):
        [reply] = await h.say(town, command)
        assert "用法：/silent [天数]" in reply.body, command


async def test_a_cadre_may_not_ask(h: Harness) -> None:
    await _town(h)
    [reply] = await h.say(h.users["张三"], "/silent")
    assert "仅限负责人" in reply.body


async def test_in_a_group_the_names_go_to_the_leader_privately(h: Harness) -> None:
    town = await _town(h)
    group = await h.bound_group(town, -100500, "白洋渡镇工作群")
    before, private_before = len(h.emu.sent(group["id"])), len(h.emu.sent(town["id"]))
    h.emu.send_command(town, "/silent", group)
    [note] = await h.emu.wait_for_sent(group["id"], after=before)
    await h.emu.settle()
    assert note.body == "已私信发送。"
    [private] = h.emu.sent(town["id"])[private_before:]
    assert "李四" in private.body
    assert all("李四" not in m.body for m in h.emu.sent(group["id"]))


async def test_help_names_the_command_for_leaders(h: Harness) -> None:
    town = await _town(h)
    [reply] = await h.say(town, "/help")
    assert "/silent [天数]" in reply.body
