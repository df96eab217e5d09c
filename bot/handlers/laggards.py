"""/laggards [unit code or name]: who in scope is behind pace, with what they still need for the next milestone."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.domain.policy import Action
from bot.domain.progress import Status
from bot.handlers.private import Answer, answers_privately
from bot.services.directory import Actor
from bot.views import standing as views

# A leader asking for laggards means "who is behind pace". Someone on track has usually not yet met
# a milestone that is days away; listing them under "behind" would make the list say two things.
BEHIND = (Status.BEHIND, Status.AT_RISK)


@answers_privately
async def laggards(_update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    record = await context.services.directory.current_campaign(actor)
    asked = " ".join(context.args or ()) or None  # a unit below, by code or name (SPEC §3.1)
    scope = await context.services.leader.scope(actor, record, Action.VIEW_LAGGARDS, asked)
    loaded, campaign = scope.loaded, record.campaign
    milestone = campaign.next_milestone(context.services.clock())
    behind = (
        [] if milestone is None else [s for s in loaded.book.laggards(scope.unit_code, milestone) if s.status in BEHIND]
    )
    for text in views.laggards(actor.language, campaign, loaded.tree, milestone, behind):
        await answer.html(text)
