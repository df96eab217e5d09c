"""/laggards: members and units in scope behind pace, with what they still need for the next milestone."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.domain.policy import Action
from bot.domain.progress import Status
from bot.handlers.private import Answer, answers_privately
from bot.handlers.progress import display_name
from bot.handlers.render import chunks, due_text
from bot.services.directory import Actor
from bot.texts import th

# A leader asking for laggards means "who is behind pace". Someone on track has usually not yet met
# a milestone that is days away; listing them under "behind" would make the list say two things.
BEHIND = (Status.BEHIND, Status.AT_RISK)


@answers_privately
async def laggards(update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    record = await context.services.directory.current_campaign(actor)
    scope = await context.services.leader.scope(actor, record, Action.VIEW_LAGGARDS)
    loaded, lang, campaign = scope.loaded, actor.language, record.campaign
    milestone = campaign.next_milestone(context.services.clock())
    if milestone is None:
        await answer.html(th(lang, "views.no_open_milestone"))
        return
    behind = [s for s in loaded.book.laggards(scope.unit_code, milestone) if s.status in BEHIND]
    due = due_text(campaign, lang, milestone.due)
    lines = [th(lang, "views.laggards_header", count=len(behind), percent=milestone.percent, due=due)]
    sep = th(lang, "views.list_sep")
    for st in behind:
        needs = sep.join(f"{campaign.task_name(ts.task)} {ts.remaining}" for ts in st.tasks if ts.remaining > 0)
        status = th(lang, f"status.{st.status.value}")
        lines.append(th(lang, "views.laggard_line", name=display_name(loaded, st.assignee), needs=needs, status=status))
    if not behind:
        lines.append(th(lang, "views.no_laggards"))
    for text in chunks(lines):
        await answer.html(text)
