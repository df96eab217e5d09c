"""/progress [unit code or name]: a unit's progress, children ranked, unassigned remainder, pace; after
the deadline, the final results."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.domain.model import Assignee
from bot.domain.policy import Action
from bot.domain.quotas import unassigned
from bot.domain.ranking import ranked_children
from bot.handlers.private import Answer, answers_privately
from bot.services.directory import Actor
from bot.views import final
from bot.views import standing as views
from bot.views.reconcile import checked_texts


@answers_privately
async def progress(_update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    record = await context.services.directory.current_campaign(actor)
    asked = " ".join(context.args or ()) or None  # a code or a name (names may have spaces)
    scope = await context.services.leader.scope(actor, record, Action.VIEW_PROGRESS, asked)
    loaded, campaign = scope.loaded, record.campaign
    unit = loaded.tree.unit(scope.unit_code)
    rest = [(task, unassigned(loaded.tree, loaded.quotas, unit.code, task.key)) for task in campaign.tasks]
    ranked, unquoted = ranked_children(loaded.book, unit.code)
    standing = loaded.book.standing(Assignee.unit(unit.code))
    if loaded.ended:  # after the deadline: final results; nothing is left to hand down or catch up
        texts = final.progress(actor.language, campaign, loaded.tree, unit, standing, ranked, unquoted)
    else:
        forecast = (await context.services.forecast.of(loaded, [standing.assignee]))[standing.assignee]
        texts = views.progress(actor.language, campaign, loaded.tree, unit, standing, rest, ranked, unquoted, forecast)
    texts += checked_texts(actor.language, await context.services.reconcile.checked_in(record, loaded, unit.code))
    for text in texts:
        await answer.html(text)
