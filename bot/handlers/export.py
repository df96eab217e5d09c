"""/export: the campaign workbook (summary, units, members, milestones, ledger) as an .xlsx file."""

from __future__ import annotations

from io import BytesIO

from telegram import InputFile, Update
from telegram.constants import ChatAction

from bot.context import CampaignContext
from bot.handlers.common import actor_of
from bot.services.export import ExportService
from bot.texts import th


async def export(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_leader()
    services = context.services
    record = await services.directory.current_campaign(actor)
    scope = await services.leader.scope(actor, record)  # a leader exports their own subtree only
    message = update.effective_message
    assert message is not None
    await message.reply_chat_action(ChatAction.UPLOAD_DOCUMENT)
    unit = None if actor.is_admin else scope.unit_code
    data = await ExportService(services.db, services.clock).workbook(record, actor.language, unit, exported_by=actor)
    stamp = services.clock().strftime("%Y%m%d-%H%M")
    await message.reply_document(
        InputFile(BytesIO(data), filename=f"{record.key}-{stamp}.xlsx"),
        caption=th(actor.language, "cli.exported", key=record.key, path=record.campaign.name),
    )
