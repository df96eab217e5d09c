"""Groups: /bindgroup, leaving groups nobody binds, and group → supergroup migration (SPEC §3.1, §9)."""

from __future__ import annotations

import contextlib

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import BadRequest, Forbidden

from bot.chat.context import CampaignContext
from bot.domain.errors import NotAllowed
from bot.handlers.common import actor_of, is_forwarded, is_private, reply
from bot.texts import th


async def bindgroup(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    if is_private(update) or update.effective_chat is None:
        await reply(update, context, actor.language, "groups.bind_in_group")
        return
    if is_forwarded(update.effective_message) or not actor.is_leader:
        raise NotAllowed("error.not_leader")
    record = await context.services.directory.current_campaign(actor)
    chat = update.effective_chat
    binding = await context.services.sharing.bind_group(actor, record, chat.id)
    await reply(update, context, actor.language, "groups.bound", unit=binding.unit_name)
    replaced = binding.replaced
    if replaced is not None and replaced.member.telegram_user_id is not None:
        name = actor.member.member.name if actor.member else str(actor.user_id)
        notice = th(
            replaced.member.language,
            "groups.rebound_notice",
            group=chat.title or str(chat.id),
            old_unit=binding.replaced_unit_name,
            name=name,
            unit=binding.unit_name,
        )
        # Their binding changed: they hear it from the bot, not at the next bulletin. If they blocked
        # the bot or never started it, the audit log still records the change.
        with contextlib.suppress(Forbidden, BadRequest):
            await context.bot.send_message(replaced.member.telegram_user_id, notice, parse_mode=ParseMode.HTML)


async def membership_changed(update: Update, context: CampaignContext) -> None:
    """The bot was added to a group: remember when, in the database, so that the scheduler leaves
    it after a day without a binding — across restarts (scheduler/runner.py: leave_unbound_groups)."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None or change.chat.type == "private":
        return
    if change.new_chat_member.status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR):
        await context.services.sharing.group_joined(change.chat.id)
    elif change.new_chat_member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        await context.services.sharing.group_left(change.chat.id)


async def migrated(update: Update, context: CampaignContext) -> None:
    """Telegram turned the group into a supergroup with a new id: keep its binding."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    await context.services.sharing.group_migrated(message.chat_id, message.migrate_to_chat_id)
