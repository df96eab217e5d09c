"""Graduated warnings (issue 11 §5): a member's own card, a leader's list, the group bulletin's line
naming those at the public step, and the mark before a name in laggard lists."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.model import Campaign, Member, Milestone
from bot.domain.tree import OrgTree
from bot.domain.warnings import WarningLevel
from bot.texts import t, th
from bot.views.dates import due_text
from bot.views.sizing import chunks

MARKS = {WarningLevel.NONE: "", WarningLevel.YELLOW: "🟨", WarningLevel.RED: "🟥", WarningLevel.PUBLIC: "📢"}

# One member's step as a notice names it: who, the level reached, the checkpoints missed in a row.
Step = tuple[Member, WarningLevel, int]


def mark(level: WarningLevel) -> str:
    """🟨 / 🟥 / 📢 before a name; nothing below yellow."""
    return MARKS[level]


def own(lang: str, campaign: Campaign, milestone: Milestone, level: WarningLevel, missed: int) -> list[str]:
    """The member's private card: firm, and respectful — it says what was missed and who knows."""
    key = f"warnings.own_{level.word}"
    if level is WarningLevel.PUBLIC:
        key += "_named" if campaign.name_cadres_in_bulletin else "_unnamed"
    due = due_text(campaign, lang, milestone.due)
    return chunks([th(lang, key, count=missed, percent=milestone.percent, due=due)])


def leader_list(lang: str, campaign: Campaign, milestone: Milestone, tree: OrgTree, steps: Sequence[Step]) -> list[str]:
    """A leader's list of the steps taken in their reach at one checkpoint."""
    due = due_text(campaign, lang, milestone.due)
    lines = [th(lang, "warnings.leader_header", percent=milestone.percent, due=due, count=len(steps))]
    for member, level, missed in steps:
        lines.append(
            th(
                lang,
                "warnings.leader_line",
                mark=mark(level),
                name=member.name,
                unit=tree.unit(member.unit_code).name if tree.has_unit(member.unit_code) else "",
                level=t(lang, f"warnings.level_{level.word}"),
                count=missed,
            )
        )
    if any(level is WarningLevel.PUBLIC for _, level, _ in steps):
        lines.append(
            th(lang, "warnings.leader_named" if campaign.name_cadres_in_bulletin else "warnings.leader_unnamed")
        )
    return chunks(lines)


def bulletin_lines(lang: str, tree: OrgTree, steps: Sequence[Step]) -> list[str]:
    """The group bulletin's line naming the members at the public step (only when the campaign names
    cadres in groups; the service decides who is listed)."""
    if not steps:
        return []
    names = tuple(t(lang, "warnings.named", name=m.name, unit=tree.unit(m.unit_code).name) for m, _, _ in steps)
    return [th(lang, "warnings.bulletin_named", count=max(missed for _, _, missed in steps), names=names)]
