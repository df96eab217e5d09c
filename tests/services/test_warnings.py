"""Graduated warnings (issue 11 §5) in the services tier: each step recorded once, in the transaction
of the checkpoint evaluation that caused it, and who is told of it. The example plan with warnings on:
张三 (七岭村, led by 李书记; 白洋渡镇 above, led by 郭镇长) has the only personal quota, visit 20 and
checkup 15, so 60 % asks 12 and 9, 80 % asks 16 and 12."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.origin import MessageKey
from bot.domain.warnings import WarningLevel

from .warning_world import USERS, Example, example, levels, open_example, steps

__all__ = ["example"]


async def test_a_missed_checkpoint_records_one_yellow_step_even_when_judged_again(example: Example) -> None:
    await example.report("张三", 1, "走访3")
    assert await example.judge(0)
    assert not await example.judge(0)  # a re-run of the same checkpoint (after a crash) records nothing
    assert await steps(example) == [("张三", 60, WarningLevel.YELLOW, 1)]


async def test_yellow_is_told_to_the_member_and_their_unit_leader_red_also_one_level_up(example: Example) -> None:
    await example.judge(0)
    record = await example.record()
    m60, m80 = record.campaign.milestones[0], record.campaign.milestones[1]
    loaded = await example.services.progress.load(record)
    told = {
        (n.recipient.member.name, n.own is not None): n
        for n in await example.services.warnings.notices(record, loaded, m60)
    }
    assert set(told) == {("张三", True), ("李书记", False)}
    assert [(w.member.member.name, w.level) for w in told[("李书记", False)].listed] == [("张三", WarningLevel.YELLOW)]
    await example.judge(1)
    loaded = await example.services.progress.load(record)
    told = {
        (n.recipient.member.name, n.own is not None): n
        for n in await example.services.warnings.notices(record, loaded, m80)
    }
    assert set(told) == {("张三", True), ("李书记", False), ("郭镇长", False)}
    own = told[("张三", True)].own
    assert own is not None
    assert (own.level, own.missed) == (WarningLevel.RED, 2)


async def test_meeting_a_checkpoint_resets_the_count(example: Example) -> None:
    await example.judge(0)
    await example.report("张三", 1, "走访16 体检12")
    await example.judge(1)
    assert await steps(example) == [("张三", 60, WarningLevel.YELLOW, 1)]
    assert await levels(example) == {}


async def test_without_warnings_in_the_plan_nothing_is_recorded(tmp_path: Path) -> None:
    example = await open_example(tmp_path, extra="")
    try:
        assert await example.judge(0)
        assert await steps(example) == []
        assert await levels(example) == {}
    finally:
        await example.services.db.close()


async def member_rows(example: Example, lang: str) -> dict[str, dict[str, object]]:
    data = await example.services.export.workbook(await example.record(), lang)
    sheet = load_workbook(BytesIO(data))["人员" if lang == "zh" else "Members"]
    assert isinstance(sheet, Worksheet)
    header, *rows = list(sheet.iter_rows(values_only=True))
    return {str(r[1]): dict(zip((str(h) for h in header), r, strict=True)) for r in rows if r[0]}


async def test_the_export_gives_each_member_their_warning_level(example: Example) -> None:
    await example.judge(0)
    await example.judge(1)
    rows = await member_rows(example, "zh")
    assert rows["张三"]["警告"] == "红牌"
    assert rows["李四"]["警告"] in (None, "")
    assert (await member_rows(example, "en"))["张三"]["Warning"] == "red card"


async def test_without_warnings_the_export_has_no_warning_column(tmp_path: Path) -> None:
    example = await open_example(tmp_path, extra="")
    try:
        await example.judge(0)
        assert "警告" not in (await member_rows(example, "zh"))["张三"]
    finally:
        await example.services.db.close()


async def test_a_checkpoint_on_leave_takes_no_step_and_neither_counts_nor_resets(example: Example) -> None:
    # 张三 is away 1–7 Dec, across the 60 % checkpoint (5 Dec): no card for it. He misses 80 % (15 Dec)
    # back at work: that is his first miss in a row, a yellow card, not a red one.
    record = await example.record()
    zhang = await example.services.directory.actor(USERS["张三"])
    await example.services.leave.set(zhang, record, "12-01", "12-07", MessageKey(USERS["张三"], 50, 0))
    assert await example.judge(0)
    assert await steps(example) == []
    assert await levels(example) == {}
    assert await example.judge(1)
    assert await steps(example) == [("张三", 80, WarningLevel.YELLOW, 1)]
