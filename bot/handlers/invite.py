"""/invite [unit-code]: join codes and deep links for not-yet-joined members in scope."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.handlers.private import Answer, answers_privately
from bot.services.directory import Actor
from bot.texts import th
from bot.views.sizing import chunks


@answers_privately
async def invite(_update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    record = await context.services.directory.current_campaign(actor)
    unit = context.args[0] if context.args else None
    invites = await context.services.sharing.invites(actor, record, unit, context.bot.username)
    lang = actor.language
    lines = [th(lang, "invite.header", count=len(invites))]
    lines += [
        th(lang, "invite.line", unit=i.unit_name, name=i.member.member.name, code=i.code, link=i.deep_link)
        for i in invites
    ]
    if not invites:
        lines.append(th(lang, "invite.none"))
    for text in chunks(lines):
        await answer.html(text)
