"""Reports entered by a leader for a cadre (/report_for): what the leader reads, what the cadre is told."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.model import Campaign, TaskType
from bot.domain.standing import Standing
from bot.texts import th
from bot.views.acks import ack, task_counts


def recorded_for(
    lang: str,
    campaign: Campaign,
    name: str,
    items: Sequence[tuple[TaskType, int]],
    standing: Standing,
    *,
    duplicate: bool,
    told: bool,
) -> str:
    """已为 张三 代报, whether they were told, and the acknowledgement they would have read."""
    head = th(
        lang, "proxy.recorded_for", name=name, told=th(lang, "proxy.told_privately" if told else "proxy.not_told")
    )
    return head + "\n" + ack(lang, campaign, items, standing, duplicate=duplicate)


def told(lang: str, campaign: Campaign, leader: str, items: Sequence[tuple[TaskType, int]]) -> str:
    """The cadre's private notice: who reported what for them."""
    counts = task_counts(lang, campaign, [(task.key, n) for task, n in items])
    return th(lang, "proxy.told", leader=leader, items=counts, campaign=campaign.name)


def told_undone(lang: str, campaign: Campaign, leader: str, items: Sequence[tuple[str, int]]) -> str:
    """The cadre's private notice: the leader took back what he had typed for them."""
    counts = task_counts(lang, campaign, items)
    return th(lang, "proxy.told_undone", leader=leader, items=counts, campaign=campaign.name)
