"""/invite [unit-code]: join codes and deep links for not-yet-joined members in scope."""

from __future__ import annotations

from telegram import Update

from bot.context import CampaignContext
from bot.handlers.common import actor_of, reply_html
from bot.handlers.render import chunks
from bot.texts import th


async def invite(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    record = await context.services.directory.current_campaign(actor)
    scope = await context.services.leader.scope(actor, record, context.args[0] if context.args else None)
    units = set(scope.loaded.tree.subtree_unit_codes(scope.unit_code))
    invites = await context.services.invites.invites(record.id, units, context.bot.username, requested_by=actor)
    lang = actor.language
    lines = [th(lang, "invite.header", count=len(invites))]
    lines += [
        th(lang, "invite.line", unit=i.unit_name, name=i.member.member.name, code=i.code, link=i.deep_link)
        for i in invites
    ]
    if not invites:
        lines.append(th(lang, "invite.none"))
    for text in chunks(lines):
        await reply_html(update, text)
