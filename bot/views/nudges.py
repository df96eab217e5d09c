"""The evening nudge (SPEC §5): one gentle line to a cadre who is behind and sent nothing today —
what the next milestone still needs, and how to report it in one message."""

from __future__ import annotations

from bot.domain.model import Campaign
from bot.domain.standing import Standing
from bot.texts import th
from bot.views.dates import due_time
from bot.views.pace import days_left_note
from bot.views.standing import needs


def nudge(lang: str, campaign: Campaign, name: str, standing: Standing) -> list[str]:
    milestone = standing.next_milestone
    short = next((ts for ts in standing.tasks if ts.remaining > 0), None)
    if milestone is None or short is None:
        return [th(lang, "scheduler.nudge_plain", name=name)]
    # The example is this campaign's own task with a day's share of what it needs, e.g. 入户走访3.
    example = f"{campaign.task_name(short.task)}{short.per_day}"
    return [
        th(
            lang,
            "scheduler.nudge",
            name=name,
            percent=milestone.percent,
            due=due_time(campaign, lang, milestone.due),
            needs=needs(lang, campaign, standing),
            left=days_left_note(lang, campaign, short),
            example=example,
        )
    ]
