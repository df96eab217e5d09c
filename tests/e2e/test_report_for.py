"""A leader reports for a cadre without a phone (/report_for, SPEC §3.1): the entry is the cadre's, who
entered it is kept (ledger, export, audit), the cadre is told privately, and it is written once per update."""

from __future__ import annotations

import io
import json

import openpyxl

from bot.domain.model import Assignee
from bot.plans import load_plan
from tests.example_plans import TWO_WANG_FANG
from tests.harness import Harness, total
from tests.redelivery import last_update_id, restart_and_redeliver


async def _entries(h: Harness) -> list[tuple[int, str, int, int | None]]:
    """(member id, task, delta, entered_by) of every ledger row."""
    rows = await h.services.db.reader.execute_fetchall(
        "SELECT member_id, task, delta, entered_by FROM reports ORDER BY id"
    )
    return [tuple(r) for r in rows]


async def _member_id(h: Harness, name: str) -> int:
    [row] = await h.services.db.reader.execute_fetchall("SELECT id FROM members WHERE name = ?", (name,))
    return int(row[0])


async def _total_for(h: Harness, key: str, task: str) -> int:
    record = (await h.services.directory.all_campaigns())[0]
    loaded = await h.services.progress.load(record)
    return next((ts.done for ts in loaded.book.standing(Assignee.member(key)).tasks if ts.task == task), 0)


async def test_a_leader_reports_for_a_cadre_and_the_cadre_is_told_privately(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    [reply] = await h.say(village, "/report_for 张三 走访5 体检3")
    assert "已为 <b>张三</b> 代报" in reply.body
    assert "已私信告知本人" in reply.body
    assert "入户走访 +5" in reply.body
    assert await total(h, "张三", "visit") == 5
    assert await total(h, "张三", "checkup") == 3
    [told] = await h.emu.wait_for_sent(zhang["id"], count=1, after=len(h.emu.sent(zhang["id"])) - 1)
    assert "李书记" in told.body
    assert "入户走访 5" in told.body
    leader = await _member_id(h, "李书记")
    assert {e[3] for e in await _entries(h)} == {leader}


async def test_the_proxy_entry_is_in_the_audit_log_and_the_exported_ledger(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    [reply] = await h.say(village, "/report_for 李四 登记 4")  # 李四 never joined: recorded all the same
    assert "尚未绑定" in reply.body
    assert await _total_for(h, "李四", "register") == 4
    rows = await h.services.db.reader.execute_fetchall("SELECT details FROM audit_log WHERE action = 'report_for'")
    [details] = [json.loads(r[0]) for r in rows]
    assert details["reporter"] == await _member_id(h, "李四")
    assert details["counts"] == {"register": 4}
    record = (await h.services.directory.all_campaigns())[0]
    actor = await h.services.directory.actor(2002)
    data = await h.services.sharing.export(actor, record, "zh")
    book = openpyxl.load_workbook(io.BytesIO(data))
    ledger = book.worksheets[-1]
    header = [c.value for c in next(ledger.iter_rows(max_row=1))]
    assert "代报人" in header
    column = header.index("代报人")
    [entry] = list(ledger.iter_rows(min_row=2, values_only=True))
    assert entry[column] == "李书记"


async def test_report_for_is_written_once_per_update(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(village, "/report_for 张三 走访5")
    told = len(h.emu.sent(zhang["id"]))
    before = len(h.emu.sent(village["id"]))
    await restart_and_redeliver(h, last_update_id(h))  # the process died before Telegram heard it was done
    [again] = await h.emu.wait_for_sent(village["id"], after=before)
    assert "入户走访 +5" in again.body
    assert await _total_for(h, "张三", "visit") == 5
    assert await _entries(h) == [(await _member_id(h, "张三"), "visit", 5, await _member_id(h, "李书记"))]
    await h.emu.settle(quiet=0.2)
    assert len(h.emu.sent(zhang["id"])) == told  # told once, not again


async def test_a_cadre_outside_the_leaders_unit_is_refused_and_nothing_is_recorded(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    [reply] = await h.say(village, "/report_for 王五 走访5")
    assert "不在您负责的范围内" in reply.body
    [missing] = await h.say(village, "/report_for 陈三 走访5")
    assert "找不到人员“陈三”" in missing.body
    assert "张三" in missing.body
    assert await _entries(h) == []


async def test_a_cadre_cannot_report_for_someone_else(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [reply] = await h.say(zhang, "/report_for 李四 走访5")
    assert "仅限负责人" in reply.body
    assert await _entries(h) == []


async def test_namesakes_get_buttons_and_a_second_press_records_nothing_more(h: Harness) -> None:
    await h.services.plans.import_plan(load_plan(TWO_WANG_FANG.encode(), "plan.yaml"))
    town = await h.join("郭镇长", 2001)
    [ask] = await h.say(town, "/report_for 王芳 走访5")
    [(first, data), _] = ask.buttons()
    assert first == "王芳（双泉村）"
    await h.press(town, ask, data)
    assert "王芳" in ask.body
    assert "入户走访 +5" in ask.body
    assert await _total_for(h, "wf1", "visit") == 5
    await h.press_stale(town, ask, data)  # pressed again from a stale keyboard: the same update key
    assert await _total_for(h, "wf1", "visit") == 5
    assert await _total_for(h, "wf2", "visit") == 0


async def test_only_the_leader_who_asked_may_pick_a_namesake(h: Harness) -> None:
    await h.services.plans.import_plan(load_plan(TWO_WANG_FANG.encode(), "plan.yaml"))
    town = await h.join("郭镇长", 2001)
    county = await h.join("陈主任", 3001)
    group = await h.bound_group(town, -100700, "镇工作群")
    [ask] = await h.say(town, "/report_for 王芳 走访5", chat=group)
    [(_, data), _] = ask.buttons()
    h.emu.press_button(county, ask, data)
    await h.emu.settle(quiet=0.2)
    answers = [str(c.params.get("text", "")) for c in h.emu.calls if c.method == "answerCallbackQuery"]
    assert any("其他负责人" in a for a in answers)
    assert await _entries(h) == []
    await h.press(town, ask, data)
    assert await _total_for(h, "wf1", "visit") == 5


async def test_a_count_above_the_tasks_limit_is_not_entered_for_someone_else(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    [reply] = await h.say(village, "/report_for 张三 走访60")  # max_per_report is 50
    assert "一次最多 50" in reply.body
    assert await _entries(h) == []
