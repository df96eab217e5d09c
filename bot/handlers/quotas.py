"""/assign <code> <task> <n> and /split <task> even|weights (SPEC §3.1)."""

from __future__ import annotations

from telegram import Update

from bot.context import CampaignContext
from bot.domain.errors import DomainError
from bot.handlers.common import actor_of, reply, reply_html
from bot.handlers.progress import display_name
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
    assignee = await context.services.leader.assign(actor, record, code, task, n)
    task_type = record.campaign.task(task)
    assert task_type is not None
    await reply(
        update,
        actor.language,
        "leader.assigned",
        assignee=assignee.key,
        task=task_type.name,
        count=n,
        unit=task_type.unit,
    )


async def split(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_leader()
    args = context.args or []
    if len(args) != 2 or args[1] not in ("even", "weights"):
        raise DomainError("leader.split_usage")
    record = await context.services.directory.current_campaign(actor)
    shares = await context.services.leader.split(actor, record, args[0], args[1])
    task = record.campaign.task(args[0])
    assert task is not None
    scope = await context.services.leader.scope(actor, record)
    lines = [th(actor.language, "leader.split_done", task=task.name, count=len(shares))]
    lines += [
        th(actor.language, "leader.split_line", name=display_name(scope.loaded, a), count=n, unit=task.unit)
        for a, n in shares.items()
    ]
    for text in chunks(lines):
        await reply_html(update, text)
