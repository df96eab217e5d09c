"""Handler order in group 0 (bot/handlers/__init__.py): a typed report, the most common update by far,
is matched by the first handler PTB asks, and no other handler could have taken it, so checking it
first changes nothing but the cost (PTB asks every handler in order until one matches)."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot, Update, User
from telegram.ext import Application, ApplicationBuilder, BaseHandler

from bot.handlers import register_handlers, report_text

PRIVATE = {"id": 7, "type": "private", "first_name": "x"}
GROUP = {"id": -100, "type": "supergroup", "title": "村"}
SENDER = {"id": 7, "is_bot": False, "first_name": "x", "language_code": "zh"}


def _message(**fields: Any) -> dict[str, Any]:
    return {"message_id": 5, "date": 1_700_000_000, "chat": PRIVATE, "from": SENDER, **fields}


def _command(text: str, **fields: Any) -> dict[str, Any]:
    length = len(text.split()[0])
    return _message(text=text, entities=[{"type": "bot_command", "offset": 0, "length": length}], **fields)


FORWARD = {"forward_origin": {"type": "user", "date": 1_699_999_000, "sender_user": SENDER}}
DOCUMENT = {"document": {"file_id": "f", "file_unique_id": "u", "file_name": "plan.xlsx"}}

UPDATES: dict[str, dict[str, Any]] = {
    "typed report": {"message": _message(text="走访1 体检1")},
    "edited report": {"edited_message": _message(text="走访2", edit_date=1_700_000_100)},
    "group report": {"message": _message(text="走访1", chat=GROUP)},
    "report command that looks like a report": {"message": _command("/report 走访1")},
    "unknown command": {"message": _command("/走访 1")},
    "edited command": {"edited_message": _command("/assign 七岭村 走访 5", edit_date=1_700_000_100)},
    "forwarded command": {"message": _command("/undo", **FORWARD)},
    "forwarded report": {"message": _message(text="走访1", **FORWARD)},
    "command later in the text": {
        "message": _message(text="走访1 /undo", entities=[{"type": "bot_command", "offset": 4, "length": 5}])
    },
    "plan file": {"message": _message(caption="走访1", **DOCUMENT)},
    "group file": {"message": _message(chat=GROUP, **DOCUMENT)},
    "group migrated": {"message": _message(chat=GROUP, migrate_to_chat_id=-1001)},
    "button": {"callback_query": {"id": "q", "from": SENDER, "chat_instance": "c", "data": "zz:1"}},
}


@pytest.fixture(scope="module")
def app() -> Application[Any, Any, Any, Any, Any, Any]:
    application = ApplicationBuilder().token("1:test").build()
    register_handlers(application)
    return application


def _update(app: Application[Any, Any, Any, Any, Any, Any], name: str) -> Update:
    bot: Bot = app.bot
    # What initialize() would fetch with getMe: CommandHandler compares the command's @username with it.
    bot._bot_user = User(42, "campaign", is_bot=True, username="campaign_bot")
    return Update.de_json({"update_id": 1, **UPDATES[name]}, bot)


def _matches(handler: BaseHandler[Any, Any, Any], update: Update) -> bool:
    found = handler.check_update(update)
    return found is not None and found is not False


def test_the_typed_report_handler_is_asked_first(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    first = app.handlers[0][0]
    assert getattr(first, "callback", None) is report_text.text_report


@pytest.mark.parametrize("name", list(UPDATES))
def test_an_update_the_report_handler_takes_no_other_handler_would_take(
    app: Application[Any, Any, Any, Any, Any, Any], name: str
) -> None:
    update = _update(app, name)
    takers = [h for h in app.handlers[0] if _matches(h, update)]
    reports = [h for h in takers if getattr(h, "callback", None) is report_text.text_report]
    assert not reports or takers == reports, [repr(h) for h in takers]


@pytest.mark.parametrize(
    ("name", "taken"),
    [
        ("typed report", True),
        ("edited report", True),
        ("group report", True),
        ("forwarded report", True),  # refused by the use case itself (report.forwarded), not by the filter
        ("command later in the text", True),
        ("report command that looks like a report", False),
        ("unknown command", False),
        ("edited command", False),
        ("forwarded command", False),
        ("plan file", False),
        ("group file", False),
        ("group migrated", False),
        ("button", False),
    ],
)
def test_what_the_report_handler_takes(app: Application[Any, Any, Any, Any, Any, Any], name: str, taken: bool) -> None:
    report = next(h for h in app.handlers[0] if getattr(h, "callback", None) is report_text.text_report)
    assert _matches(report, _update(app, name)) is taken
