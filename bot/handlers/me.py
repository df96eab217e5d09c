"""/me: own progress per task, next milestone, what is still needed per day, rank in unit."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.domain.model import Assignee, AssigneeKind
from bot.domain.ranking import rank
from bot.handlers.common import actor_of, reply_html
from bot.handlers.render import due_text, pct, standing_lines
from bot.texts import th


async def me(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    member = actor.require_member()
    record = await context.services.directory.current_campaign(actor)
    loaded = await context.services.progress.load(record)
    book, lang, campaign = loaded.book, actor.language, record.campaign
    standing = book.standing(Assignee.member(member.key))
    # Rank only peers with a quota, as /progress does: a leader without one is not a competitor.
    peers = [
        s
        for s in book.children(member.member.unit_code)
        if s.assignee.kind is AssigneeKind.MEMBER and s.completion is not None
    ]
    ranked = rank(peers)
    position = next((r.rank for r in ranked if r.standing.assignee == standing.assignee), None)
    lines = [
        th(
            lang,
            "views.me_header",
            name=member.member.name,
            campaign=campaign.name,
            completion=pct(standing.completion),
            expected=pct(standing.expected),
            status=th(lang, f"status.{standing.status.value}"),
        )
    ]
    lines += standing_lines(lang, campaign, standing)
    if standing.next_milestone is not None:
        lines.append(
            th(
                lang,
                "views.next_milestone",
                percent=standing.next_milestone.percent,
                due=due_text(campaign, lang, standing.next_milestone.due),
            )
        )
    if position is not None:
        lines.append(th(lang, "views.rank_in_unit", rank=position, total=len(ranked)))
    await reply_html(update, "\n".join(lines))
