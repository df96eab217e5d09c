"""/report: inline keyboard — pick task → pick amount (quick buttons or keypad) → confirm.

All state travels in callback data (< 64 bytes), so the flow survives a restart. The keyboard
message's id is the report's origin: pressing "confirm" twice records once. The data carries the
Telegram id of whoever opened the keyboard: in a group, another member's press is refused, never
recorded for the presser.
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


def _button(owner: int, text: str, data: str) -> InlineKeyboardButton:
    # Worst case 3 + 16 (user id) + 1 + 2 + 24 (task key) + 1 + 4 (keypad digits) = 51 bytes.
    return InlineKeyboardButton(text, callback_data=f"{PREFIX}{owner}:{data}")


def _tasks_markup(owner: int, tasks: tuple[TaskType, ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(owner, t.name, f"t:{t.key}")] for t in tasks])


def _amount_markup(owner: int, lang: str, task: TaskType) -> InlineKeyboardMarkup:
    quick = [_button(owner, str(n), f"n:{task.key}:{n}") for n in QUICK]
    return InlineKeyboardMarkup([quick, [_button(owner, th(lang, "report.keypad"), f"k:{task.key}:")]])


def _keypad_markup(owner: int, lang: str, task: TaskType, digits: str) -> InlineKeyboardMarkup:
    rows = [[_button(owner, str(d), f"k:{task.key}:{digits}{d}") for d in range(r, r + 3)] for r in (1, 4, 7)]
    rows.append(
        [
            _button(owner, "⌫", f"k:{task.key}:{digits[:-1]}"),
            _button(owner, "0", f"k:{task.key}:{digits}0"),
            _button(owner, "OK", f"n:{task.key}:{digits or 0}"),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def report(update: Update, context: CampaignContext) -> None:
    actor = await actor_of(update, context)
    actor.require_member()
    record = await context.services.directory.current_campaign(actor)
    markup = _tasks_markup(actor.user_id, record.campaign.tasks)
    await reply(update, actor.language, "report.pick_task", reply_markup=markup)


async def report_step(update: Update, context: CampaignContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None and query.message is not None
    actor = await actor_of(update, context)
    owner, _, data = query.data.removeprefix(PREFIX).partition(":")
    if owner != str(actor.user_id):
        await query.answer(th(actor.language, "report.not_your_button"), show_alert=True)
        return
    member = actor.require_member()
    record = await context.services.directory.current_campaign(actor)
    step, _, rest = data.partition(":")
    task_key, _, value = rest.partition(":")
    task = record.campaign.task(task_key)
    owner_id, lang = actor.user_id, actor.language
    await query.answer()
    if step == "x" or task is None:
        await query.edit_message_text(th(lang, "report.confirm_cancelled"))
        return
    if step == "t":
        await query.edit_message_text(
            th(lang, "report.pick_amount", task=task.name, unit=task.unit),
            reply_markup=_amount_markup(owner_id, lang, task),
        )
    elif step == "k":
        digits = value[:KEYPAD_MAX_DIGITS].lstrip("0")
        await query.edit_message_text(
            th(lang, "report.keypad_value", task=task.name, value=digits or "0", unit=task.unit),
            reply_markup=_keypad_markup(owner_id, lang, task, digits),
        )
    elif step == "n":
        count = int(value or 0)
        if count <= 0:
            await query.edit_message_text(
                th(lang, "parser.not_positive", count=count), reply_markup=_amount_markup(owner_id, lang, task)
            )
            return
        key = "report.confirm_button_large" if count > task.max_per_report else "report.confirm_button"
        confirm, cancel = _button(owner_id, "✅", f"c:{task.key}:{count}"), _button(owner_id, "✖", "x:")
        markup = InlineKeyboardMarkup([[confirm, cancel]])
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
