"""/assign <unit or member> <task> <n> and /split <task> even|weights (SPEC §3.1).

Units and members are named by code or name, tasks by key, name or alias (bot/domain/lookup.py);
the last two words are the task and the count, everything before them is who (a name may have spaces).
"""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CampaignContext
from bot.domain.errors import DomainError
from bot.domain.lookup import Ambiguous, resolve_task
from bot.domain.parser import Reason, ReportParseError, parse_count
from bot.handlers.common import actor_of, reply_html
from bot.handlers.names import assigned_text, offer_choice
from bot.handlers.private import Answer, answers_privately
from bot.services.directory import Actor
from bot.texts import th
from bot.views.lookup import assign_example, report_example, split_example
from bot.views.sizing import chunks

MAX_QUOTA = 1_000_000_000  # far above any real quota; keeps every sum of quotas a safe integer


async def assign(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_leader()
    args = context.args or []
    if len(args) < 3:
        raise DomainError("leader.assign_usage", example=await _assign_example(context, actor))
    record = await context.services.directory.current_campaign(actor)
    example = report_example(actor.language, record.campaign.tasks)
    who, task, n = " ".join(args[:-2]), args[-2], await _quota(context, actor, args[-1], args[-2], example)
    try:
        _, name = await context.services.leader.assign(actor, record, who, task, n)
    except Ambiguous as asked:
        await offer_choice(update, context, actor, asked, "a", [(resolve_task(task, record.campaign.tasks).key, n)])
        return
    await reply_html(update, context, assigned_text(actor.language, record.campaign, name, task, n))


async def _assign_example(context: CampaignContext, actor: Actor) -> str:
    tasks, unit = await context.services.directory.examples(actor)
    return assign_example(actor.language, tasks, unit)


async def _quota(context: CampaignContext, actor: Actor, text: str, task: str, example: str) -> int:
    """The report parser's number reader, so `/assign … ٥` is refused exactly like `走访٥`."""
    try:
        return parse_count(text, example=example, task=task, limit=MAX_QUOTA, allow_zero=True)
    except ReportParseError as refused:
        if refused.reason is Reason.BAD_NUMBER:  # not a number at all: show how the command is written
            raise DomainError("leader.assign_usage", example=await _assign_example(context, actor)) from None
        raise


@answers_privately  # each line names a child of the leader's unit, its members included (SPEC §1)
async def split(_update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    actor.require_leader()
    args = context.args or []
    record = await context.services.directory.current_campaign(actor)
    if len(args) != 2 or args[1].lower() not in ("even", "weights"):
        raise DomainError("leader.split_usage", example=split_example(record.campaign.tasks))
    result = await context.services.leader.split(actor, record, args[0], args[1].lower())
    task = resolve_task(args[0], record.campaign.tasks)
    lang = actor.language
    lines = [th(lang, "leader.split_done", task=task.name, count=len(result.shares))]
    if result.by_head_count:
        lines.append(th(lang, "leader.split_weights_fallback"))
    # A child that already held a quota keeps it: show what this split added and the new total.
    lines += [
        th(lang, "leader.split_line", name=result.names[a], added=added, count=total, unit=task.unit)
        for a, (added, total) in result.shares.items()
    ]
    for text in chunks(lines):
        await answer.html(text)
