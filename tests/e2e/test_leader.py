"""Leader views and actions through PTB + the emulator (SPEC §3.1), scope and refusals included."""

from __future__ import annotations

import io

import openpyxl

from bot.chat.callback_verify import VERIFY_PAGE, VerifyDecision
from bot.domain.model import Assignee
from bot.emulator import SentMessage
from bot.storage.audit import AuditRepo
from bot.texts import th
from tests.harness import Harness
from tests.reading import stored_quotas


def _decision(listing: SentMessage, task: str, mark: str) -> str:
    """The callback data of the ✅ / ✖ button on the row whose label names `task`."""
    buttons = listing.buttons()
    row = next(i for i, (text, _) in enumerate(buttons) if task in text)
    return next(data for text, data in buttons[row : row + 3] if text == mark)


async def test_progress_shows_unit_children_ranked_and_unassigned(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    town = await h.join("郭镇长", 2001)
    await h.say(zhang, "走访12 体检3")
    [report] = await h.say(town, "/progress")
    body = report.body
    assert "白洋渡镇" in body
    assert "七岭村" in body
    assert "双泉村" in body
    assert body.index("七岭村") < body.index("双泉村")  # 七岭村 has progress, ranks first
    assert "尚未分配" in body  # bydz visit 100 vs children 40: 60 unassigned


async def test_progress_of_a_unit_outside_scope_is_refused(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    [reply] = await h.say(village, "/progress ymz")
    assert "不在您负责的范围内" in reply.body
    [own] = await h.say(village, "/progress ql")
    assert "七岭村" in own.body


async def test_cadre_cannot_use_leader_commands(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    for command in (
        "/progress",
        "/laggards",
        "/assign ql visit 1",
        "/split visit even",
        "/verify",
        "/export",
        "/bulletin",
        "/plan",
        "/invite",
    ):
        [reply] = await h.say(zhang, command)
        assert "仅限负责人" in reply.body, command


async def test_laggards_lists_only_who_is_behind_pace_with_what_they_need(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    # On 20 Nov 20.7 % is expected. 张三: 6/35 = 17.1 % is on track, though short of the 60 % targets;
    # 七岭村: 6/70 = 8.6 % is behind. Only 七岭村 belongs under a "behind" header.
    await h.say(zhang, "走访6")
    [reply] = await h.say(town, "/laggards")
    assert reply.body.startswith("落后于进度的共 1 个（下一节点：12月5日 60%）")
    assert "• 七岭村：还差 入户走访 18、健康体检 18" in reply.body
    assert "张三" not in reply.body
    await h.say(zhang, "走访20 体检18")  # 七岭村 44/70: ahead
    [none] = await h.say(town, "/laggards")
    assert "共 0 个" in none.body
    assert "没有落后于进度" in none.body


async def test_laggards_in_english_list_needs_without_chinese_punctuation(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    await h.say(town, "/lang en")
    [reply] = await h.say(town, "/laggards")
    assert reply.body.startswith("2 behind pace (next checkpoint: 60% on 05 Dec)")
    assert "七岭村: needs 入户走访 24, 健康体检 18 (at risk)" in reply.body
    assert "张三: needs 入户走访 12, 健康体检 9 (at risk)" in reply.body
    assert "、" not in reply.body


async def test_assign_refuses_over_allocation_with_the_numbers(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    [refused] = await h.say(town, "/assign sq visit 70")
    assert "最多还能分配 60" in refused.body  # bydz 100 − ql 40
    [ok] = await h.say(town, "/assign sq visit 30")
    assert "30" in ok.body
    [usage] = await h.say(town, "/assign sq visit lots")
    assert "用法" in usage.body
    [outside] = await h.say(town, "/assign ym visit 5")
    assert "不在您负责的范围内" in outside.body
    actions = [row["action"] for row in await AuditRepo(h.services.db.reader).recent()]
    assert actions.count("quota_assign") == 1


async def test_verify_approve_and_reject(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访3")
    await h.say(zhang, "体检2")
    await h.say(zhang, "登记4")
    [pending] = await h.say(village, "/verify")
    assert "待审核上报 3 条" in pending.body
    assert await h.press(village, pending, _decision(pending, "入户走访", "✅")) == []  # edited in place
    assert "待审核上报 2 条" in pending.body
    assert len(pending.buttons()) == 2 * 3 + 1
    await h.press(village, pending, _decision(pending, "健康体检", "✖"))
    assert "待审核上报 1 条" in pending.body
    async with h.services.db.reader.execute("SELECT task, status FROM reports ORDER BY id") as cur:
        assert [tuple(r) for r in await cur.fetchall()] == [
            ("visit", "verified"),
            ("checkup", "rejected"),
            ("register", "reported"),
        ]
    # the cadre is told of both decisions (tests/e2e/test_verify_told.py) before asking
    await h.emu.wait_for_sent(zhang["id"], lambda s: "审核" in s.body, count=2)
    [me] = await h.say(zhang, "/me")
    assert "健康体检：0/15" in me.body  # a rejected report does not count
    [undo] = await h.say(zhang, "/undo")  # 登记4 is still unverified: it can be undone
    assert "撤回" in undo.body
    [blocked] = await h.say(zhang, "/undo")  # 走访3 was verified
    assert "已经审核通过" in blocked.body
    actions = [row["action"] for row in await AuditRepo(h.services.db.reader).recent()]
    assert actions.count("report_verify") == 1
    assert actions.count("report_reject") == 1


async def test_bindgroup_and_bulletin_post_text_and_chart(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访12 体检9")
    group = h.emu.group(-100777, "白洋渡镇工作群")
    h.emu.add_bot_to_group(town, group)
    [bound] = await h.say(town, "/bindgroup", chat=group)
    assert bound.body == th("zh", "groups.bound", unit="白洋渡镇")
    [posted] = await h.say(town, "/bulletin")
    assert "1 个群" in posted.body
    sent = h.emu.sent(group["id"])
    texts = [s.body for s in sent if s.text]
    photos = [s.photo for s in sent if s.photo]
    assert any("七岭村" in text for text in texts)
    assert "张三" not in "".join(texts)  # cadres are not named in group bulletins by default
    assert photos
    assert photos[0][:8] == b"\x89PNG\r\n\x1a\n"


async def test_group_chatter_is_ignored_and_member_reports_in_bound_group_count(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    group = await h.bound_group(town, -100778, "工作群")
    await h.say(zhang, "大家辛苦了，今天天气不错", chat=group, expect=0)
    [ack] = await h.say(zhang, "走访2", chat=group)
    assert "+2" in ack.body


async def test_forwarded_leader_command_and_anonymous_admin_are_not_leaders(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    zhang = await h.join("张三", 1001)
    before = await stored_quotas(h)
    h.emu.forward_text(zhang, "/assign sq visit 5", original_sender=town)
    [reply] = await h.emu.wait_for_sent(zhang["id"], lambda s: "转发" in s.body)
    assert reply
    assert await stored_quotas(h) == before
    assert (Assignee.unit("sq"), "visit") not in before
    group = h.emu.group(-100779, "群")
    h.emu.add_bot_to_group(town, group)
    sent_before = len(h.emu.sent(group["id"]))
    h.emu.send_as_anonymous_admin(group, "/bindgroup")
    [refusal] = await h.emu.wait_for_sent(group["id"], after=sent_before)
    assert "仅限负责人" in refusal.body


async def test_export_sends_a_workbook(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    before = len(h.emu.sent(town["id"]))
    h.emu.send_command(town, "/export")
    [doc] = await h.emu.wait_for_sent(town["id"], lambda s: s.document is not None, after=before)
    assert doc.document is not None
    book = openpyxl.load_workbook(io.BytesIO(doc.document))
    assert book.sheetnames == ["汇总", "单位", "人员", "节点", "预测", "每日", "台账"]


async def test_the_export_caption_names_the_campaign_as_written(h: Harness) -> None:
    from bot.plans import load_plan
    from bot.plans.example import EXAMPLE_PLAN_YAML

    named = EXAMPLE_PLAN_YAML.replace("name: 冬季健康服务集中活动", "name: 冬季健康服务 & <体检>")
    await h.services.plans.import_plan(load_plan(named.encode(), "plan.yaml"))
    town = await h.join("郭镇长", 2001)
    before = len(h.emu.sent(town["id"]))
    h.emu.send_command(town, "/export")
    [doc] = await h.emu.wait_for_sent(town["id"], lambda s: s.document is not None, after=before)
    # a caption without HTML mode: the name as written, not escaped, and not taken for a file path
    assert doc.caption is not None
    assert doc.caption.startswith("冬季健康服务 & <体检>（winter-service-2026）")
    assert "到" not in doc.caption
    assert doc.filename is not None
    assert doc.filename.startswith("winter-service-2026-")


async def test_invite_lists_codes_in_scope(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    [reply] = await h.say(village, "/invite")
    assert "张三" in reply.body
    assert "李四" in reply.body
    assert "王五" not in reply.body
    assert "t.me/campaign_test_bot?start=" in reply.body


async def test_invite_never_hands_a_leader_the_join_code_of_a_co_leader(h: Harness) -> None:
    """Whoever redeems a co-leader's code leads with the co-leader's power: codes of peers come from above."""
    from bot.plans import load_plan
    from bot.plans.example import EXAMPLE_PLAN_YAML

    line = "  - {name: 郭镇长, unit: bydz, role: leader}\n"
    plan = EXAMPLE_PLAN_YAML.replace(line, line + "  - {name: 钱副镇长, unit: bydz, role: leader}\n")
    await h.services.plans.import_plan(load_plan(plan.encode(), "plan.yaml"))
    town = await h.join("郭镇长", 2001)
    [reply] = await h.say(town, "/invite")
    assert "张三" in reply.body
    assert "钱副镇长" not in reply.body
    county = await h.join("陈主任", 3001)
    [reply] = await h.say(county, "/invite")
    assert "钱副镇长" in reply.body


async def test_required_verification_makes_bulletins_rank_on_verified_reports_only(h: Harness) -> None:
    from bot.plans import load_plan
    from bot.plans.example import EXAMPLE_PLAN_YAML

    required = EXAMPLE_PLAN_YAML.replace("verification: optional", "verification: required")
    await h.services.plans.import_plan(load_plan(required.encode(), "plan.yaml"))
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访12")
    record = (await h.services.directory.campaigns_for(await h.services.directory.actor(village["id"])))[0]
    before = await h.services.bulletins.compose(record, "bydz", "zh")
    # unverified: not counted, 七岭村 stands at nothing done
    assert "1. 七岭村 0.0% 入户走访0/40 健康体检0/30 · 已核实 0 / 已上报 12" in [line.strip() for line in before.lines]
    # expected over working time (weekends off): 146 of the 400 working hours to the 60 % checkpoint
    assert "总体：0/350，完成率 0.0%，应完成 21.9% · 已核实 0 / 已上报 12" in before.lines
    [pending] = await h.say(village, "/verify")
    await h.press(village, pending, next(d for t, d in pending.buttons() if t == "✅"))
    after = await h.services.bulletins.compose(record, "bydz", "zh")
    assert any("七岭村" in line and "入户走访12/40" in line for line in after.lines)
    [me] = await h.say(zhang, "/me")  # the cadre's own view counts by the same rule: verified, now 12
    assert "12/20" in me.body


async def test_optional_verification_counts_unverified_reports_in_bulletins(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访12")
    record = (await h.services.directory.campaigns_for(await h.services.directory.actor(zhang["id"])))[0]
    bulletin = await h.services.bulletins.compose(record, "bydz", "zh")
    assert any("入户走访12/40" in line for line in bulletin.lines)


async def test_approve_all_shown_approves_exactly_what_was_listed(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    for text in ("走访1", "走访2", "体检3"):
        await h.say(zhang, text)
    [pending] = await h.say(village, "/verify")
    everything = next(d for t, d in pending.buttons() if t == "全部通过（仅以上显示的）")
    await h.say(zhang, "走访4")  # arrives after the list was shown: must not be approved unseen
    await h.press(village, pending, everything)
    async with h.services.db.reader.execute("SELECT status, COUNT(*) FROM reports GROUP BY status") as cur:
        counts = {row[0]: row[1] for row in await cur.fetchall()}
    assert counts == {"verified": 3, "reported": 1}
    actions = [row["action"] for row in await AuditRepo(h.services.db.reader).recent()]
    assert "report_verify" in actions


async def test_a_leader_exports_only_their_own_subtree(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    wang = await h.join("王五", 1003)
    await h.say(zhang, "走访3")
    await h.say(wang, "走访4")  # 双泉村: outside 七岭村's subtree
    before = len(h.emu.sent(village["id"]))
    h.emu.send_command(village, "/export")
    [doc] = await h.emu.wait_for_sent(village["id"], lambda s: s.document is not None, after=before)
    assert doc.document is not None
    book = openpyxl.load_workbook(io.BytesIO(doc.document))
    assert [r[0] for r in book["单位"].iter_rows(min_row=2, values_only=True)] == ["ql", None]  # None: totals
    assert {r[1] for r in book["人员"].iter_rows(min_row=2, values_only=True)} == {"李书记", "张三", "李四", "合计"}
    assert [r[2] for r in book["台账"].iter_rows(min_row=2, values_only=True)] == ["张三"]


def test_approve_all_of_a_full_page_fits_telegrams_64_bytes_with_ledger_ids_up_to_two_billion() -> None:
    ids = tuple(36**6 - VERIFY_PAGE + i for i in range(VERIFY_PAGE))  # the largest six-digit base-36 ids: ≈2.18e9
    approve_all = VerifyDecision("A", ids)
    assert approve_all.fits()
    data = approve_all.pack()
    assert len(data.encode()) <= 64
    assert VerifyDecision.unpack(data) == approve_all
