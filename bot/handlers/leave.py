"""/leave: a member's leave (请假, issue 11 §2). Answers name people, so they go to the private chat: a
leader asking in a group is answered privately (like /laggards), a cadre is asked to use the private chat.

`/leave 12-10 12-15` for oneself, `/leave 张三 12-10 12-15` for a member in a leader's scope (one day:
`/leave 12-10`); `/leave off` or `/leave 张三 off` ends it early; `/leave` alone lists current and
upcoming leave. Dates as 12-10, 12/10, 12月10日 or 2026-12-10. No reason is asked for or kept.
"""

from __future__ import annotations

import re

from telegram import Update
from telegram.constants import ParseMode

from bot.chat import leave_offers, leave_told
from bot.chat.callback_data import pressed
from bot.chat.callback_member import ResplitLeave
from bot.chat.context import CampaignContext
from bot.domain.days import looks_like_day
from bot.domain.errors import DomainError
from bot.domain.origin import MessageKey
from bot.handlers.common import actor_of, is_private, reply
from bot.handlers.private import Answer, answers_privately
from bot.services.directory import Actor
from bot.views import leave as views

OFF_WORDS = frozenset({"off", "end", "结束", "销假", "取消"})


# A range as people write it: "12-10至12-15", "12月10日到12月15日", "12-10 ~ 12-15" (never "-": it is in dates).
_RANGE = re.compile(r"[至到~～—–]")


def _range_parts(word: str) -> list[str]:
    """A word split at a range mark when what it joins are dates; a name (李至诚) stays whole."""
    parts = [p for p in _RANGE.split(word) if p]
    return parts if all(looks_like_day(p) for p in parts) else [word]


def split_args(args: list[str]) -> tuple[str | None, list[str]]:
    """(who, what): the name typed before the dates or `off` (None: oneself), and the dates or ["off"]."""
    args = [part for word in args for part in _range_parts(word)]
    if args and args[-1].lower() in OFF_WORDS:
        return " ".join(args[:-1]) or None, ["off"]
    days = 2 if len(args) >= 2 and looks_like_day(args[-2]) else 1
    if not args or not looks_like_day(args[-1]):
        raise DomainError("leave.usage")
    if any(looks_like_day(word) for word in args[:-days]):  # three dates: no name, a slip
        raise DomainError("leave.usage")
    return " ".join(args[:-days]) or None, args[-days:]


async def leave(update: Update, context: CampaignContext) -> None:
    if not is_private(update) and not (actor := await actor_of(update, context)).is_leader:
        await reply(update, context, actor.language, "private.use_private_chat")
        return
    await _leave(update, context)


@answers_privately
async def _leave(update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    message = update.effective_message
    assert message is not None
    record = await context.services.directory.current_campaign(actor)
    service, lang, args = context.services.leave, actor.language, context.args or []
    if not args:
        entries = await service.listing(actor, record)
        await answer.html(views.listing(lang, [(e.member.member.name, e.leave) for e in entries]))
        return
    who, what = split_args(args)
    key = MessageKey(message.chat_id, message.message_id)
    if what == ["off"]:
        ended = await service.end(actor, record, key, who)
        await answer.html(views.ended_reply(lang, ended.member.member.name, ended.leave, own=ended.own))
        await leave_told.tell(context.bot, context.services.notifications, ended.told)
        return
    done = await service.set(actor, record, what[0], what[-1], key, who)
    await answer.html(views.set_reply(lang, done.member.member.name, done.leave, own=done.own, clipped=done.clipped))
    # A long leave: the unit's leaders are offered a re-split, privately (claimed with the leave).
    await leave_offers.offer(context.bot, context.services.notifications, record.campaign, done.offers)
    await leave_told.tell(context.bot, context.services.notifications, done.told)  # the member, privately


async def resplit_pressed(update: Update, context: CampaignContext) -> None:
    """The re-split offer taken: keyed by the offer message, so a second press changes nothing."""
    query = update.callback_query
    assert query is not None
    assert query.message is not None
    asked = pressed(ResplitLeave.unpack, query)
    actor = await actor_of(update, context)
    record = await context.services.directory.current_campaign(actor)
    key = MessageKey(query.message.chat.id, query.message.message_id)
    done = await context.services.resplit.take(actor, record, asked.leave_id, asked.revision, key)
    gains = {done.names[a]: tasks for a, tasks in done.result.gains.items()}
    await query.answer()
    text = views.resplit_done(actor.language, record.campaign, done.name, gains)
    await query.edit_message_text(text, parse_mode=ParseMode.HTML)
