"""/report: inline keyboard — pick task → pick amount (quick buttons or keypad) → confirm.

All state travels in callback data (< 64 bytes), so the flow survives a restart. The keyboard
message's id is the report's origin: pressing "confirm" twice records once.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import CampaignContext
from bot.domain.model import Assignee, ReportSource, TaskType
from bot.domain.parser import ParsedItem
from bot.handlers.common import actor_of, reply
from bot.handlers.render import ack
from bot.storage.ledger import Origin
from bot.texts import th

PREFIX = "rp:"
QUICK = (1, 2, 3, 5, 10)
KEYPAD_MAX_DIGITS = 4


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=PREFIX + data)


def _tasks_markup(tasks: tuple[TaskType, ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(t.name, f"t:{t.key}")] for t in tasks])


def _amount_markup(lang: str, task: TaskType) -> InlineKeyboardMarkup:
    quick = [_button(str(n), f"n:{task.key}:{n}") for n in QUICK]
    return InlineKeyboardMarkup([quick, [_button(th(lang, "report.keypad"), f"k:{task.key}:")]])


def _keypad_markup(lang: str, task: TaskType, digits: str) -> InlineKeyboardMarkup:
    rows = [[_button(str(d), f"k:{task.key}:{digits}{d}") for d in range(r, r + 3)] for r in (1, 4, 7)]
    rows.append(
        [
            _button("⌫", f"k:{task.key}:{digits[:-1]}"),
            _button("0", f"k:{task.key}:{digits}0"),
            _button("OK", f"n:{task.key}:{digits or 0}"),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def report(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_member()
    record = await context.services.directory.current_campaign(actor)
    await reply(update, actor.language, "report.pick_task", reply_markup=_tasks_markup(record.campaign.tasks))


async def report_step(update: Update, context: CampaignContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None and query.message is not None
    actor = await actor_of(update, context)
    member = actor.require_member()
    record = await context.services.directory.current_campaign(actor)
    step, _, rest = query.data.removeprefix(PREFIX).partition(":")
    task_key, _, value = rest.partition(":")
    task = record.campaign.task(task_key)
    lang = actor.language
    await query.answer()
    if step == "x" or task is None:
        await query.edit_message_text(th(lang, "report.confirm_cancelled"))
        return
    if step == "t":
        await query.edit_message_text(
            th(lang, "report.pick_amount", task=task.name, unit=task.unit),
            reply_markup=_amount_markup(lang, task),
        )
    elif step == "k":
        digits = value[:KEYPAD_MAX_DIGITS].lstrip("0")
        await query.edit_message_text(
            th(lang, "report.keypad_value", task=task.name, value=digits or "0", unit=task.unit),
            reply_markup=_keypad_markup(lang, task, digits),
        )
    elif step == "n":
        count = int(value or 0)
        if count <= 0:
            await query.edit_message_text(
                th(lang, "parser.not_positive", count=count), reply_markup=_amount_markup(lang, task)
            )
            return
        key = "report.confirm_button_large" if count > task.max_per_report else "report.confirm_button"
        markup = InlineKeyboardMarkup([[_button("✅", f"c:{task.key}:{count}"), _button("✖", "x:")]])
        await query.edit_message_text(
            th(lang, key, task=task.name, count=count, unit=task.unit, limit=task.max_per_report),
            reply_markup=markup,
        )
    elif step == "c":
        origin = Origin(ReportSource.BUTTON, query.message.chat.id, query.message.message_id, 0)
        items = [ParsedItem(task.key, int(value))]
        result = await context.services.reports.submit(record, member, items, origin, confirmed=True)
        loaded = await context.services.progress.load(record, only_member=member)
        standing = loaded.book.standing(Assignee.member(member.key))
        await query.edit_message_text(
            ack(lang, record.campaign, result.items, standing, duplicate=result.duplicate), parse_mode="HTML"
        )
