"""Leader chat flows audited against SPEC §2/§3: rules on /assign, names in refusals, the audit log,
verification off, bulletin praise and units without quota, dates and /me (PTB + the emulator)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.errors import DomainError
from bot.domain.model import Assignee
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.render.chart import ChartRow
from bot.storage.audit import AuditRepo
from bot.storage.campaigns import CampaignRecord, CampaignRepo
from tests.harness import Harness
from tests.reading import stored_quotas


async def _actions(h: Harness) -> list[str]:
    return [row["action"] for row in await AuditRepo(h.services.db.reader).recent()]


async def _reimport(h: Harness, old: str, new: str) -> None:
    assert old in EXAMPLE_PLAN_YAML
    await h.services.plans.import_plan(load_plan(EXAMPLE_PLAN_YAML.replace(old, new).encode(), "plan.yaml"))


async def test_assign_refuses_a_quota_below_the_rule_and_changes_nothing(h: Harness) -> None:
    # Every village ≥ 30 checkups by 60 % → a village's quota must be ≥ 50 (ceil(0.6 × 50) = 30).
    await _reimport(h, "count: 1, by: 60", "count: 30, by: 60")
    town = await h.join("郭镇长", 2001)
    before = await stored_quotas(h)
    [refused] = await h.say(town, "/assign sq checkup 0")
    assert "按规则，双泉村 的 健康体检 指标至少需要 50，本次要求 0" in refused.body
    assert "未做任何修改" in refused.body
    assert await stored_quotas(h) == before
    assert "quota_assign" not in await _actions(h)


async def test_a_leader_cannot_assign_his_own_quota_and_the_leader_above_can(h: Harness) -> None:
    """A quota is a target set from above: 郭镇长 lowering his own to 1 would meet it by decree."""
    town = await h.join("郭镇长", 2001)
    county = await h.join("陈主任", 2002)
    before = await stored_quotas(h)
    [refused] = await h.say(town, "/assign 郭镇长 visit 1")
    assert "您自己的任务数由上级负责人分配" in refused.body
    assert await stored_quotas(h) == before
    assert "quota_assign" not in await _actions(h)
    await h.say(county, "/assign 郭镇长 visit 1")
    assert (await stored_quotas(h))[(Assignee.member("郭镇长"), "visit")] == 1


async def test_assign_keeps_what_the_siblings_need_for_their_rules(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)  # default rule: every village ≥ 1 checkup by 60 % → quota ≥ 2
    [low] = await h.say(town, "/assign sq checkup 1")
    assert "双泉村 的 健康体检 指标至少需要 2" in low.body
    # bydz checkup 70, 七岭村 30: 40 left, of which 青鹿居委会 needs 2 to meet the rule.
    [greedy] = await h.say(town, "/assign sq checkup 40")
    assert "白洋渡镇 的 健康体检 需按规则为其他下级保留 2" in greedy.body
    assert "最多还能分配 38" in greedy.body
    assert (Assignee.unit("sq"), "checkup") not in await stored_quotas(h)
    [ok] = await h.say(town, "/assign sq checkup 38")
    assert ok.body == "已设置 双泉村 的 健康体检 指标为 38 人。"
    [lowered] = await h.say(town, "/assign ql checkup 25")  # lowering never takes from the siblings
    assert "七岭村" in lowered.body
    assert "25" in lowered.body
    quotas = await stored_quotas(h)
    assert (quotas[(Assignee.unit("sq"), "checkup")], quotas[(Assignee.unit("ql"), "checkup")]) == (38, 25)


async def test_refusals_and_confirmations_name_units_members_and_tasks(h: Harness) -> None:
    await _reimport(h, "count: 1, by: 60", "count: 30, by: 60")
    town = await h.join("郭镇长", 2001)
    [split] = await h.say(town, "/split checkup even")
    assert "无法分配：白洋渡镇 的 健康体检 按规则至少需要 120，但未分配的只有 40" in split.body
    assert "bydz" not in split.body
    assert "checkup" not in split.body
    [over] = await h.say(town, "/assign sq visit 70")
    assert "白洋渡镇 的 入户走访 指标为 100" in over.body
    [member] = await h.say(town, "/assign 王五 visit 10")
    assert member.body == "已设置 王五 的 入户走访 指标为 10 户。"
    county = await h.join("陈主任", 3001)
    [nothing] = await h.say(county, "/split visit even")  # 164 = 100 + 64: nothing left
    assert nothing.body == "县卫健局 的 入户走访 没有未分配的指标。"


async def test_bulletin_export_and_invite_are_in_the_audit_log(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, -100780, "白洋渡镇工作群")
    await h.say(town, "/bulletin")
    await h.say(town, "/invite")
    before = len(h.emu.sent(town["id"]))
    h.emu.send_command(town, "/export")
    await h.emu.wait_for_sent(town["id"], lambda s: s.document is not None, after=before)
    rows = {row["action"]: row for row in await AuditRepo(h.services.db.reader).recent()}
    assert {"bulletin_post", "invite_list", "export"} <= set(rows)
    member_id = next(
        m.id for m in (await h.services.progress.load(await _record(h))).members.values() if m.member.name == "郭镇长"
    )
    for action in ("bulletin_post", "invite_list", "export"):
        assert rows[action]["actor_member_id"] == member_id
        assert rows[action]["actor_user_id"] == town["id"]
    assert rows["bulletin_post"]["details"] == {"unit": "bydz", "chat_id": group["id"]}
    assert rows["export"]["details"] == {"units": ["bydz"]}
    assert len(rows["invite_list"]["details"]["members"]) == 5  # everyone in 白洋渡镇 but 郭镇长
    assert "code" not in str(rows["invite_list"]["details"])  # the codes themselves are never logged


async def test_scheduled_bulletins_are_not_leader_actions(h: Harness) -> None:
    record = await _record(h)
    composed = await h.services.bulletins.compose(record, "bydz", "zh")
    await h.services.bulletins.remember(record, composed)
    assert "bulletin_post" not in await _actions(h)


async def test_verification_off_means_verify_says_so_and_undo_stays_free(h: Harness) -> None:
    await _reimport(h, "verification: optional", "verification: off")
    village = await h.join("李书记", 2002)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访3")
    [verify] = await h.say(village, "/verify")
    assert "本活动未启用审核" in verify.body
    assert verify.buttons() == []
    actor = await h.services.directory.actor(village["id"])
    with pytest.raises(DomainError) as refused:  # a button left over from before the switch
        await h.services.leader.decide(actor, await _record(h), [1], approve=True)
    assert refused.value.key == "verify.off"
    async with h.services.db.reader.execute("SELECT status FROM reports") as cur:
        assert [r[0] for r in await cur.fetchall()] == ["reported"]
    [undo] = await h.say(zhang, "/undo")
    assert "撤回" in undo.body


async def test_bulletin_praises_only_units_keeping_pace_and_leaves_unquoted_units_unranked(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    charted: list[list[ChartRow]] = []
    from bot.render.chart import render_completion_chart as real
    from bot.services import bulletins

    def spy(title: str, rows: list[ChartRow], *args: Any, **kwargs: Any) -> bytes:
        charted.append(list(rows))
        return real(title, rows, *args, **kwargs)

    monkeypatch.setattr(bulletins, "render_completion_chart", spy)
    zhang = await h.join("张三", 1001)
    wang = await h.join("王五", 1003)
    await h.say(zhang, "走访6")  # 七岭村 6/70 = 8.6 % on 20 Nov, 20.7 % expected: behind
    await h.say(wang, "走访30")  # 双泉村 has no quota at all
    record = await _record(h)
    behind = await h.services.bulletins.compose(record, "bydz", "zh")
    assert not any("表扬" in line for line in behind.lines)
    assert "下一节点：12月5日 60%" in behind.lines
    assert "• 双泉村：未设指标（已报 30） · 已核实 0 / 已上报 30" in behind.lines  # verification optional: both shown
    assert not any(line.startswith(("2. 双泉村", "1. 双泉村")) for line in behind.lines)
    assert [row.label for row in charted[-1]] == ["七岭村"]
    await h.say(zhang, "走访20 体检18")  # 七岭村 44/70: ahead
    ahead = await h.services.bulletins.compose(record, "bydz", "zh")
    assert "👏 表扬：七岭村" in ahead.lines


async def test_progress_shows_a_child_without_quota_unranked(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    wang = await h.join("王五", 1003)
    await h.say(wang, "走访30")
    [reply] = await h.say(town, "/progress")
    assert "• 双泉村：未设指标（已报 30）" in reply.body
    assert "（30/0）" not in reply.body
    assert "1. 七岭村" in reply.body


async def test_me_says_met_and_ranks_only_peers_with_a_quota(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "走访12 登记3")  # the 60 % target of visit is 12 of 20; register has no quota
    [me] = await h.say(zhang, "/me")
    assert "• 入户走访：12/20 户，下一节点目标 12，已达标" in me.body
    assert "还差 0" not in me.body
    assert "• 信息登记：未设指标（已报 3 份）" in me.body
    assert "• 健康体检：0/15 人，下一节点目标 9，还差 9" in me.body
    assert "本单位排名：第 1 / 1" in me.body  # 李书记 and 李四 have no quota: not competitors


async def _record(h: Harness) -> CampaignRecord:
    record = await CampaignRepo(h.services.db.reader).get_by_id(await h.campaign_id())
    assert record is not None
    return record


async def test_a_bulletin_chart_is_drawn_off_the_event_loop(h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 60-row chart takes a noticeable fraction of a second: drawn on the loop, every chat would wait."""
    import threading

    from bot.render.chart import render_completion_chart as real
    from bot.services import bulletins

    drawn_in: list[threading.Thread] = []

    def spy(title: str, rows: list[ChartRow], *args: Any, **kwargs: Any) -> bytes:
        drawn_in.append(threading.current_thread())
        return real(title, rows, *args, **kwargs)

    monkeypatch.setattr(bulletins, "render_completion_chart", spy)
    await h.services.bulletins.compose(await _record(h), "bydz", "zh")
    assert drawn_in
    assert drawn_in[0] is not threading.main_thread()
