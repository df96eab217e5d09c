"""Progress, completion, expected progress, pace and status (SPEC §2) — the formulas, directly."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.expected import expected_completion, milestone_targets
from bot.domain.model import Assignee, Member, Milestone, Role, Unit
from bot.domain.progress import MemberActivity, ProgressBook, nearest_unit_in_tree
from bot.domain.reaching import Steps
from bot.domain.standing import Status
from tests.unit.worlds import TEST_CAMPAIGN as CAMPAIGN
from tests.unit.worlds import TEST_END as END
from tests.unit.worlds import TEST_M60 as M60
from tests.unit.worlds import TEST_START as START

UNITS = [
    Unit("county", "县", "county"),
    Unit("town", "镇", "town", "county"),
    Unit("v1", "一村", "village", "town"),
    Unit("v2", "二村", "village", "town"),
]
MEMBERS = [
    Member("a", "甲", "v1", Role.CADRE),
    Member("b", "乙", "v1", Role.CADRE),
    Member("c", "丙", "v2", Role.CADRE),
]
QUOTAS = {
    (Assignee.member("a"), "visit"): 10,
    (Assignee.member("a"), "checkup"): 10,
    (Assignee.member("b"), "visit"): 10,
    (Assignee.member("c"), "visit"): 20,
}


def book(
    activity: dict[str, MemberActivity], at: datetime, quotas: dict[tuple[Assignee, str], int] | None = None
) -> ProgressBook:
    from bot.domain.tree import OrgTree

    return ProgressBook(CAMPAIGN, OrgTree.build(UNITS, MEMBERS), quotas or QUOTAS, activity, at)


def act(visit: int = 0, checkup: int = 0, recent: int = 0, last: datetime | None = None) -> MemberActivity:
    """All of it reported at `last` (when given: the moment its sums reached what they are)."""
    totals = {"visit": visit, "checkup": checkup}
    moment = None if last is None else int(last.timestamp())
    steps = {t: Steps.of([(moment, n)]) for t, n in totals.items() if n and moment is not None}
    return MemberActivity(totals, {"visit": recent}, last, steps)


def test_milestone_target_is_the_ceiling_of_percent_times_quota() -> None:
    assert Milestone(60, END).target(7) == 5  # 4.2 → 5
    assert Milestone(60, END).target(10) == 6
    assert Milestone(100, END).target(0) == 0
    assert milestone_targets(M60, {"visit": 7, "checkup": 1}) == {"visit": 5, "checkup": 1}


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (START - timedelta(days=1), 0.0),
        (START, 0.0),
        (START + timedelta(days=5), 0.30),  # halfway to the 60 % milestone
        (M60.due, 0.60),
        (M60.due + timedelta(days=5), 0.80),  # halfway from 60 % to 100 %
        (END, 1.0),
        (END + timedelta(days=3), 1.0),
    ],
)
def test_expected_progress_is_piecewise_linear_through_the_milestones(at: datetime, expected: float) -> None:
    assert expected_completion(CAMPAIGN, at) == pytest.approx(expected)


def test_expected_progress_does_not_depend_on_the_time_zone_of_the_clock() -> None:
    at = START + timedelta(days=5)
    assert expected_completion(CAMPAIGN, at.astimezone(ZoneInfo("UTC"))) == pytest.approx(0.30)


def test_over_achievement_in_one_task_does_not_hide_a_shortfall_in_another() -> None:
    s = book({"a": act(visit=30, checkup=0)}, M60.due).standing(Assignee.member("a"))
    assert s.completion == pytest.approx(10 / 20)  # visit capped at 10 of 10, checkup 0 of 10
    assert s.raw_done == 30  # raw totals are still shown
    assert s.raw_quota == 20


def test_no_quota_means_no_completion() -> None:
    from bot.domain.tree import OrgTree

    members = [*MEMBERS, Member("leader", "领导", "v1", Role.LEADER)]
    b = ProgressBook(CAMPAIGN, OrgTree.build(UNITS, members), QUOTAS, {}, M60.due)
    s = b.standing(Assignee.member("leader"))
    assert s.completion is None
    assert s.status is Status.ON_TRACK


def test_units_roll_up_their_whole_subtree() -> None:
    b = book({"a": act(visit=4), "b": act(visit=6, checkup=1), "c": act(visit=10)}, M60.due)
    town = b.standing(Assignee.unit("town"))
    done = {ts.task: ts.done for ts in town.tasks}
    quota = {ts.task: ts.quota for ts in town.tasks}
    assert done == {"visit": 20, "checkup": 1}
    assert quota == {"visit": 40, "checkup": 10}
    assert b.standing(Assignee.unit("county")).raw_done == 21


def test_an_explicit_unit_quota_wins_over_the_sum_of_its_children() -> None:
    quotas = {**QUOTAS, (Assignee.unit("town"), "visit"): 100}
    b = book({}, M60.due, quotas)
    assert next(ts.quota for ts in b.standing(Assignee.unit("town")).tasks if ts.task == "visit") == 100
    assert next(ts.quota for ts in b.standing(Assignee.unit("county")).tasks if ts.task == "visit") == 100


def test_remaining_and_per_day_need_against_the_next_milestone() -> None:
    at = M60.due - timedelta(days=4, hours=12)  # 4.5 days left → 5 days for the per-day figure
    s = book({"c": act(visit=3, last=at)}, at).standing(Assignee.member("c"))
    [visit] = s.tasks
    assert (visit.target, visit.remaining, visit.per_day) == (12, 9, 2)  # ceil(9 / 5)
    assert s.next_milestone == M60
    assert not s.milestone_met


@pytest.mark.parametrize(
    ("visit", "status"),
    [(14, Status.AHEAD), (13, Status.ON_TRACK), (12, Status.ON_TRACK), (11, Status.ON_TRACK), (10, Status.BEHIND)],
)
def test_pace_status_within_five_points_is_on_track(visit: int, status: Status) -> None:
    at = M60.due  # expected 60 %; member c has one task with quota 20, so 1 done = 5 points
    busy = act(visit=visit, recent=20, last=at - timedelta(hours=1))  # reporting briskly: not at risk
    assert book({"c": busy}, at).standing(Assignee.member("c")).status is status


def test_behind_and_silent_for_three_days_is_at_risk() -> None:
    at = M60.due - timedelta(days=2)
    s = book({"b": act(visit=1, recent=7, last=at - timedelta(days=3))}, at).standing(Assignee.member("b"))
    assert s.status is Status.AT_RISK


@pytest.mark.parametrize(
    ("recent", "status"),
    [(2, Status.AT_RISK), (9, Status.AT_RISK), (10, Status.BEHIND), (14, Status.BEHIND)],
)
def test_behind_and_not_reaching_the_target_at_the_recent_rate_is_at_risk(recent: int, status: Status) -> None:
    # Two days before the 60 % due (expected ≈ 48 %), 乙 has 2 of 10 visits (20 %): behind pace, and the
    # target 6 still needs 4. At the recent rate (what the last 5 working days hold, / 5: every day of
    # a campaign built in code is a working day) 2 days bring 2 × recent / 5: 10 is exactly enough.
    at = M60.due - timedelta(days=2)
    reporting = act(visit=2, recent=recent, last=at - timedelta(hours=2))  # not silent
    assert book({"b": reporting}, at).standing(Assignee.member("b")).status is status


def test_the_recent_rate_averages_over_fewer_working_days_at_the_start() -> None:
    # Two days in (1 and 2 Nov complete; expected 12 %), 丙 has 1 of 20 (5 %): behind. The 60 % target 12
    # needs 11 in the 8 days left; 3 recent visits over the 2 working days there are make 1.5 a day
    # (12 ≥ 11: behind, not at risk), though over 5 days they would be 0.6 a day (4.8: at risk).
    at = START + timedelta(days=2, hours=1)
    s = book({"c": act(visit=1, recent=3, last=at - timedelta(hours=1))}, at).standing(Assignee.member("c"))
    assert s.status is Status.BEHIND


def test_laggards_are_units_and_members_with_a_quota_missing_a_target_and_behind_pace() -> None:
    b = book({"a": act(visit=6, checkup=6), "b": act(visit=1), "c": act(visit=12)}, M60.due - timedelta(days=1))
    names = {s.assignee for s in b.laggards("town")}
    assert names == {Assignee.member("b"), Assignee.unit("v1")}
    # 甲 and 二村 are short of the 100 % targets but ahead of pace (60 % done, 54 % expected): not listed.
    assert {s.assignee for s in b.laggards("town", Milestone(100, END))} == {Assignee.member("b"), Assignee.unit("v1")}
    # Once the 100 % milestone is due, whoever is short of a target missed it.
    after = book({"a": act(visit=6, checkup=6), "b": act(visit=1), "c": act(visit=12)}, END)
    missed = {s.assignee for s in after.laggards("town", Milestone(100, END))}
    assert missed >= {Assignee.member("a"), Assignee.unit("v2")}


def test_rule_violations_name_the_units_below_the_floor() -> None:
    from bot.domain.model import MinEachRule

    campaign = replace(CAMPAIGN, rules=(MinEachRule("village", "checkup", 1, 60),))
    from bot.domain.tree import OrgTree

    b = ProgressBook(campaign, OrgTree.build(UNITS, MEMBERS), QUOTAS, {"a": act(checkup=2)}, M60.due)
    [violation] = b.rule_violations(M60)
    assert (violation.unit, violation.required, violation.done) == ("v2", 1, 0)
    assert b.rule_violations(Milestone(100, END)) == []


def test_a_large_campaign_builds_and_rolls_up_exactly() -> None:
    from bot.domain.tree import OrgTree

    units = [Unit("root", "县", "county")] + [Unit(f"u{i}", f"村{i}", "village", "root") for i in range(500)]
    members = [Member(f"m{i}", f"人{i}", f"u{i % 500}", Role.CADRE) for i in range(5000)]
    quotas = {(Assignee.member(f"m{i}"), "visit"): 10 for i in range(5000)}
    activity = {f"m{i}": act(visit=i % 11) for i in range(5000)}
    b = ProgressBook(CAMPAIGN, OrgTree.build(units, members), quotas, activity, M60.due)
    root = b.standing(Assignee.unit("root"))
    assert root.raw_quota == 50_000
    assert root.raw_done == sum(i % 11 for i in range(5000))
    assert b.standing(Assignee.unit("u7")).raw_done == sum(i % 11 for i in range(7, 5000, 500))


def test_a_removed_members_reports_still_count_for_their_last_unit_and_above() -> None:
    from bot.domain.tree import OrgTree

    activity = {"a": act(visit=4), "gone": act(visit=7, checkup=2, recent=7, last=M60.due - timedelta(hours=1))}
    b = ProgressBook(CAMPAIGN, OrgTree.build(UNITS, MEMBERS), QUOTAS, activity, M60.due, former={"gone": "v1"})
    v1 = b.standing(Assignee.unit("v1"))
    assert {ts.task: ts.done for ts in v1.tasks} == {"visit": 11, "checkup": 2}
    assert v1.raw_quota == 30  # the removed member brings no quota of their own
    assert v1.reached_at == M60.due - timedelta(hours=1)
    assert b.standing(Assignee.unit("town")).raw_done == 13
    assert b.standing(Assignee.unit("county")).raw_done == 13
    assert b.standing(Assignee.unit("v2")).raw_done == 0


def test_a_removed_member_has_no_standing_ranking_row_or_laggard_line() -> None:
    from bot.domain.tree import OrgTree

    activity = {"gone": act(visit=1)}
    b = ProgressBook(CAMPAIGN, OrgTree.build(UNITS, MEMBERS), QUOTAS, activity, M60.due, former={"gone": "v1"})
    everyone = {s.assignee for s in b.members_in_scope("county")} | {s.assignee for s in b.children("v1")}
    lagging = {s.assignee for s in b.laggards("county", Milestone(100, END))}
    assert Assignee.member("gone") not in everyone | lagging
    with pytest.raises(KeyError):
        b.standing(Assignee.member("gone"))


def test_former_entries_for_a_unit_outside_the_tree_or_a_rostered_member_are_ignored() -> None:
    from bot.domain.tree import OrgTree

    activity = {"a": act(visit=4), "gone": act(visit=7)}
    former = {"gone": "dropped", "a": "v2"}  # "a" is on the roster: never counted twice
    b = ProgressBook(CAMPAIGN, OrgTree.build(UNITS, MEMBERS), QUOTAS, activity, M60.due, former=former)
    assert b.standing(Assignee.unit("county")).raw_done == 4
    assert b.standing(Assignee.unit("v2")).raw_done == 0


def test_a_dropped_unit_s_work_counts_at_its_nearest_ancestor_still_in_the_tree() -> None:
    from bot.domain.tree import OrgTree

    tree = OrgTree.build(UNITS, MEMBERS)
    parents = {"v9": "gone-town", "gone-town": "town", "town": "county", "county": None, "x": "y", "y": "x"}
    assert nearest_unit_in_tree("v1", parents, tree) == "v1"
    assert nearest_unit_in_tree("v9", parents, tree) == "town"
    assert nearest_unit_in_tree("orphan", parents, tree) is None  # unknown unit: counts nowhere
    assert nearest_unit_in_tree("x", parents, tree) is None  # a stale cycle does not loop forever


def test_a_members_only_book_gives_each_member_the_standing_of_the_full_book() -> None:
    # An acknowledgement needs one member's standing: the book skips the units' roll-up for it.
    from bot.domain.tree import OrgTree

    at = START + timedelta(days=20)
    activity = {
        "a": act(visit=8, checkup=3, recent=2, last=at - timedelta(days=4)),
        "c": act(visit=5, recent=5, last=at),
    }
    quotas = {**QUOTAS, (Assignee.unit("v1"), "visit"): 50}
    full = ProgressBook(CAMPAIGN, OrgTree.build(UNITS, MEMBERS), quotas, activity, at)
    lean = ProgressBook(CAMPAIGN, OrgTree.build(UNITS, MEMBERS), quotas, activity, at, roll_up=False)
    for key in ("a", "b", "c"):
        assert lean.standing(Assignee.member(key)) == full.standing(Assignee.member(key))
        assert lean.standing(Assignee.member(key), M60) == full.standing(Assignee.member(key), M60)
    with pytest.raises(KeyError):
        lean.standing(Assignee.unit("v1"))


def test_a_book_built_on_an_earlier_one_is_the_book_built_afresh() -> None:
    from bot.domain.tree import OrgTree

    tree, at = OrgTree.build(UNITS, MEMBERS), START + timedelta(days=5)
    everyone = [Assignee.unit(u.code) for u in UNITS] + [Assignee.member(m.key) for m in MEMBERS]
    earlier = {"a": act(visit=2), "b": act(visit=3)}
    first = ProgressBook(CAMPAIGN, tree, QUOTAS, earlier, at)
    # b's activity is a new object (their sums moved), a's the very same, c has reported since
    later = {"a": earlier["a"], "b": act(visit=9), "c": act(visit=4)}
    kept = ProgressBook(CAMPAIGN, tree, QUOTAS, later, at + timedelta(hours=5), previous=first)
    fresh = ProgressBook(CAMPAIGN, tree, QUOTAS, later, at + timedelta(hours=5))
    assert [kept.standing(a) for a in everyone] == [fresh.standing(a) for a in everyone]
    # other quotas (another object): nothing of the earlier book is taken over
    quotas = {**QUOTAS, (Assignee.member("a"), "visit"): 4}
    kept = ProgressBook(CAMPAIGN, tree, quotas, later, at, previous=first)
    assert [kept.standing(a) for a in everyone] == [
        ProgressBook(CAMPAIGN, tree, quotas, later, at).standing(a) for a in everyone
    ]
