"""/undo: revert what the sender sent last (their own report, or one they typed for someone) by
correction entries, only while unreviewed."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.handlers.common import actor_of, reply
from bot.views.acks import task_counts


async def undo(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    message = update.effective_message
    assert message is not None
    # Keyed by this /undo message: delivered again (a lost reply, a crash) it reverts nothing more.
    undone = await context.services.reports.undo_last(actor, message.chat_id, message.message_id)
    campaign = undone.campaign.campaign
    if undone.withdrawn:
        parts = task_counts(actor.language, campaign, ((i.task, i.count) for i in undone.withdrawn))
        await reply(update, actor.language, "undo.question_withdrawn", items=parts)
        return
    parts = task_counts(actor.language, campaign, ((r.task, r.delta) for r in undone.rows), signed=True)
    if undone.for_other and not undone.again:  # an entry typed with /report_for: say whose counts went down
        await reply(update, actor.language, "undo.done_for", items=parts, name=undone.member_name)
        return
    await reply(update, actor.language, "undo.again" if undone.again else "undo.done", items=parts)
