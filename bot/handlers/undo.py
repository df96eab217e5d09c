"""/undo: revert what the sender sent last (their own report, or one they typed for someone) by
correction entries, only while unreviewed."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.chat.context import CampaignContext
from bot.handlers.common import actor_of, reply, reply_html
from bot.services.undoing import Undone
from bot.texts import th
from bot.views.acks import task_counts
from bot.views.proxy import told_undone

log = logging.getLogger(__name__)


async def undo(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    message = update.effective_message
    assert message is not None
    # Keyed by this /undo message: delivered again (a lost reply, a crash) it reverts nothing more.
    undone = await context.services.reports.undo_last(actor, message.chat_id, message.message_id)
    campaign = undone.campaign.campaign
    if undone.withdrawn:
        parts = task_counts(actor.language, campaign, ((i.task, i.count) for i in undone.withdrawn))
        await reply(update, context, actor.language, "undo.question_withdrawn", items=parts)
        return
    parts = task_counts(actor.language, campaign, ((r.task, r.delta) for r in undone.rows), signed=True)
    if undone.for_other and not undone.again:  # an entry typed with /report_for: say whose counts went down
        told = await _tell(context, undone, actor.require_member().member.name)
        done = th(actor.language, "undo.done_for", items=parts, name=undone.member_name)
        await reply_html(update, context, done + (th(actor.language, "proxy.told_privately") if told else ""))
        return
    await reply(update, context, actor.language, "undo.again" if undone.again else "undo.done", items=parts)


async def _tell(context: CampaignContext, undone: Undone, leader: str) -> bool:
    """The member the entries were typed for is told privately, as they were when they were entered.
    False when they cannot be (never joined, or Telegram refused): the leader's reply then says nothing."""
    if undone.notify is None:
        return False
    user_id, lang = undone.notify
    counts = [(r.task, r.delta) for r in undone.rows]
    try:
        await context.bot.send_message(
            user_id, told_undone(lang, undone.campaign.campaign, leader, counts), parse_mode=ParseMode.HTML
        )
    except TelegramError as failed:  # the take-back stands; the leader's reply still goes out
        log.warning("could not tell a member of an entry taken back for them: %s", type(failed).__name__)
        return False
    return True
