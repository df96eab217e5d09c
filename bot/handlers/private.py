"""Answers with personal data or secrets (member names, join codes, the ledger) never go into a group.

`@answers_privately` wraps the handlers of /invite, /export, /verify, /progress, /laggards and /split: the
handler writes to an `Answer`, which always addresses the leader's private chat. Asked in a group,
the group gets only a short "sent to you privately" — or, when the bot may not message the leader
(they never pressed Start, or blocked it), a refusal saying to use the private chat. Nothing is
computed (nor audited as handed out) before the private chat is known to work.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden

from bot.chat.context import CampaignContext
from bot.handlers.common import actor_of, is_private, reply
from bot.services.directory import Actor


class Answer:
    """Where the leader's answer goes: their private chat (a private chat's id is the user's id)."""

    def __init__(self, context: CampaignContext, actor: Actor) -> None:
        self.bot = context.bot
        self.actor = actor
        self.chat_id = actor.user_id
        self.sent = 0

    async def html(self, text: str, reply_markup: Any = None) -> Message:
        self.sent += 1
        return await self.bot.send_message(self.chat_id, text, parse_mode=ParseMode.HTML, reply_markup=reply_markup)

    async def document(self, document: Any, caption: str) -> Message:
        self.sent += 1
        return await self.bot.send_document(self.chat_id, document, caption=caption)

    async def action(self, action: str) -> None:
        await self.bot.send_chat_action(self.chat_id, action)


PrivateHandler = Callable[[Update, CampaignContext, Actor, Answer], Awaitable[None]]


def answers_privately(handler: PrivateHandler) -> Callable[[Update, CampaignContext], Awaitable[None]]:
    @functools.wraps(handler)
    async def wrapped(update: Update, context: CampaignContext) -> None:
        actor = await actor_of(update, context)
        answer = Answer(context, actor)
        if is_private(update):
            await handler(update, context, actor, answer)
            return
        actor.require_leader()  # a cadre typing a leader command in a group is told so there
        try:
            await answer.action(ChatAction.TYPING)  # may the bot message them at all?
        except (Forbidden, BadRequest):
            await reply(update, context, actor.language, "private.start_first")
            return
        await handler(update, context, actor, answer)
        if answer.sent:
            await reply(update, context, actor.language, "private.sent")

    return wrapped
