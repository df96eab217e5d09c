"""/verify [unit]: pending reports in scope (or in one unit, by code or name) with approve / reject
buttons, and "approve all shown".

A decision edits the list in place (the next pending reports, or "none left"), so old buttons never
pile up in the chat. Ids travel in base 36 so "approve all shown" for a full page fits the 64-byte
callback limit up to ledger ids of about two billion (beyond, the button is left out, never cut).
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.chat.callback_data import pressed
from bot.chat.callback_verify import VERIFY_PAGE, VerifyAction, VerifyDecision
from bot.chat.context import CampaignContext
from bot.chat.decisions import tell
from bot.domain.errors import DomainError
from bot.domain.model import Campaign
from bot.handlers.common import actor_of, is_private
from bot.handlers.private import Answer, answers_privately
from bot.services.directory import Actor
from bot.services.integrity import Sample
from bot.services.verifying import PendingPage
from bot.texts import th
from bot.views.sizing import alert_text
from bot.views.verify import PendingEntry, pending_label, pending_text, sample_text

FLAGGED_WORDS = frozenset({"flagged", "异常"})


def _args(args: list[str]) -> tuple[str | None, bool]:
    """`/verify [flagged|异常] [unit]`, the word before or after the unit: (unit, flagged only)."""
    flagged = any(a.lower() in FLAGGED_WORDS for a in args)
    rest = [a for a in args if a.lower() not in FLAGGED_WORDS]
    return (" ".join(rest) or None), flagged


def _rows(
    lang: str, campaign: Campaign, page: PendingPage, listing: Callable[[VerifyAction, tuple[int, ...]], VerifyDecision]
) -> tuple[list[PendingEntry], InlineKeyboardMarkup]:
    """The page's entries (with their flags) and its buttons; `listing` makes a button's data, so
    the list shown after a decision is the same kind of list."""
    entries, buttons = [], []
    for position, item in enumerate(page.items, start=1):
        r = item.report
        flags = page.flags.get(r.id, ())
        entry = PendingEntry(r.created_at, item.unit, item.member, campaign.task_name(r.task), r.delta, flags)
        entries.append(entry)
        buttons.append(
            [
                InlineKeyboardButton(pending_label(position, entry), callback_data=VerifyDecision("i").pack()),
                InlineKeyboardButton("✅", callback_data=listing("a", (r.id,)).pack()),
                InlineKeyboardButton("✖", callback_data=listing("r", (r.id,)).pack()),
            ]
        )
    # "Approve all shown" names the ids on screen, so a report arriving meanwhile is never approved unseen.
    approve_all = listing("A", tuple(item.report.id for item in page.items))
    if approve_all.fits():
        buttons.append([InlineKeyboardButton(th(lang, "verify.approve_all"), callback_data=approve_all.pack())])
    return entries, InlineKeyboardMarkup(buttons)


async def _listing(
    actor: Actor, context: CampaignContext, unit: str | None = None, *, flagged_only: bool = False
) -> tuple[str, InlineKeyboardMarkup | None]:
    record = await context.services.directory.current_campaign(actor)
    page = await context.services.integrity.pending(actor, record, VERIFY_PAGE, unit, flagged_only=flagged_only)
    lang, campaign = actor.language, record.campaign
    code = page.unit.code if page.unit else ""
    if not page.items:
        return th(lang, "verify.flagged_none" if flagged_only else "verify.none"), None
    entries, markup = _rows(lang, campaign, page, lambda a, ids: VerifyDecision(a, ids, code, flagged_only))
    unit_name = page.unit.name if page.unit else None
    text = pending_text(lang, campaign, page.total, entries, unit_name, flagged=page.flagged, flagged_only=flagged_only)
    return text, markup


def sample_listing(actor: Actor, campaign: Campaign, sample: Sample) -> tuple[str, InlineKeyboardMarkup | None]:
    """A back-check's picks still pending (/sample), with the same buttons as /verify."""
    page, lang = sample.page, actor.language
    entries, markup = _rows(lang, campaign, page, lambda a, ids: VerifyDecision(a, ids, sample=sample.audit_id))
    text = sample_text(lang, campaign, sample.picked, sample.flagged, page.total, entries)
    return text, (markup if entries else None)


@answers_privately
async def verify(_update: Update, context: CampaignContext, actor: Actor, answer: Answer) -> None:
    actor.require_leader()
    unit, flagged_only = _args(list(context.args or []))
    text, markup = await _listing(actor, context, unit, flagged_only=flagged_only)
    await answer.html(text, reply_markup=markup)


async def verify_decision(update: Update, context: CampaignContext) -> None:
    query = update.callback_query
    assert query is not None
    decision = pressed(VerifyDecision.unpack, query)
    actor = await actor_of(update, context)
    actor.require_leader()
    if not is_private(update):  # the list is only ever sent privately; a group's button is not one of ours
        raise DomainError("private.use_private_chat")
    if decision.action == "i":  # the label button: nothing to do, but stop the client's spinner
        await query.answer()
        return
    record = await context.services.directory.current_campaign(actor)
    approve = decision.action in ("a", "A")
    decided = await context.services.leader.decide_round(actor, record, list(decision.ids), approve, update.update_id)
    if decided.notices:  # the cadres are told off this update: a 429 in one cadre's chat holds no list
        notifications = context.services.notifications
        context.application.create_task(tell(context.bot, notifications, record.campaign, decided.notices))
    key = "verify.approved" if approve else "verify.rejected"
    await query.answer(alert_text(th(actor.language, key, count=decided.changed)))
    if decision.sample is not None:
        sample = await context.services.integrity.sample_page(actor, record, decision.sample, VERIFY_PAGE)
        text, markup = sample_listing(actor, record.campaign, sample)
    else:
        text, markup = await _listing(actor, context, decision.unit or None, flagged_only=decision.flagged)
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as unchanged:  # a double tap or a second leader: the list already shows this
        if "not modified" not in unchanged.message:
            raise
