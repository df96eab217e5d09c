"""Which unit's quota reaches a member (SPEC §5: "a quota set on a unit reaches its people").

Plans usually set quotas per village, not per cadre. For a task a member has no quota of their own
for (an explicit 0 is their own), the quota that concerns them is that of the nearest unit — their
own, or the nearest above it — that was given an explicit quota for the task. A unit whose quota is
only the sum of its children's is skipped: that sum is other people's personal quotas, not work
shared by everyone in the unit. While that unit is behind its milestone target for the task, the
member is reminded of what the unit still needs and how many people it is shared by.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from bot.domain.leave import Away, expected_on
from bot.domain.model import Assignee, Campaign, Milestone, Role
from bot.domain.progress import ProgressBook
from bot.domain.quotas import Quotas
from bot.domain.standing import TaskStanding
from bot.domain.tree import OrgTree


def reaching_unit(tree: OrgTree, quotas: Quotas, member_key: str, task: str) -> str | None:
    """The unit whose quota for `task` reaches the member; None with a personal quota, or none above."""
    if (Assignee.member(member_key), task) in quotas:
        return None
    home = tree.member(member_key).unit_code
    return next((code for code in (home, *tree.ancestors(home)) if (Assignee.unit(code), task) in quotas), None)


@dataclass(frozen=True, slots=True)
class UnitShare:
    """A unit's quota for one task, as it reaches one of its people."""

    unit: str
    task: TaskStanding  # the unit's own standing for the task (done, target, remaining, per day)
    people: int  # the cadres this unit's quota reaches for the task (not those on leave that day)


class QuotaReach:
    """The reaching units of every member and task of a campaign, computed once per tree and quotas."""

    def __init__(
        self, tree: OrgTree, quotas: Quotas, campaign: Campaign, away: Away | None = None, day: date | None = None
    ) -> None:
        """`away` and `day`: members on leave on `day` are not among the people a quota is shared by."""
        self._tasks = [t.key for t in campaign.tasks]
        self._unit: dict[tuple[str, str], str] = {}
        self._people: Counter[tuple[str, str]] = Counter()
        for member in tree.members():
            for task in self._tasks:
                code = reaching_unit(tree, quotas, member.key, task)
                if code is None:
                    continue
                self._unit[(member.key, task)] = code
                present = day is None or expected_on(away or {}, member.key, day)
                if member.role is Role.CADRE and present:  # the people who are reminded, and who report
                    self._people[(code, task)] += 1

    def unit_for(self, member_key: str, task: str) -> str | None:
        return self._unit.get((member_key, task))

    def people(self, unit_code: str, task: str) -> int:
        return self._people[(unit_code, task)]

    def shares(self, book: ProgressBook, member_key: str, milestone: Milestone) -> list[UnitShare]:
        """The units behind `milestone`'s target that reach the member, one entry per task, task order."""
        out = []
        for task in self._tasks:
            code = self._unit.get((member_key, task))
            if code is None:
                continue
            standing = book.standing(Assignee.unit(code), milestone)
            ts = next((ts for ts in standing.tasks if ts.task == task), None)
            if ts is not None and ts.remaining > 0:
                out.append(UnitShare(code, ts, self.people(code, task)))
        return out
