"""Every view, in both languages, from hand-made domain values: the exact text a user reads."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.domain.model import Assignee
from bot.domain.ranking import Position, RankedRow
from bot.domain.standing import Standing, Status
from bot.views import acks, bulletins, dates, digests, names, notices, numbers, standing, verify
from tests.unit.worlds import EAST_ANN as ANN
from tests.unit.worlds import EAST_BO as BO
from tests.unit.worlds import EAST_TOWN as TREE
from tests.unit.worlds import SH
from tests.unit.worlds import WINTER_END as END
from tests.unit.worlds import WINTER_M60 as M60
from tests.unit.worlds import winter as campaign

V1 = Standing(Assignee.unit("v1"), ANN.tasks, 0.58, 29, 50, 0.6, -2.0, Status.ON_TRACK, M60, False, None)
V2_NO_QUOTA = Standing(Assignee.unit("v2"), (), None, 3, 0, 0.6, 0.0, Status.ON_TRACK, M60, False, None)


@dataclass(frozen=True)
class Undelivered:
    state: str
    kind: str
    recipient: str
    due_at: datetime


# --- names, numbers, dates -------------------------------------------------------------------------


def test_a_display_name_is_the_units_or_the_members_never_the_code() -> None:
    assert names.display_name(TREE, Assignee.unit("v1")) == "七岭村"
    assert names.display_name(TREE, Assignee.member("bo")) == "李强"


@pytest.mark.parametrize(("lang", "text"), [("zh", "七岭村、三河村"), ("en", "七岭村, 三河村")])
def test_lists_are_joined_with_the_languages_separator(lang: str, text: str) -> None:
    assert names.joined(lang, ["七岭村", "三河村"]) == text


def test_numbers_read_with_one_decimal_and_their_sign_where_it_matters() -> None:
    assert numbers.pct(0.575) == "57.5%"
    assert numbers.pct(1.0) == "100.0%"
    assert numbers.pct(None) == "—"
    assert numbers.points(7.04) == "7.0"
    assert numbers.signed_points(2.5) == "+2.5"
    assert numbers.signed_points(-7) == "-7.0"
    assert numbers.signed(5) == "+5"
    assert numbers.signed(-3) == "-3"
    assert numbers.whole_pct(60) == "60%"
    assert numbers.whole_pct(20.7) == "21%"
    assert numbers.fraction(23, 40) == "23/40"


def test_dates_read_in_the_campaigns_time_zone() -> None:
    c = campaign("zh")
    when = datetime(2026, 12, 5, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
    assert dates.due_text(c, "zh", when) == "12月5日"
    assert dates.due_text(c, "en", when) == "05 Dec"
    assert dates.due_time(c, "zh", when) == "12月5日 09:30"
    assert dates.due_time(c, "en", when) == "05 Dec 09:30"
    assert dates.moment(c, when) == "2026-12-05 09:30"
    assert dates.short_moment(c, when) == "12-05 09:30"
    assert dates.plan_moment(datetime(2026, 12, 5, 9, 30, tzinfo=SH)) == "2026-12-05 09:30"
    assert dates.file_stamp(datetime(2026, 12, 5, 9, 30)) == "20261205-0930"


def test_a_calendar_day_reads_as_a_milestones_day_does() -> None:
    assert dates.day_text("zh", date(2026, 12, 5)) == "12月5日"
    assert dates.day_text("en", date(2026, 12, 5)) == "05 Dec"


# --- acknowledgements ------------------------------------------------------------------------------


def test_an_acknowledgement_in_chinese() -> None:
    c = campaign("zh")
    items = [(c.tasks[0], 5), (c.tasks[1], 2)]
    assert acks.ack("zh", c, items, ANN) == (
        "已记录：\n"
        "入户走访 +5 → 23/40 户（57.5%）\n"
        "距 12月5日 60%节点还需 1 户（每天约 1 户）。\n"
        "健康体检 +2 → 6/10 人（60.0%）\n"
        "已达到 12月5日 60%节点的要求。"
    )


def test_an_acknowledgement_in_english_of_a_duplicate_corrected_by_an_edit() -> None:
    c = campaign("en")
    assert acks.ack("en", c, [(c.tasks[0], 5)], ANN, duplicate=True, edited=True) == (
        "This message was recorded before; nothing was counted twice:\n"
        "home visits +5 → 23/40 homes (57.5%)\n"
        "1 homes still needed for the 60% checkpoint on 05 Dec (about 1 homes a day).\n"
        "(Corrected from your edited message; the original no longer counts.)"
    )


def test_an_acknowledgement_of_a_task_without_a_quota() -> None:
    c = campaign("en")
    assert acks.ack("en", c, [(c.tasks[1], 3)], V2_NO_QUOTA) == (
        "Recorded:\ncheckups +3 → 3 people so far (no quota set)"
    )


def test_task_counts_name_each_task_and_leave_out_those_gone_from_the_plan() -> None:
    counts = [("visit", 5), ("dropped", 9), ("checkup", -3)]
    assert acks.task_counts("zh", campaign("zh"), counts) == "入户走访 5、健康体检 -3"
    assert acks.task_counts("en", campaign("en"), counts, signed=True) == "home visits +5, checkups -3"


# --- standings -------------------------------------------------------------------------------------


def test_me_in_chinese() -> None:
    assert standing.me("zh", campaign("zh"), "王芳", ANN, Position(1, 2)) == (
        "<b>王芳</b> · 冬季行动\n"
        "完成率 58.0%（应完成 60.0%）· 正常\n"
        "• 入户走访：23/40 户，下一节点目标 24，还差 1（每天约 1）\n"
        "• 健康体检：6/10 人，下一节点目标 6，已达标\n"
        "下一节点：12月5日 60%\n"
        "本单位排名：第 1 / 2"
    )


def test_me_in_english_without_a_rank() -> None:
    assert standing.me("en", campaign("en"), "Ann <3", BO, None) == (
        "<b>Ann &lt;3</b> · Winter drive\n"
        "Completion 24.0% (expected 60.0%) · behind\n"
        "• home visits: 10/40 homes, next checkpoint target 24, 14 to go (about 3 a day)\n"
        "• checkups: 2/10 people, next checkpoint target 6, 4 to go (about 1 a day)\n"
        "Next checkpoint: 60% on 05 Dec"
    )


def test_progress_in_english() -> None:
    c = campaign("en")
    unassigned = [(c.tasks[0], 10), (c.tasks[1], 0)]
    texts = standing.progress("en", c, TREE, TREE.unit("town"), V1, unassigned, [RankedRow(1, V1)], [V2_NO_QUOTA])
    assert texts == [
        "<b>东镇</b> · Winter drive\n"
        "Completion 58.0% (expected 60.0%, pace -2.0 points) · on track\n"
        "• home visits: 23/40 homes, next checkpoint target 24, 1 to go (about 1 a day)\n"
        "• checkups: 6/10 people, next checkpoint target 6, met\n"
        "• home visits not yet assigned: 10 homes\n"
        "Ranking below:\n"
        "1. 七岭村 58.0% (29/50) on track\n"
        "• 三河村: no quota set (3 reported)"
    ]


def test_progress_in_chinese_without_children() -> None:
    assert standing.progress("zh", campaign("zh"), TREE, TREE.unit("v1"), V1, [], [], []) == [
        "<b>七岭村</b> · 冬季行动\n"
        "完成率 58.0%（应完成 60.0%，进度差 -2.0 点）· 正常\n"
        "• 入户走访：23/40 户，下一节点目标 24，还差 1（每天约 1）\n"
        "• 健康体检：6/10 人，下一节点目标 6，已达标"
    ]


def test_laggards_in_both_languages() -> None:
    assert standing.laggards("zh", campaign("zh"), TREE, M60, [BO]) == [
        "落后于进度的共 1 个（下一节点：12月5日 60%）：\n<b>人员</b>（1）：\n"
        "• 李强：还差 入户走访 14、健康体检 4（落后）"
    ]
    assert standing.laggards("en", campaign("en"), TREE, M60, [BO]) == [
        "1 behind pace (next checkpoint: 60% on 05 Dec):\n<b>People</b> (1):\n"
        "• 李强: needs home visits 14, checkups 4 (behind)"
    ]


def test_laggards_when_nobody_is_behind_or_every_milestone_has_passed() -> None:
    assert standing.laggards("en", campaign("en"), TREE, M60, []) == [
        "0 behind pace (next checkpoint: 60% on 05 Dec):\nNobody is behind pace."
    ]
    assert standing.laggards("zh", campaign("zh"), TREE, None, []) == ["所有节点都已结束。"]


# --- the scheduler's notices -----------------------------------------------------------------------


def test_a_late_reminder_in_chinese_lists_only_what_is_still_needed() -> None:
    assert notices.reminder("zh", campaign("zh"), M60, "王芳", ANN, True) == [
        "⏰（补发）王芳，距 12月5日 18:00 60%节点还有以下任务未完成：\n"
        "• 入户走访：节点目标已完成 23/24 户，还差 1（每天约 1）\n"
        "直接回复“入户走访5 健康体检3”这样的消息即可上报。"  # the campaign's own tasks (no aliases here)
    ]


def test_a_reminder_in_english() -> None:
    assert notices.reminder("en", campaign("en"), M60, "Bo", BO, False) == [
        "Bo, for the 60% checkpoint on 05 Dec 18:00 you still need:\n"
        "• home visits: 10/24 homes of the checkpoint target, 14 to go (about 3 a day)\n"
        "• checkups: 2/6 people of the checkpoint target, 4 to go (about 1 a day)\n"
        "Reply with e.g. “home visits 5 checkups 3” to report."
    ]


def test_an_english_digest_lists_with_commas_never_the_chinese_separator() -> None:
    problem = Undelivered("failed", "reminder", "m7", datetime(2026, 12, 5, 1, 0, tzinfo=UTC))
    texts = digests.digest(
        "en",
        campaign("en"),
        M60,
        TREE,
        "v1",
        [BO],
        ["王芳", "李强"],
        [problem],
        digests.Recipients({"m7": "李强"}, {}),
        False,
    )
    assert texts == [
        "<b>七岭村</b>: 1 behind pace and not yet at the 60% checkpoint target due 05 Dec 18:00"
        " (pace status in brackets):\n"
        "<b>People</b> (1):\n"
        "• 李强: needs home visits 14, checkups 4 (behind)\n"
        "Unreachable (not joined or blocked the bot): 王芳, 李强\n"
        "Not sent (an error, logged): checkpoint reminder for 李强 (12-05 09:00)"
    ]
    assert "、" not in "".join(texts)


def test_a_chinese_digest() -> None:
    texts = digests.digest("zh", campaign("zh"), M60, TREE, "v1", [BO], ["王芳"], [], digests.Recipients({}, {}), True)
    assert texts == [
        "⏰（补发）<b>七岭村</b> 落后名单：未达到 12月5日 18:00 60%节点目标且落后于进度的共 1 个（括号内为进度状态）\n"
        "<b>人员</b>（1）：\n"
        "• 李强：还差 入户走访 14、健康体检 4（落后）\n"
        "联系不上（未加入或已屏蔽机器人）：王芳"
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("zh", "<b>七岭村</b> 60%节点未达标人员 1 人：\n• 李强：入户走访 10/24、健康体检 2/6"),
        ("en", "<b>七岭村</b>: 1 member(s) missed the 60% checkpoint:\n• 李强: home visits 10/24, checkups 2/6"),
    ],
)
def test_the_missed_list(lang: str, text: str) -> None:
    assert notices.missed(lang, campaign(lang), M60, TREE, "v1", [BO]) == [text]


def test_problem_recipients_are_named_for_people() -> None:
    recipients = digests.Recipients({"m7": "李强"}, {"g-100": "七岭村"})
    assert [recipients.name("en", r) for r in ("m7", "g-100", "all", "m8")] == [
        "李强",
        "the 七岭村 group",
        "everyone",
        "m8",
    ]
    assert recipients.name("zh", "g-100") == "七岭村工作群"


def test_a_pending_report_on_its_verify_button_and_in_the_list() -> None:
    entry = verify.PendingEntry(datetime(2026, 11, 20, 2, 0, tzinfo=UTC), "七岭村", "王芳", "入户走访", 5)
    assert verify.pending_label(1, entry) == "1. 王芳 · 入户走访 +5"
    assert verify.pending_text("zh", campaign("zh"), 12, [entry], "七岭村").splitlines() == [
        "七岭村：待审核上报 12 条，显示前 1 条：",
        "1. 11-20 10:00 · 七岭村 · 王芳 · 入户走访 +5",
    ]
    assert verify.pending_text("en", campaign("en"), 1, [entry], None).splitlines() == [
        "1 reports waiting for review:",
        "1. 11-20 10:00 · 七岭村 · 王芳 · 入户走访 +5",
    ]


# --- bulletins -------------------------------------------------------------------------------------

V2_BEHIND = Standing(Assignee.unit("v2"), BO.tasks, 0.24, 12, 50, 0.6, -36.0, Status.BEHIND, M60, False, None)


def facts(lang: str, **changes: Any) -> bulletins.BulletinFacts:
    daily = bulletins.BulletinFacts(
        campaign=campaign(lang),
        unit=TREE.unit("town"),
        at=datetime(2026, 12, 1, 10, 0, tzinfo=UTC),
        overall=V1,
        checkpoint=None,
        upcoming=M60,
        ranked=[RankedRow(1, V1), RankedRow(2, V2_BEHIND)],
        unquoted=[],
        missed=set(),
        praised=[V1],
        improved=V1,
        gain=12.5,
        warned=[V2_BEHIND],
    )
    return replace(daily, **changes)


def test_a_daily_bulletin_in_chinese() -> None:
    assert bulletins.title("zh", facts("zh")) == "冬季行动 · 东镇 进度通报"
    assert bulletins.lines("zh", TREE, facts("zh")) == [
        "<b>冬季行动 · 东镇 进度通报</b>",
        "2026-12-01 18:00 · 范围：东镇",
        "总体：29/50，完成率 58.0%，应完成 60.0%",
        "下一节点：12月5日 60%",
        "排名：",
        "1. 七岭村 58.0% 入户走访23/40 健康体检6/10",
        "2. 三河村 24.0% 入户走访10/40 健康体检2/10",
        "👏 表扬：七岭村",
        "📈 进步最快：七岭村（+12.5 点）",
        "⚠ 提醒：三河村 落后进度 36.0 点，请加快。",
    ]


def test_a_checkpoint_bulletin_in_english_marks_each_row() -> None:
    checkpoint = facts(
        "en",
        at=datetime(2026, 12, 6, 10, 0, tzinfo=UTC),
        checkpoint=M60,
        upcoming=END,
        missed={V2_BEHIND.assignee},
        unquoted=[V2_NO_QUOTA],
        praised=[],
        improved=None,
        warned=[],
    )
    assert bulletins.lines("en", TREE, checkpoint) == [
        "<b>Winter drive · 东镇 60% checkpoint</b>",
        "2026-12-06 18:00 · scope: 东镇",
        "Overall: 29/50, completion 58.0%, expected 60.0%",
        "Next checkpoint: 100% on 31 Dec",
        "Ranking:",
        "1. 七岭村 58.0% home visits23/40 checkups6/10 ✅ met",
        "2. 三河村 24.0% home visits10/40 checkups2/10 ❌ missed",
        "• 三河村: no quota set (3 reported)",
    ]
