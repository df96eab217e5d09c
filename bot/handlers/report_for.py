"""/report_for <member> <report>: a leader reports for a cadre without a phone (SPEC §3.1), and the
press of a namesake button offered by /assign or /report_for (bot/handlers/names.py)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.chat.callback_data import pressed
from bot.chat.callback_member import MemberPick
from bot.chat.context import CampaignContext
from bot.domain.errors import DomainError, NotAllowed
from bot.domain.lookup import Ambiguous
from bot.domain.origin import MessageKey
from bot.domain.parser import ParsedItem, ReportParseError, parse_report
from bot.handlers.common import actor_of, reply_html
from bot.handlers.names import assigned_text, offer_choice
from bot.services.directory import Actor
from bot.services.proxy import ProxyRecorded
from bot.services.records import CampaignRecord
from bot.views import proxy as views
from bot.views.lookup import report_for_example

log = logging.getLogger(__name__)
PREFIX = MemberPick.PREFIX


def split_args(lang: str, args: list[str], record: CampaignRecord) -> tuple[str, tuple[ParsedItem, ...]]:
    """Who, and the report: the shortest leading words after which the rest reads as a report (a
    name may have spaces: `/report_for Li Si visit 5`). Nothing reads: the parser's own refusal."""
    if len(args) < 2:
        raise DomainError("proxy.usage", example=report_for_example(lang, record.campaign.tasks))
    first_refusal: ReportParseError | None = None
    for cut in range(1, len(args)):
        try:
            return " ".join(args[:cut]), parse_report(" ".join(args[cut:]), record.campaign.tasks)
        except ReportParseError as refused:
            first_refusal = first_refusal or refused
    assert first_refusal is not None
    raise first_refusal


async def report_for(update: Update, context: CampaignContext) -> None:
    message = update.effective_message
    assert message is not None
    actor = await actor_of(update, context)
    actor.require_leader()
    record = await context.services.directory.current_campaign(actor)
    who, items = split_args(actor.language, context.args or [], record)
    counts = [(i.task, i.count) for i in items]
    key = MessageKey(message.chat_id, message.message_id)
    try:
        done = await context.services.proxy.report_for(actor, record, counts, key, who=who)
    except Ambiguous as asked:
        await offer_choice(update, context, actor, asked, "r", counts)
        return
    await reply_html(update, context, await _recorded(context, actor, done))


async def _recorded(context: CampaignContext, actor: Actor, done: ProxyRecorded) -> str:
    """The leader's reply; the cadre is told privately (only for a new entry)."""
    result, campaign = done.recorded, done.recorded.campaign.campaign
    told = result.member.member.telegram_user_id is not None  # a redelivery: told the first time
    if done.notify_user_id is not None:
        lang = result.member.member.language
        try:
            await context.bot.send_message(
                done.notify_user_id,
                views.told(lang, campaign, done.leader_name, result.items),
                parse_mode=ParseMode.HTML,
            )
        except TelegramError as failed:  # the entry stands; the leader's reply still goes out
            told = False
            log.warning("could not tell member %s of a report entered for them: %s", result.member.id, failed)
    name = result.member.member.name
    return views.recorded_for(
        actor.language, campaign, name, result.items, result.standing_now(), duplicate=result.duplicate, told=told
    )


async def member_picked(update: Update, context: CampaignContext) -> None:
    query = update.callback_query
    assert query is not None
    assert query.message is not None
    pick = pressed(MemberPick.unpack, query)
    actor = await actor_of(update, context)
    if pick.owner != actor.user_id:
        raise NotAllowed("lookup.not_your_choice")
    record = await context.services.directory.current_campaign(actor)
    if pick.action == "a":
        [(task, n)] = pick.items
        _, name = await context.services.leader.assign(actor, record, "", task, n, member_id=pick.member_id)
        text = assigned_text(actor.language, record.campaign, name, task, n)
    else:
        # Keyed by the choice message: a second press, or of the other namesake, records nothing more.
        key = MessageKey(query.message.chat.id, query.message.message_id)
        done = await context.services.proxy.report_for(actor, record, pick.items, key, member_id=pick.member_id)
        text = await _recorded(context, actor, done)
    await query.answer()
    await query.edit_message_text(text, parse_mode=ParseMode.HTML)
