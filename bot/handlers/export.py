"""/export: the campaign workbook (summary, units, members, milestones, daily, ledger) as an .xlsx file."""

from __future__ import annotations

from io import BytesIO

from telegram import InputFile, Update
from telegram.constants import ChatAction

from bot.chat.context import CampaignContext
from bot.handlers.private import Answer, answers_privately
from bot.services.directory import Actor
from bot.views.dates import file_stamp
from bot.views.export import export_caption


@answers_privately
async def export(_update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    actor.require_leader()
    services = context.services
    record = await services.directory.current_campaign(actor)
    await answer.action(ChatAction.UPLOAD_DOCUMENT)
    data = await services.sharing.export(actor, record, actor.language)
    now = services.clock()
    await answer.document(
        InputFile(BytesIO(data), filename=f"{record.key}-{file_stamp(now)}.xlsx"),
        caption=export_caption(actor.language, record.campaign, now),
    )
