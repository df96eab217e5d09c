"""Verification shows the same numbers everywhere (SPEC §2, issue 10): with verification on, the
acknowledgement, /me, /progress, /laggards and the bulletin show verified and reported side by side,
count by one rule, and say which one ranks and meets targets. With it off nothing changes."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.render.chart import ChartRow
from tests.harness import ADMIN_ID, Harness

LEGEND_VERIFIED = "按已核实数排名和考核"
LEGEND_REPORTED = "按已上报数排名和考核"


async def _with_verification(h: Harness, mode: str) -> None:
    plan = EXAMPLE_PLAN_YAML.replace("verification: optional", f"verification: {mode}")
    await h.services.plans.import_plan(load_plan(plan.encode(), "plan.yaml"))


async def _approve(h: Harness, leader: dict[str, Any], task: str) -> None:
    [listing] = await h.say(leader, "/verify")
    buttons = listing.buttons()
    row = next(i for i, (text, _) in enumerate(buttons) if task in text)
    await h.press(leader, listing, next(data for text, data in buttons[row : row + 3] if text == "✅"))


async def _bulletin_text(h: Harness, town: dict[str, Any]) -> str:
    group = await h.bound_group(town, -100901, "白洋渡镇工作群")
    await h.say(town, "/bulletin")
    return "\n".join(s.body for s in h.emu.sent(group["id"]) if s.text)


def _line(body: str, name: str) -> str:
    return next(line for line in body.splitlines() if name in line)


async def test_with_verification_required_progress_and_bulletin_show_the_same_both_numbers(h: Harness) -> None:
    await _with_verification(h, "required")
    village, town = await h.join("李书记", 2002), await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访12 体检3")
    await _approve(h, village, "入户走访")
    [progress] = await h.say(town, "/progress")
    bulletin = await _bulletin_text(h, town)
    # 七岭村: visit 40 + checkup 30 = 70; 12 verified of 15 reported → 12/70 = 17.1% in both views
    for body in (progress.body, bulletin):
        row = _line(body, "七岭村")
        assert "17.1%" in row
        assert "已核实 12 / 已上报 15" in row
        assert LEGEND_VERIFIED in body
    assert "（12/70）" in _line(progress.body, "七岭村")
    assert "入户走访12/40 健康体检0/30" in _line(bulletin, "七岭村")


async def test_with_verification_required_the_acknowledgement_me_and_laggards_show_both_numbers(
    h: Harness,
) -> None:
    await _with_verification(h, "required")
    village, town = await h.join("李书记", 2002), await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    [ack] = await h.say(zhang, "走访12 体检3")
    assert "入户走访 +12 → 0/20 户（0.0%） · 已核实 0 / 已上报 12" in ack.body  # not counted until verified
    assert LEGEND_VERIFIED in ack.body
    [laggards] = await h.say(town, "/laggards")  # nothing verified yet: 七岭村 is behind on verified work
    assert "已核实 0 / 已上报 15" in _line(laggards.body, "七岭村")
    assert LEGEND_VERIFIED in laggards.body
    await _approve(h, village, "入户走访")
    [me] = await h.say(zhang, "/me")
    assert "已核实 12 / 已上报 12" in _line(me.body, "入户走访：12/20")
    assert "已核实 0 / 已上报 3" in _line(me.body, "健康体检：0/15")
    assert LEGEND_VERIFIED in me.body


async def test_with_verification_optional_reported_work_counts_in_progress_and_bulletin_alike(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访12 体检3")
    [progress] = await h.say(town, "/progress")
    bulletin = await _bulletin_text(h, town)
    for body in (progress.body, bulletin):  # 15/70 = 21.4%, nothing verified yet
        row = _line(body, "七岭村")
        assert "21.4%" in row
        assert "已核实 0 / 已上报 15" in row
        assert LEGEND_REPORTED in body


async def test_with_verification_off_every_view_shows_one_number_and_no_legend(h: Harness) -> None:
    await _with_verification(h, "off")
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    [ack] = await h.say(zhang, "走访12 体检3")
    [me] = await h.say(zhang, "/me")
    [progress] = await h.say(town, "/progress")
    [laggards] = await h.say(town, "/laggards")
    bulletin = await _bulletin_text(h, town)
    assert "入户走访 +12 → 12/20 户（60.0%）" in ack.body
    for body in (ack.body, me.body, progress.body, laggards.body, bulletin):
        assert "已核实" not in body
        assert "排名和考核" not in body


async def test_in_english_both_numbers_and_the_legend_read_naturally(h: Harness) -> None:
    await _with_verification(h, "required")
    village, town = await h.join("李书记", 2002), await h.join("郭镇长", 2001)
    await h.say(town, "/lang en")
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访12 体检3")
    await _approve(h, village, "入户走访")
    [progress] = await h.say(town, "/progress")
    assert "verified 12 / reported 15" in _line(progress.body, "七岭村")
    assert "Ranked and assessed on verified counts" in progress.body


async def test_the_chart_draws_the_counting_number_as_the_bar_and_the_other_as_a_lighter_one(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    charted: list[tuple[list[ChartRow], str]] = []
    from bot.render.chart import render_completion_chart as real
    from bot.services import bulletins

    def spy(title: str, rows: list[ChartRow], *args: Any, **kwargs: Any) -> bytes:
        charted.append((list(rows), kwargs["other_label"]))
        return real(title, rows, *args, **kwargs)

    monkeypatch.setattr(bulletins, "render_completion_chart", spy)
    await _with_verification(h, "required")
    village, town = await h.join("李书记", 2002), await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访12 体检3")
    await _approve(h, village, "入户走访")
    await _bulletin_text(h, town)
    [([row], other_label)] = charted
    assert (row.label, other_label) == ("七岭村", "已上报")
    assert row.completion == pytest.approx(12 / 70)  # verified: the bar
    assert row.other == pytest.approx(15 / 70)  # reported: the lighter bar


async def _export_rows(h: Harness, sheet: str) -> tuple[list[str], list[dict[str, object]]]:
    record = (await h.services.directory.campaigns_for(await h.services.directory.actor(ADMIN_ID)))[0]
    book = openpyxl.load_workbook(io.BytesIO(await h.services.export.workbook(record, "zh")))
    rows = list(book[sheet].iter_rows(values_only=True))
    header = [str(c) for c in rows[0]]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


async def test_the_export_has_a_reported_and_a_verified_column_and_says_which_counts(h: Harness) -> None:
    await _with_verification(h, "required")
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访12 体检3")
    await _approve(h, village, "入户走访")
    _, units = await _export_rows(h, "单位")
    ql = next(r for r in units if r["编码"] == "ql")
    assert (ql["已上报"], ql["已核实"], ql["入户走访完成"]) == (15, 12, 12)
    _, members = await _export_rows(h, "人员")
    assert next((r["已上报"], r["已核实"]) for r in members if r["名称"] == "张三") == (15, 12)
    _, summary = await _export_rows(h, "汇总")
    assert any(LEGEND_VERIFIED in str(r.values()) for r in summary)


async def test_with_verification_off_the_export_has_no_second_column(h: Harness) -> None:
    await _with_verification(h, "off")
    header, _ = await _export_rows(h, "单位")
    assert "已核实" not in header
    assert "已上报" not in header


async def test_a_unit_without_a_quota_says_what_was_reported_even_when_verified_work_counts(h: Harness) -> None:
    await _with_verification(h, "required")
    town = await h.join("郭镇长", 2001)
    wang = await h.join("王五", 1003)
    await h.say(wang, "走访30")  # 双泉村 has no quota; nothing verified yet
    [progress] = await h.say(town, "/progress")
    assert "• 双泉村：未设指标（已报 30） · 已核实 0 / 已上报 30" in progress.body.splitlines()
