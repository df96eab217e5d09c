"""/progress [unit-code]: a unit's progress, children ranked, unassigned remainder, pace."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.domain.model import Assignee
from bot.domain.policy import Action
from bot.domain.quotas import unassigned
from bot.domain.ranking import rank
from bot.handlers.private import Answer, answers_privately
from bot.handlers.render import chunks, pct, row_line, standing_lines
from bot.services.directory import Actor
from bot.services.progress import LoadedBook
from bot.texts import th


def display_name(loaded: LoadedBook, assignee: Assignee) -> str:
    if assignee.kind.value == "unit":
        return loaded.tree.unit(assignee.key).name
    return loaded.tree.member(assignee.key).name


@answers_privately
async def progress(update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    record = await context.services.directory.current_campaign(actor)
    asked = context.args[0] if context.args else None
    scope = await context.services.leader.scope(actor, record, Action.VIEW_PROGRESS, asked)
    loaded, lang, campaign = scope.loaded, actor.language, record.campaign
    unit = loaded.tree.unit(scope.unit_code)
    st = loaded.book.standing(Assignee.unit(unit.code))
    lines = [
        th(
            lang,
            "views.progress_header",
            unit=unit.name,
            campaign=campaign.name,
            completion=pct(st.completion),
            expected=pct(st.expected),
            pace=f"{st.pace:+.1f}",
            status=th(lang, f"status.{st.status.value}"),
        )
    ]
    lines += standing_lines(lang, campaign, st)
    for task in campaign.tasks:
        rest = unassigned(loaded.tree, loaded.quotas, unit.code, task.key)
        if rest > 0:
            lines.append(th(lang, "views.unassigned", task=task.name, count=rest, unit=task.unit))
    # Leaders sit in their unit as members; without quota or reports they are noise in a ranking.
    children = [
        s for s in loaded.book.children(unit.code) if s.assignee.kind.value == "unit" or s.raw_quota or s.raw_done
    ]
    # Without a quota there is no completion to rank by: such children follow the ranking, unranked.
    ranked = rank([s for s in children if s.completion is not None])
    unquoted = [s for s in children if s.completion is None]
    if ranked or unquoted:
        lines.append(th(lang, "views.children_header"))
        lines += [row_line(lang, r.rank, display_name(loaded, r.standing.assignee), r.standing) for r in ranked]
        lines += [row_line(lang, 0, display_name(loaded, s.assignee), s) for s in unquoted]
    for text in chunks(lines):
        await answer.html(text)
