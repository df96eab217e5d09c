"""Both numbers side by side (SPEC §2), in the views the e2e tests do not reach directly: the reminder
and the leader's digest, in zh and en, from hand-made values; and nothing extra with verification off."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from bot.domain.model import Assignee, Campaign, Member, Role, TaskType, Unit, VerificationMode
from bot.domain.standing import Standing, Status, TaskStanding
from bot.domain.tree import OrgTree
from bot.views import digests, notices, numbers
from tests.unit.worlds import SH
from tests.unit.worlds import WINTER_END as END
from tests.unit.worlds import WINTER_M60 as M60

CAMPAIGN = Campaign(
    "winter",
    "冬季行动",
    datetime(2026, 11, 1, tzinfo=SH),
    END.due,
    tasks=(TaskType("visit", "入户走访", "户"),),
    milestones=(M60, END),
    verification=VerificationMode.REQUIRED,
)
TREE = OrgTree.build([Unit("v1", "七岭村", "village")], [Member("ann", "王芳", "v1", Role.CADRE)])
# 王芳 reported 20 visits, 12 of them verified: with verification required 12 counts, 24 is the target.
ANN = Standing(
    Assignee.member("ann"),
    (TaskStanding("visit", 12, 40, 24, 12, 3, reported=20, verified=12),),
    0.3,
    12,
    40,
    0.6,
    -30.0,
    Status.BEHIND,
    M60,
    False,
    None,
    raw_reported=20,
    raw_verified=12,
)


@pytest.mark.parametrize(
    ("lang", "cell", "legend"),
    [
        ("zh", " · 已核实 12 / 已上报 20", "按已核实数排名和考核"),
        ("en", " · verified 12 / reported 20", "Ranked and assessed on verified counts"),
    ],
)
def test_the_both_numbers_cell_and_the_legend(lang: str, cell: str, legend: str) -> None:
    assert numbers.both_counts(lang, CAMPAIGN, 12, 20) == cell
    assert numbers.counting_legend(lang, CAMPAIGN) == [legend]


def test_optional_verification_says_reported_work_counts() -> None:
    optional = replace(CAMPAIGN, verification=VerificationMode.OPTIONAL)
    assert numbers.counting_legend("zh", optional) == ["按已上报数排名和考核"]


def test_with_verification_off_there_is_one_number_and_no_legend() -> None:
    off = replace(CAMPAIGN, verification=VerificationMode.OFF)
    assert numbers.both_counts("zh", off, 12, 20) == ""
    assert numbers.counting_legend("en", off) == []


def test_a_reminder_shows_both_numbers_and_which_one_counts() -> None:
    [text] = notices.reminder("zh", CAMPAIGN, M60, "王芳", ANN, late=False)
    assert "• 入户走访：节点目标已完成 12/24 户，还差 12（每天约 3） · 已核实 12 / 已上报 20" in text.splitlines()
    assert "按已核实数排名和考核" in text.splitlines()


def test_a_digest_shows_both_numbers_on_each_laggard_and_the_legend_under_its_header() -> None:
    names = digests.Recipients({}, {})
    [text] = digests.digest("en", CAMPAIGN, M60, TREE, "v1", [ANN], [], [], names, late=False)
    lines = text.splitlines()
    assert lines[1] == "Ranked and assessed on verified counts"
    assert lines[2] == "<b>People</b> (1):"  # laggards are grouped by level, people last
    assert lines[3].startswith("• 王芳")
    assert lines[3].endswith(" · verified 12 / reported 20")


@pytest.mark.parametrize(
    ("lang", "cell", "legend"),
    [
        ("zh", "入户走访 12/24 · 已核实 12 / 已上报 20", "按已核实数排名和考核"),
        ("en", "入户走访 12/24 · verified 12 / reported 20", "Ranked and assessed on verified counts"),
    ],
)
def test_the_checkpoint_missed_list_shows_both_numbers_and_which_counts(lang: str, cell: str, legend: str) -> None:
    text = "\n".join(notices.missed(lang, CAMPAIGN, M60, TREE, "v1", [ANN]))
    assert cell in text
    assert legend in text


def test_the_missed_list_without_verification_shows_one_number() -> None:
    off = replace(CAMPAIGN, verification=VerificationMode.OFF)
    text = "\n".join(notices.missed("zh", off, M60, TREE, "v1", [ANN]))
    assert "入户走访 12/24" in text
    assert "已上报" not in text
