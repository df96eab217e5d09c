"""/laggards: members and units in scope behind the next milestone, with what they still need."""

from __future__ import annotations

from telegram import Update

from bot.context import CampaignContext
from bot.handlers.common import actor_of, reply_html
from bot.handlers.progress import display_name
from bot.handlers.render import chunks, due_text
from bot.texts import th


async def laggards(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    record = await context.services.directory.current_campaign(actor)
    scope = await context.services.leader.scope(actor, record)
    loaded, lang, campaign = scope.loaded, actor.language, record.campaign
    milestone = campaign.next_milestone(context.services.clock())
    if milestone is None:
        await reply_html(update, th(lang, "views.no_open_milestone"))
        return
    behind = loaded.book.laggards(scope.unit_code, milestone)
    lines = [
        th(
            lang,
            "views.laggards_header",
            count=len(behind),
            percent=milestone.percent,
            due=due_text(campaign, lang, milestone.due),
        )
    ]
    for st in behind:
        needs = "、".join(f"{campaign.task_name(ts.task)} {ts.remaining}" for ts in st.tasks if ts.remaining > 0)
        lines.append(
            th(
                lang,
                "views.laggard_line",
                name=display_name(loaded, st.assignee),
                needs=needs,
                status=th(lang, f"status.{st.status.value}"),
            )
        )
    if not behind:
        lines.append(th(lang, "views.no_laggards"))
    for text in chunks(lines):
        await reply_html(update, text)
