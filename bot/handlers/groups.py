"""Groups: /bindgroup, leaving groups nobody binds, and group → supergroup migration (SPEC §3.1, §9)."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus

from bot.context import CampaignContext
from bot.domain.errors import NotAllowed
from bot.handlers.common import actor_of, is_forwarded, is_private, reply
from bot.storage.ops import GroupRepo

log = logging.getLogger(__name__)
UNBOUND_GRACE = timedelta(days=1)


async def bindgroup(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    if is_private(update) or update.effective_chat is None:
        await reply(update, actor.language, "groups.bind_in_group")
        return
    if is_forwarded(update.effective_message) or not actor.is_leader:
        raise NotAllowed("error.not_leader")
    record = await context.services.directory.current_campaign(actor)
    unit = await context.services.leader.bind_group(actor, record, update.effective_chat.id)
    await reply(update, actor.language, "groups.bound", unit=unit)


async def membership_changed(update: Update, context: CampaignContext) -> None:
    """The bot was added to a group: schedule a check; without a binding within a day, leave."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None or change.chat.type == "private":
        return
    if change.new_chat_member.status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR):
        assert context.job_queue is not None
        context.job_queue.run_once(
            leave_if_unbound,  # type: ignore[arg-type]  # PTB types the job callback with the default context
            UNBOUND_GRACE,
            chat_id=change.chat.id,
            name=f"leave-unbound:{change.chat.id}",
        )
    elif change.new_chat_member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        async with context.services.db.transaction() as conn:
            await GroupRepo(conn).unbind(change.chat.id)


async def leave_if_unbound(context: CampaignContext) -> None:
    chat_id = context.job.chat_id if context.job else None
    if chat_id is None:
        return
    if await GroupRepo(context.services.db.reader).get(chat_id) is None:
        log.info("leaving group %s: no leader bound it within %s", chat_id, UNBOUND_GRACE)
        await context.bot.leave_chat(chat_id)


async def migrated(update: Update, context: CampaignContext) -> None:
    """Telegram turned the group into a supergroup with a new id: keep its binding."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    async with context.services.db.transaction() as conn:
        await GroupRepo(conn).migrate(message.chat_id, message.migrate_to_chat_id)
