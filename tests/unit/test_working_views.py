"""Per-day need in words (issue 11 §1): with a working calendar every text that shows it says
working days ("剩 3 个工作日，每个工作日约 4 户"); with `calendar: off` the plain "每天约 4 户" stays."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.domain.model import CalendarSpec
from bot.domain.reach import UnitShare
from bot.domain.standing import TaskStanding
from bot.views import acks, notices, nudges, standing
from tests.unit.worlds import CALENDAR_TREE as TREE
from tests.unit.worlds import WINTER_M60 as M60
from tests.unit.worlds import calendar_ann as ann
from tests.unit.worlds import calendar_campaign as campaign


@pytest.mark.parametrize(
    ("lang", "calendar", "days", "line"),
    [
        ("zh", True, 3, "距 12月5日 60%节点还需 12 户（剩 3 个工作日，每个工作日约 4 户）。"),
        ("zh", True, 1, "距 12月5日 60%节点还需 12 户（剩 1 个工作日，约需 4 户）。"),
        ("zh", False, 3, "距 12月5日 60%节点还需 12 户（每天约 4 户）。"),
        ("en", True, 3, "12 homes still needed for the 60% checkpoint on 05 Dec "
                        "(3 working days left, about 4 homes per working day)."),
        ("en", True, 1, "12 homes still needed for the 60% checkpoint on 05 Dec "
                        "(1 working day left, about 4 homes needed)."),
        ("en", False, 3, "12 homes still needed for the 60% checkpoint on 05 Dec (about 4 homes a day)."),
    ],
)  # fmt: skip
def test_a_report_acknowledgement_says_working_days(lang: str, calendar: bool, days: int, line: str) -> None:
    c = campaign(lang, calendar)
    assert line in acks.ack(lang, c, [(c.tasks[0], 2)], ann(days)).splitlines()


@pytest.mark.parametrize(
    ("lang", "calendar", "line"),
    [
        ("zh", True, "• 入户走访：12/40 户，下一节点目标 24，还差 12（剩 3 个工作日，每个工作日约 4）"),
        ("zh", False, "• 入户走访：12/40 户，下一节点目标 24，还差 12（每天约 4）"),
        ("en", True, "• home visits: 12/40 homes, next checkpoint target 24, 12 to go "
                     "(3 working days left, about 4 per working day)"),
        ("en", False, "• home visits: 12/40 homes, next checkpoint target 24, 12 to go (about 4 a day)"),
    ],
)  # fmt: skip
def test_me_and_progress_task_lines_say_working_days(lang: str, calendar: bool, line: str) -> None:
    assert line in standing.standing_lines(lang, campaign(lang, calendar), ann())


def test_a_reminder_says_working_days_for_the_member_and_the_unit() -> None:
    c = campaign("zh")
    share = UnitShare("v1", TaskStanding("visit", 16, 40, 24, 8, 2, days_left=4), 3)
    text = "\n".join(notices.reminder("zh", c, M60, "王芳", ann(), False, [share], TREE))
    assert "• 入户走访：节点目标已完成 12/24 户，还差 12（剩 3 个工作日，每个工作日约 4）" in text
    assert "• 七岭村还差 入户走访 8 户（剩 4 个工作日，每个工作日约 2 户），本单位 3 人" in text
    en = "\n".join(notices.reminder("en", campaign("en"), M60, "Ann", ann(), False, [share], TREE))
    assert (
        "• 七岭村 still needs 8 homes of home visits (4 working days left, about 2 homes per working day; people" in en
    )


def test_a_reminder_without_a_calendar_keeps_a_day() -> None:
    text = "\n".join(notices.reminder("zh", campaign("zh", False), M60, "王芳", ann(), False))
    assert "• 入户走访：节点目标已完成 12/24 户，还差 12（每天约 4）" in text


@pytest.mark.parametrize(
    ("lang", "calendar", "days", "part"),
    [
        ("zh", True, 3, "还差：入户走访 12（剩 3 个工作日）。"),
        ("zh", True, 1, "还差：入户走访 12（剩 1 个工作日）。"),
        ("zh", False, 3, "还差：入户走访 12。"),
        ("en", True, 3, "home visits 12 (3 working days left). If"),
        ("en", True, 1, "home visits 12 (1 working day left). If"),
        ("en", False, 3, "home visits 12. If"),
    ],
)
def test_a_nudge_says_how_many_working_days_are_left(lang: str, calendar: bool, days: int, part: str) -> None:
    [text] = nudges.nudge(lang, campaign(lang, calendar), "王芳", ann(days))
    assert part in text


def test_a_campaign_with_a_calendar_replaces_every_day_wording() -> None:
    c = replace(campaign("zh"), calendar=CalendarSpec(holidays=frozenset()))
    assert "每天约" not in "\n".join(standing.standing_lines("zh", c, ann()))
