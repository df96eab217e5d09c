"""/verify: pending reports in scope with approve / reject buttons, and "approve all shown"."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import CampaignContext
from bot.handlers.common import actor_of, reply
from bot.texts import th

PREFIX = "vf:"
PAGE = 8


async def verify(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_leader()
    record = await context.services.directory.current_campaign(actor)
    scope, rows = await context.services.leader.pending(actor, record, PAGE)
    lang = actor.language
    if not rows:
        await reply(update, lang, "verify.none")
        return
    buttons = []
    for r in rows:
        task = record.campaign.task(r.task)
        member = scope.loaded.by_id.get(r.member_id)
        label = f"{member.member.name if member else r.member_id} · {task.name if task else r.task} +{r.delta}"
        buttons.append(
            [
                InlineKeyboardButton(label, callback_data="noop"),
                InlineKeyboardButton("✅", callback_data=f"{PREFIX}a:{r.id}"),
                InlineKeyboardButton("✖", callback_data=f"{PREFIX}r:{r.id}"),
            ]
        )
    # "Approve all shown" names the ids on screen, so a report arriving meanwhile is never approved unseen.
    shown = ",".join(str(r.id) for r in rows)
    all_data = f"{PREFIX}A:{shown}"
    if len(all_data.encode()) <= 64:
        buttons.append([InlineKeyboardButton(th(lang, "verify.approve_all"), callback_data=all_data)])
    await reply(update, lang, "verify.header", count=len(rows), reply_markup=InlineKeyboardMarkup(buttons))


async def verify_decision(update: Update, context: CampaignContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    actor = await actor_of(update, context)
    actor.require_leader()
    record = await context.services.directory.current_campaign(actor)
    action, _, ids_text = query.data.removeprefix(PREFIX).partition(":")
    ids = [int(i) for i in ids_text.split(",") if i.isdigit()]
    changed = await context.services.leader.decide(actor, record, ids, approve=action in ("a", "A"))
    key = "verify.approved" if action in ("a", "A") else "verify.rejected"
    await query.answer(th(actor.language, key, count=changed))
    await verify(update, context)
