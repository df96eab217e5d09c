"""/start [code]: what the bot is, or binding a Telegram account to a roster entry (SPEC §1, §4).
The join message shows how to report in the words of the member's own campaign (SPEC §3.1)."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.handlers.common import actor_of, is_private, reply
from bot.views.lookup import report_example


async def start(update: Update, context: CampaignContext) -> None:
    if not is_private(update):
        return  # join codes are personal: never redeem one in a group where others can read it
    actor = await actor_of(update, context)
    code = context.args[0] if context.args else ""
    directory = context.services.directory
    if not code:
        if actor.member is not None:
            tasks, _ = await directory.examples(actor)
            example = report_example(actor.language, tasks)
            await reply(
                update,
                context,
                actor.language,
                "onboarding.welcome_back",
                name=actor.member.member.name,
                example=example,
            )
        else:
            await reply(update, context, actor.language, "onboarding.welcome")
        return
    assert update.effective_user is not None
    member = await context.services.invites.redeem(code, update.effective_user.id)
    lang = member.member.language
    tasks, _ = await directory.examples(await directory.actor(update.effective_user.id))
    await reply(
        update,
        context,
        lang,
        "onboarding.joined",
        name=member.member.name,
        role=member.member.role.value,
        example=report_example(lang, tasks),
    )
