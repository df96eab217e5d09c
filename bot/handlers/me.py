"""/me: own progress per task, next milestone, what is still needed per day, rank in unit; after the
deadline, the final results."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.domain.model import Assignee
from bot.domain.ranking import rank_in_unit
from bot.handlers.common import actor_of, reply_html
from bot.views import final
from bot.views import standing as views


async def me(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    member = actor.require_member()
    record = await context.services.directory.current_campaign(actor)
    loaded = await context.services.progress.load(record)
    book = loaded.book
    standing = book.standing(Assignee.member(member.key))
    position = rank_in_unit(book, member.key, member.member.unit_code)
    lang, campaign, name = actor.language, record.campaign, member.member.name
    if loaded.ended:  # after the deadline: the final results, nothing left to forecast
        await reply_html(update, context, final.me(lang, campaign, name, standing, position))
        return
    forecast = await context.services.forecast.of(loaded, [standing.assignee])
    leave = await context.services.leave.own(record, member.id)
    await reply_html(
        update, context, views.me(lang, campaign, name, standing, position, forecast[standing.assignee], leave)
    )
