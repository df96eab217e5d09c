"""/plan then a .yaml/.xlsx file: validate → preview → import on confirm; /template (SPEC §3.1, §4)."""

from __future__ import annotations

import html
from io import BytesIO

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot.context import CampaignContext
from bot.domain.errors import DomainError, NotAllowed
from bot.handlers.common import actor_of, is_private, reply, reply_html
from bot.handlers.render import chunks
from bot.plans import write_template
from bot.plans.isolated import check_plan_isolated
from bot.plans.limits import MAX_FILE_BYTES, megabytes
from bot.plans.types import PlanDoc
from bot.services.directory import Actor
from bot.texts import th

PREFIX = "pl:"
PROBLEMS_SHOWN = 25
AWAITING = "plan:awaiting"
PREVIEW = "plan:preview"


async def plan(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_leader()
    if not is_private(update):
        raise DomainError("planchat.private_only")
    context.pending[AWAITING] = True
    await reply(update, actor.language, "planchat.send_file")


async def template(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_leader()
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        InputFile(BytesIO(write_template()), filename="campaign-plan-template.xlsx"),
        caption=th(actor.language, "planchat.template_caption"),
    )


async def plan_file(update: Update, context: CampaignContext) -> None:
    message = update.effective_message
    if message is None or message.document is None or not is_private(update):
        return
    actor = await actor_of(update, context)
    if not context.pending.pop(AWAITING, False):
        await reply(update, actor.language, "planchat.use_plan_first")
        return
    actor.require_leader()
    doc = message.document
    if doc.file_size and doc.file_size > MAX_FILE_BYTES:
        raise DomainError("planchat.too_large", limit=megabytes(MAX_FILE_BYTES))
    data = bytes(await (await doc.get_file()).download_as_bytearray())
    parsed, problems = await check_plan_isolated(data, doc.file_name or "plan")
    lang = actor.language
    if problems or parsed is None:
        # The first ones fit one message; a file with thousands would otherwise take dozens.
        lines = [th(lang, "planchat.problems_header", count=len(problems))]
        lines += [f"• {html.escape(p.render(lang))}" for p in problems[:PROBLEMS_SHOWN]]
        if len(problems) > PROBLEMS_SHOWN:
            lines.append(th(lang, "planchat.more_problems", count=len(problems) - PROBLEMS_SHOWN))
        for text in chunks(lines):
            await reply_html(update, text)
        return
    _check_scope(actor, parsed)
    context.pending[PREVIEW] = parsed
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("✅", callback_data=f"{PREFIX}y"),
                InlineKeyboardButton("✖", callback_data=f"{PREFIX}n"),
            ]
        ]
    )
    c = parsed.campaign
    await reply(
        update,
        lang,
        "planchat.preview",
        campaign=c.name,
        key=c.key,
        start=c.start.strftime("%Y-%m-%d %H:%M"),
        end=c.end.strftime("%Y-%m-%d %H:%M"),
        tasks="、".join(t.name for t in c.tasks),
        units=len(parsed.units),
        members=len(parsed.members),
        quotas=len(parsed.quotas),
        reply_markup=buttons,
    )


def _check_scope(actor: Actor, parsed: PlanDoc) -> None:
    """A leader may import only a plan whose units all lie in the subtree of the unit they lead."""
    if actor.is_admin:
        return
    assert actor.member is not None
    own = actor.member.member.unit_code
    parents = {u.code: u.parent_code for u in parsed.units}
    for code in parents:
        node: str | None = code
        while node is not None and node != own:
            node = parents.get(node)
        if node is None:
            raise NotAllowed("error.out_of_scope", code=code)


async def plan_confirm(update: Update, context: CampaignContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    actor = await actor_of(update, context)
    actor.require_leader()
    await query.answer()
    parsed = context.pending.pop(PREVIEW, None)
    if query.data != f"{PREFIX}y" or parsed is None:
        await query.edit_message_text(th(actor.language, "planchat.cancelled"))
        return
    summary = await context.services.plans.import_plan(
        parsed, actor_member_id=actor.member_id, actor_user_id=actor.user_id
    )
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
