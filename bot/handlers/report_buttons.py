"""/report: inline keyboard — pick task → pick amount (quick buttons or keypad) → confirm.

All state travels in callback data (≤ 64 bytes, bot/chat/callback_data.py), so the flow survives a
restart. The keyboard message's id is the report's origin: pressing "confirm" twice records once. The data carries the
Telegram id of whoever opened the keyboard: in a group, another member's press is refused, never
recorded for the presser.
"""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.chat.callback_data import pressed
from bot.chat.callback_report import ReportStep
from bot.chat.context import CampaignContext
from bot.domain.model import ReportSource, TaskType
from bot.domain.origin import Origin
from bot.domain.parser import ParsedItem
from bot.handlers.common import actor_of, reply
from bot.handlers.report_text import recorded_ack
from bot.services.reporting import NeedsConfirmation
from bot.texts import th
from bot.views.sizing import alert_text

PREFIX = ReportStep.PREFIX
QUICK = (1, 2, 3, 5, 10)


def _button(text: str, step: ReportStep) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=step.pack())


def _tasks_markup(owner: int, tasks: tuple[TaskType, ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(t.name, ReportStep(owner, "t", t.key))] for t in tasks])


def _amount_markup(owner: int, lang: str, task: TaskType) -> InlineKeyboardMarkup:
    quick = [_button(str(n), ReportStep(owner, "n", task.key, count=n)) for n in QUICK]
    return InlineKeyboardMarkup([quick, [_button(th(lang, "report.keypad"), ReportStep(owner, "k", task.key))]])


def _keypad_markup(owner: int, task: TaskType, digits: str) -> InlineKeyboardMarkup:
    def key(d: str) -> InlineKeyboardButton:
        return _button(d, ReportStep(owner, "k", task.key, digits=(digits + d)[:4]))

    rows = [[key(str(d)) for d in range(r, r + 3)] for r in (1, 4, 7)]
    rows.append(
        [
            _button("⌫", ReportStep(owner, "k", task.key, digits=digits[:-1])),
            key("0"),
            _button("OK", ReportStep(owner, "n", task.key, count=int(digits or 0))),
        ]
    )
    return InlineKeyboardMarkup(rows)


def _confirm_markup(owner: int, task: TaskType, count: int) -> tuple[str, InlineKeyboardMarkup]:
    """The confirmation screen; above max_per_report its ✅ is the "are you sure?" answer (step C)."""
    large = count > task.max_per_report
    confirm = _button("✅", ReportStep(owner, "C" if large else "c", task.key, count=count))
    key = "report.confirm_button_large" if large else "report.confirm_button"
    return key, InlineKeyboardMarkup([[confirm, _button("✖", ReportStep(owner, "x"))]])


async def report(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_member()
    record = await context.services.directory.current_campaign(actor)
    markup = _tasks_markup(actor.user_id, record.campaign.tasks)
    await reply(update, context, actor.language, "report.pick_task", reply_markup=markup)


async def report_step(update: Update, context: CampaignContext) -> None:
    query = update.callback_query
    assert query is not None
    assert query.message is not None
    step = pressed(ReportStep.unpack, query)
    actor = await actor_of(update, context)
    if step.owner != actor.user_id:
        await query.answer(alert_text(th(actor.language, "report.not_your_button")), show_alert=True)
        return
    member = actor.require_member()
    record = await context.services.directory.current_campaign(actor)
    task = record.campaign.task(step.task)
    owner_id, lang = actor.user_id, actor.language
    if step.step == "x" or task is None:
        await query.answer()
        await query.edit_message_text(th(lang, "report.confirm_cancelled"))
        return
    if step.step == "t":
        await query.answer()
        await query.edit_message_text(
            th(lang, "report.pick_amount", task=task.name, unit=task.unit),
            reply_markup=_amount_markup(owner_id, lang, task),
        )
    elif step.step == "k":
        digits = step.digits.lstrip("0")
        await query.answer()
        await query.edit_message_text(
            th(lang, "report.keypad_value", task=task.name, value=digits or "0", unit=task.unit),
            reply_markup=_keypad_markup(owner_id, task, digits),
        )
    elif step.step == "n":
        await query.answer()
        if step.count <= 0:
            await query.edit_message_text(
                th(lang, "parser.not_positive", count=step.count), reply_markup=_amount_markup(owner_id, lang, task)
            )
            return
        await _ask(query, lang, owner_id, task, step.count)
    else:  # c, C: the same checks as a typed report; only C answers "are you sure?"
        origin = Origin(ReportSource.BUTTON, query.message.chat.id, query.message.message_id, 0)
        items = [ParsedItem(task.key, step.count)]
        try:
            result = await context.services.reports.submit(record, member, items, origin, confirmed=step.step == "C")
        except NeedsConfirmation:
            await query.answer()
            await _ask(query, lang, owner_id, task, step.count)
            return
        await query.answer()
        await query.edit_message_text(recorded_ack(lang, result), parse_mode="HTML")


async def _ask(query: CallbackQuery, lang: str, owner: int, task: TaskType, count: int) -> None:
    key, markup = _confirm_markup(owner, task, count)
    text = th(lang, key, task=task.name, count=count, unit=task.unit, limit=task.max_per_report)
    await query.edit_message_text(text, reply_markup=markup)
