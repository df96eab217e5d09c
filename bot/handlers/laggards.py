"""/laggards: members and units in scope behind pace, with what they still need for the next milestone."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.domain.policy import Action
from bot.handlers.private import Answer, answers_privately
from bot.services.directory import Actor
from bot.views import standing as views


@answers_privately
async def laggards(_update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    record = await context.services.directory.current_campaign(actor)
    scope = await context.services.leader.scope(actor, record, Action.VIEW_LAGGARDS)
    loaded, campaign = scope.loaded, record.campaign
    milestone = campaign.next_milestone(context.services.clock())
    behind = [] if milestone is None else loaded.book.laggards(scope.unit_code, milestone)  # the one laggard rule
    for text in views.laggards(actor.language, campaign, loaded.tree, milestone, behind):
        await answer.html(text)
