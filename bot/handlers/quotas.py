"""/assign <code> <task> <n> and /split <task> even|weights (SPEC §3.1)."""

from __future__ import annotations

from telegram import Update

from bot.context import CampaignContext
from bot.domain.errors import DomainError
from bot.handlers.common import actor_of, reply, reply_html
from bot.handlers.render import chunks
from bot.texts import th


async def assign(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_leader()
    args = context.args or []
    if len(args) != 3 or not args[2].isdecimal():
        raise DomainError("leader.assign_usage")
    code, task, n = args[0], args[1], int(args[2])
    record = await context.services.directory.current_campaign(actor)
    _, name = await context.services.leader.assign(actor, record, code, task, n)
    task_type = record.campaign.task(task)
    assert task_type is not None
    await reply(
        update, actor.language, "leader.assigned", assignee=name, task=task_type.name, count=n, unit=task_type.unit
    )


async def split(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_leader()
    args = context.args or []
    if len(args) != 2 or args[1] not in ("even", "weights"):
        raise DomainError("leader.split_usage")
    record = await context.services.directory.current_campaign(actor)
    result = await context.services.leader.split(actor, record, args[0], args[1])
    task = record.campaign.task(args[0])
    assert task is not None
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
        await reply_html(update, text)
