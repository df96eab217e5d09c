"""/undo: revert the member's last report by a correction entry, only while unreviewed."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.handlers.common import actor_of, reply
from bot.texts import th


async def undo(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    message = update.effective_message
    assert message is not None
    # Keyed by this /undo message: delivered again (a lost reply, a crash) it reverts nothing more.
    undone = await context.services.reports.undo_last(actor, message.chat_id, message.message_id)
    names = {t.key: t for t in undone.campaign.campaign.tasks}
    sep = th(actor.language, "views.list_sep")
    if undone.withdrawn:
        parts = sep.join(f"{names[i.task].name} {i.count}" for i in undone.withdrawn if i.task in names)
        await reply(update, actor.language, "undo.question_withdrawn", items=parts)
        return
    parts = sep.join(f"{names[r.task].name} {r.delta:+d}" for r in undone.rows if r.task in names)
    await reply(update, actor.language, "undo.again" if undone.again else "undo.done", items=parts)
