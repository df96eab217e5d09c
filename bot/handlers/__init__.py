"""Handler registration: the one explicit, ordered place where updates meet features.

Group 0 holds everything a user triggers; PTB runs the first matching handler of a group, so
order within the list is precedence (forwarded commands are refused before any command runs).
"""

from __future__ import annotations

from typing import Any

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.chat.callback_member import ResplitLeave
from bot.chat.callback_plan import TemplatePick
from bot.chat.callback_verify import VerifyDecision
from bot.handlers import (
    bulletin,
    campaign,
    export,
    groups,
    help,
    invite,
    laggards,
    lang,
    leave,
    me,
    names,
    plan_upload,
    progress,
    quotas,
    reconcile,
    refusals,
    report_buttons,
    report_confirm,
    report_for,
    report_text,
    sample,
    start,
    undo,
    verify,
)
from bot.handlers.errors import on_error

# Commands run on new messages only: editing "/assign x y 5" must not assign again.
NEW = filters.UpdateType.MESSAGE

COMMANDS: list[tuple[str, Any]] = [
    ("start", start.start),
    ("help", help.help_command),
    ("lang", lang.lang),
    ("campaign", campaign.campaign),
    ("report", report_buttons.report),
    ("undo", undo.undo),
    ("me", me.me),
    ("progress", progress.progress),
    ("laggards", laggards.laggards),
    ("silent", laggards.silent),
    ("bulletin", bulletin.bulletin),
    ("assign", quotas.assign),
    ("split", quotas.split),
    ("verify", verify.verify),
    ("sample", sample.sample),
    ("export", export.export),
    ("plan", plan_upload.plan),
    ("template", plan_upload.template),
    ("invite", invite.invite),
    ("bindgroup", groups.bindgroup),
    ("report_for", report_for.report_for),
    ("leave", leave.leave),
    ("units", names.units),
    ("tasks", names.tasks),
    ("reconcile", reconcile.reconcile),
]

CALLBACKS: list[tuple[str, Any]] = [
    (f"^{report_buttons.PREFIX}", report_buttons.report_step),
    (f"^{report_confirm.PREFIX}", report_confirm.confirm_large),
    (f"^{report_confirm.QUESTION_PREFIX}", report_confirm.answer_question),
    (f"^{VerifyDecision.PREFIX}", verify.verify_decision),
    (f"^{plan_upload.PREFIX}", plan_upload.plan_confirm),
    (f"^{campaign.PREFIX}", campaign.campaign_chosen),
    (f"^{report_for.PREFIX}", report_for.member_picked),
    (f"^{ResplitLeave.PREFIX}", leave.resplit_pressed),
    (f"^{TemplatePick.PREFIX}", reconcile.template_pressed),
]


# A typed report: text that is no command (its first entity is no /command at offset 0), new or edited.
TYPED = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGES


def register_handlers(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # Asked first: a typed report is nearly every update, and PTB asks the handlers of a group in order
    # until one takes it (behind some 40 others it paid ~20 µs per report for nothing). No handler below
    # can take what TYPED takes — commands, files, buttons, migrations and chat-member updates all lack
    # a plain text — so moving it changes nothing else (tests/unit/test_dispatch_order.py).
    app.add_handler(MessageHandler(TYPED, report_text.text_report))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, groups.migrated))
    app.add_handler(ChatMemberHandler(groups.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.FORWARDED & filters.COMMAND, refusals.forwarded_command))
    for name, callback in COMMANDS:
        app.add_handler(CommandHandler(name, callback, filters=NEW))
    for pattern, callback in CALLBACKS:
        app.add_handler(CallbackQueryHandler(callback, pattern=pattern))
    app.add_handler(CallbackQueryHandler(refusals.stale_button))
    # A document is a 核查 file after /reconcile (plan_upload.plan_file asks reconcile.reconcile_file first).
    # Checking a plan takes up to the checker's limit (plans/isolated.py), in a child process: updates
    # of other chats run meanwhile (bot/chat/ordering.py), so the upload can block its own chat only and
    # is confirmed to Telegram, like every update, after it was handled.
    app.add_handler(MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE, plan_upload.plan_file))
    app.add_handler(MessageHandler(filters.Document.ALL & filters.ChatType.GROUPS, reconcile.group_file))
    app.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE & NEW, refusals.unknown_command))
    app.add_error_handler(on_error)
