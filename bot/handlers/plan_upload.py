"""/plan then a .yaml/.xlsx file: validate → preview → import on confirm; /template (SPEC §3.1, §4)."""

from __future__ import annotations

import html
from io import BytesIO

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode

from bot.chat.callback_data import pressed
from bot.chat.callback_plan import PlanAnswer, TemplatePick
from bot.chat.context import CampaignContext
from bot.domain.errors import DomainError
from bot.domain.policy import Refusal
from bot.handlers.common import actor_of, is_private, reply, reply_html
from bot.handlers.reconcile import reconcile_file
from bot.plans import PlanDefaults
from bot.plans.isolated import check_plan_isolated
from bot.plans.limits import MAX_FILE_BYTES, megabytes
from bot.render.plan_workbook import write_template
from bot.services.plans import PlanRefused
from bot.texts import th
from bot.views import plan_preview
from bot.views.sizing import chunks

PREFIX = PlanAnswer.PREFIX
PROBLEMS_SHOWN = 25
AWAITING = "plan:awaiting"
PREVIEW = "plan:preview"
TEMPLATE_PICK = TemplatePick().pack()


async def plan(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_leader()
    if not is_private(update):
        raise DomainError("planchat.private_only")
    context.pending[AWAITING] = True
    await context.services.reconcile.forget(actor)  # the next file is a plan, not a 核查 file
    await reply(update, context, actor.language, "planchat.send_file")


async def template(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_leader()
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        InputFile(BytesIO(write_template()), filename="campaign-plan-template.xlsx"),
        caption=th(actor.language, "planchat.template_caption"),
        reply_markup=InlineKeyboardMarkup(  # the 核查 template, one tap away (bot/handlers/reconcile.py)
            [
                [
                    InlineKeyboardButton(
                        th(actor.language, "reconcile.template_button"), callback_data=TemplatePick().pack()
                    )
                ]
            ]
        ),
    )


async def plan_file(update: Update, context: CampaignContext) -> None:
    message = update.effective_message
    if message is None or message.document is None or not is_private(update):
        return
    actor = await actor_of(update, context)
    if await reconcile_file(update, context, actor):  # after /reconcile, a file is a 核查 file
        return
    if not context.pending.pop(AWAITING, False):
        await reply(update, context, actor.language, "planchat.use_plan_first")
        return
    actor.require_leader()
    doc = message.document
    if doc.file_size and doc.file_size > MAX_FILE_BYTES:
        raise DomainError("planchat.too_large", limit=megabytes(MAX_FILE_BYTES))
    data = bytes(await (await doc.get_file()).download_as_bytearray())
    parsed, problems = await check_plan_isolated(
        data, doc.file_name or "plan", defaults=PlanDefaults.of(context.bot_data.settings)
    )
    lang = actor.language
    if problems or parsed is None:
        # The first ones fit one message; a file with thousands would otherwise take dozens.
        lines = [th(lang, "planchat.problems_header", count=len(problems))]
        lines += [f"• {html.escape(p.render(lang))}" for p in problems[:PROBLEMS_SHOWN]]
        if len(problems) > PROBLEMS_SHOWN:
            lines.append(th(lang, "planchat.more_problems", count=len(problems) - PROBLEMS_SHOWN))
        for text in chunks(lines):
            await reply_html(update, context, text)
        return
    previewed = await context.services.plans.preview(parsed, actor)
    if previewed.refusals:  # the file is valid, but not all of it is the uploader's to change: list why
        for text in _refusal_texts(lang, "plan.auth.header", previewed.refusals):
            await reply_html(update, context, text)
        return
    # One preview at a time per chat, bound to this upload: a newer file replaces it, and the buttons
    # of an older preview then find no match (they never import the newer file).
    context.pending[PREVIEW] = (message.message_id, parsed)
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("✅", callback_data=PlanAnswer(True, message.message_id).pack()),
                InlineKeyboardButton("✖", callback_data=PlanAnswer(False, message.message_id).pack()),
            ]
        ]
    )
    await reply_html(update, context, plan_preview.preview(lang, parsed, previewed.not_counted), reply_markup=buttons)


async def plan_confirm(update: Update, context: CampaignContext) -> None:
    query = update.callback_query
    assert query is not None
    answer = pressed(PlanAnswer.unpack, query)
    actor = await actor_of(update, context)
    actor.require_leader()
    await query.answer()
    upload_id, parsed = context.pending.get(PREVIEW, (None, None))
    if upload_id != answer.upload_id or parsed is None:  # an older preview, or lost in a restart
        await query.edit_message_text(th(actor.language, "planchat.preview_stale"))
        return
    del context.pending[PREVIEW]
    if not answer.yes:
        await query.edit_message_text(th(actor.language, "planchat.cancelled"))
        return
    try:
        summary = await context.services.plans.import_plan(parsed, actor=actor)
    except PlanRefused as refused:  # the organisation changed since the preview: nothing was applied
        first, *rest = _refusal_texts(actor.language, "plan.auth.not_applied", refused.refusals)
        await query.edit_message_text(first, parse_mode=ParseMode.HTML)
        for text in rest:
            await reply_html(update, context, text)
        return
    key = "planchat.imported" if summary.created else "planchat.updated"
    await query.edit_message_text(
        th(
            actor.language,
            key,
            campaign=parsed.campaign.name,
            members=summary.members,
            quotas=summary.quotas,
            removed=summary.removed_members,
        )
    )


def _refusal_texts(lang: str, header: str, refusals: list[Refusal]) -> list[str]:
    lines = [th(lang, header, count=len(refusals))]
    lines += [f"• {th(lang, r.key, **r.params)}" for r in refusals]
    return chunks(lines)
