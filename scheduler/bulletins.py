"""The bound groups' bulletins of an event: the daily one, a checkpoint's, and the final summary.

Each group is one recipient of the fan-out (Recipients.isolated, scheduler/crew.py), under its own outbox key; composing
(the chart) is the costly part, so a bulletin already posted is not composed again on a re-run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.delivery import BulletinPost
from bot.services.bulletins import Bulletin, Deliver
from bot.services.records import CampaignRecord
from scheduler.outbox import Target, event_target
from scheduler.planner import Event

if TYPE_CHECKING:
    from scheduler.crew import Recipients


def _deliverer(fan: Recipients, target: Target) -> Deliver:
    """Post a composed bulletin through the outbox, under `target`; the chat it landed in, once sent."""

    async def deliver(chat_id: int, composed: Bulletin) -> int | None:
        post = BulletinPost(chat_id, composed)  # one per delivery: a retry resumes it

        async def send() -> int:
            _, messages = await post.send(fan.bot)
            return messages[-1].message_id

        # post.chat_id follows a migration to a supergroup while we were away
        return post.chat_id if await fan.outbox.deliver(target, send) == "sent" else None

    return deliver


async def post_bulletins(
    fan: Recipients, record: CampaignRecord, event: Event, late: bool, checkpoint: bool = False
) -> None:
    """The daily bulletin (or, `checkpoint`, the checkpoint's), once per bound group."""
    loaded = await fan.s.progress.load(record)
    lang = fan.s.settings.default_language
    kind = "checkpoint" if checkpoint else "daily"
    for group in await fan.s.audience.groups(loaded):
        target = event_target(event, record.id, kind, f"g{group.chat_id}", late=late)

        async def bulletin(
            unit_code: str = group.unit_code, chat_id: int = group.chat_id, target: Target = target
        ) -> None:
            if await fan.s.notifications.exists(target.key):
                return  # composing (the chart) is the costly part: not for a bulletin already posted
            milestone = event.milestone if checkpoint else None
            deliver = _deliverer(fan, target)
            await fan.s.bulletins.post(record, unit_code, chat_id, deliver, lang=lang, checkpoint=milestone)

        await fan.isolated(target, bulletin)


async def post_final(fan: Recipients, record: CampaignRecord, event: Event, late: bool) -> None:
    """The final summary bulletin, once per bound group (its own outbox key, kind `final`)."""
    loaded = await fan.s.progress.load(record)
    lang = fan.s.settings.default_language
    for group in await fan.s.audience.groups(loaded):
        target = event_target(event, record.id, "final", f"g{group.chat_id}", late=late)

        async def summary(
            unit_code: str = group.unit_code, chat_id: int = group.chat_id, target: Target = target
        ) -> None:
            if await fan.s.notifications.exists(target.key):
                return  # composing (the chart) is the costly part: not for a summary already posted
            deliver = _deliverer(fan, target)
            await fan.s.bulletins.post(record, unit_code, chat_id, deliver, lang=lang, final=True)

        await fan.isolated(target, summary)
