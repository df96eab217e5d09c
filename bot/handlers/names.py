"""Names, not codes (SPEC §3.1): /units and /tasks, and the choice offered between two namesakes.

A leader who typed a name two members share is offered one button per namesake (and the typed form
`王芳（东村）` in the text). A button names the roster id and the whole command, so a press acts on
exactly what was asked (bot/handlers/report_for.py answers it).
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.chat.callback_member import MemberPick, PickAction
from bot.chat.context import CampaignContext
from bot.domain.lookup import Ambiguous, resolve_task
from bot.domain.model import Campaign
from bot.handlers.common import actor_of, reply_html
from bot.handlers.private import Answer, answers_privately
from bot.services.directory import Actor
from bot.texts import th
from bot.views import lookup as views


async def offer_choice(
    update: Update,
    context: CampaignContext,
    actor: Actor,
    asked: Ambiguous,
    action: PickAction,
    items: Sequence[tuple[str, int]],
) -> None:
    """The namesakes as buttons (when each fits Telegram's limit), and as typed forms in the text."""
    choices: tuple[str, ...] = asked.params["choices"]
    picks = [MemberPick(action, actor.user_id, member_id, tuple(items)) for member_id in asked.ids]
    markup = None
    if picks and all(p.fits() for p in picks):
        rows = [[InlineKeyboardButton(label, callback_data=p.pack())] for label, p in zip(choices, picks, strict=True)]
        markup = InlineKeyboardMarkup(rows)
    text = th(actor.language, asked.key, **asked.params)
    if markup is not None:
        text += th(actor.language, "lookup.or_pick")
    await reply_html(update, context, text, reply_markup=markup)


def assigned_text(lang: str, campaign: Campaign, name: str, task: str, n: int) -> str:
    task_type = resolve_task(task, campaign.tasks)
    return th(lang, "leader.assigned", assignee=name, task=task_type.name, count=n, unit=task_type.unit)


async def units(update: Update, context: CampaignContext) -> None:
    await _units(update, context)


@answers_privately  # the organisation below a leader is theirs to read, not the group's
async def _units(_update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    record = await context.services.directory.current_campaign(actor)
    home, reach = await context.services.leader.nameable(actor, record)
    for text in views.units(actor.language, home.loaded.tree, reach):
        await answer.html(text)


async def tasks(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    record = await context.services.directory.current_campaign(actor)
    for text in views.tasks(actor.language, record.campaign.tasks):
        await reply_html(update, context, text)
