"""/reconcile, then a 核查 file (issue 11 §4): its problems all at once, or the discrepancies beyond
tolerance; each leader of a unit with a discrepancy is told privately (outbox, exactly once).

The intent is stored (bot/services/reconcile.py), not kept in memory: a restart between the command and
the file loses nothing. A document without an open /reconcile goes to the plan upload, as before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from io import BytesIO

from telegram import Bot, InputFile, Update
from telegram.constants import ParseMode

from bot.chat.callback_data import pressed
from bot.chat.callback_plan import TemplatePick
from bot.chat.context import CampaignContext
from bot.domain.errors import DomainError
from bot.domain.model import Campaign
from bot.handlers.common import actor_of, is_private, reply_html
from bot.handlers.private import Answer, answers_privately
from bot.plans.isolated import read_reconcile_isolated
from bot.plans.limits import MAX_FILE_BYTES, megabytes
from bot.render.reconcile_template import write_reconcile_template
from bot.services.directory import Actor
from bot.services.notifications import NotificationService
from bot.services.reconcile import Outcome
from bot.texts import th
from bot.views.reconcile import notice_text, problem_texts, result_texts
from scheduler.outbox import Outbox


@answers_privately
async def reconcile(_update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    actor.require_leader()
    record = await context.services.directory.current_campaign(actor)
    await context.services.reconcile.begin(actor, record)
    await answer.html(th(actor.language, "reconcile.send_file"))


async def template_pressed(update: Update, context: CampaignContext) -> None:
    """The 核查 template (the button under the plan template)."""
    query = update.callback_query
    assert query is not None
    pressed(TemplatePick.unpack, query)
    actor = await actor_of(update, context)
    actor.require_leader()
    await query.answer()
    message = update.effective_message
    assert message is not None
    await context.bot.send_document(
        message.chat.id,
        InputFile(BytesIO(write_reconcile_template()), filename="reconcile-template.xlsx"),
        caption=th(actor.language, "reconcile.template_caption"),
    )


async def reconcile_file(update: Update, context: CampaignContext, actor: Actor) -> bool:
    """Handle a private document as a 核查 file when this leader has an open /reconcile (or this upload
    was stored already); False: it is not one (the plan upload takes it)."""
    message = update.effective_message
    if message is None or message.document is None or not is_private(update):
        return False
    key = f"{message.chat.id}:{message.message_id}"
    services = context.services
    campaign_id = await services.reconcile.upload_for(actor, key)
    if campaign_id is None:
        if lapsed := await services.reconcile.lapsed(actor):
            await reply_html(update, context, th(actor.language, "reconcile.intent_lapsed"))
        return lapsed
    actor.require_leader()
    record = next((r for r in await services.directory.campaigns_for(actor) if r.id == campaign_id), None)
    if record is None:  # no longer on that campaign's roster
        raise DomainError("error.not_leader")
    doc = message.document
    if doc.file_size and doc.file_size > MAX_FILE_BYTES:
        raise DomainError("planchat.too_large", limit=megabytes(MAX_FILE_BYTES))
    data = bytes(await (await doc.get_file()).download_as_bytearray())
    rows, problems = await read_reconcile_isolated(data, doc.file_name or "reconcile")
    outcome = await services.reconcile.reconcile(actor, record, rows, key, problems)
    lang = actor.language
    if outcome.problems or outcome.stored is None:
        for text in problem_texts(lang, outcome.problems):
            await reply_html(update, context, text)
        return True
    stored = outcome.stored
    for text in result_texts(lang, record.campaign, stored.source, stored.as_of, len(outcome.lines),
                             outcome.discrepancies, outcome.names):  # fmt: skip
        await reply_html(update, context, text)
    if outcome.notices:  # told off this update: a 429 in one leader's chat holds no reply
        context.application.create_task(_tell(context.bot, services.notifications, record.campaign, outcome))
    return True


async def group_file(update: Update, context: CampaignContext) -> None:
    """A document in a group from a leader with an open /reconcile: they meant it as the 核查 file, so say
    where it must go (nothing in a group is ever read as one, and no figures are said there). Any other
    file in a group is none of the bot's business and stays unanswered."""
    message = update.effective_message
    if message is None or message.document is None or is_private(update):
        return
    actor = await actor_of(update, context)
    if actor.user_id and await context.services.reconcile.intended(actor) is not None:
        await reply_html(update, context, th(actor.language, "reconcile.file_in_group"))


async def _tell(bot: Bot, notifications: NotificationService, campaign: Campaign, outcome: Outcome) -> None:
    outbox, stored = Outbox(notifications), outcome.stored
    assert stored is not None
    for notice in outcome.notices:
        text = notice_text(
            notice.language, campaign, outcome.uploader, stored.source, stored.as_of, notice.lines, outcome.names
        )
        await outbox.send_claimed(notice.notification_id, notice.target, _sender(bot, notice.chat_id, text))


def _sender(bot: Bot, chat_id: int, text: str) -> Callable[[], Awaitable[int]]:
    async def send() -> int:
        return (await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)).message_id

    return send
