"""/laggards [unit code or name]: units and members in scope behind pace (the one laggard rule), grouped
by level with what each still needs for the next milestone, then who has not reported today or for days.
/silent [N]: everyone in scope with no report for N days in a row (default: today)."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.domain.errors import DomainError
from bot.handlers.private import Answer, answers_privately
from bot.services.directory import Actor
from bot.views import silence
from bot.views import standing as views

MAX_DAYS = 366


@answers_privately
async def laggards(_update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    record = await context.services.directory.current_campaign(actor)
    asked = " ".join(context.args or ()) or None  # a unit below, by code or name (SPEC §3.1)
    found = await context.services.laggards.laggards(actor, record, asked)
    silent = found.silence.members
    lang, campaign = actor.language, record.campaign
    shown = views.laggards(lang, campaign, found.tree, found.milestone, found.behind, silent, found.warned, found.away)
    for text in shown:
        await answer.html(text)


@answers_privately
async def silent(_update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    days = _days(context.args or [])
    record = await context.services.directory.current_campaign(actor)
    found = await context.services.laggards.silence(actor, record, days)
    for text in silence.silent_list(actor.language, found.tree, found.unit_code, days, found.members):
        await answer.html(text)


def _days(args: list[str]) -> int:
    """`/silent` is today; `/silent 3` is three days or more in a row."""
    if not args:
        return 1
    if len(args) == 1 and args[0].isascii() and args[0].isdigit() and 1 <= int(args[0]) <= MAX_DAYS:
        return int(args[0])
    raise DomainError("laggards.silent_usage")
