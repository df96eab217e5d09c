"""The log filter scrubs secrets from every part of a record, whatever logger or handler it takes."""

from __future__ import annotations

import io
import json
import logging

from bot.logging_setup import REDACTED, RedactingFilter

TOKEN = "123456:AAH-secretPartOfTheToken_xyz"


def _render(filt: RedactingFilter, record: logging.LogRecord) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(filt)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    handler.handle(record)
    return stream.getvalue()


def _record(msg: str, *args: object, exc: BaseException | None = None, stack: str | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    record = logging.LogRecord("telegram.ext.ExtBot", logging.DEBUG, __file__, 1, msg, args, exc_info)
    record.stack_info = stack
    return record


def test_message_args_exception_and_stack_are_scrubbed() -> None:
    filt = RedactingFilter([TOKEN, "webhook-s3cret"])
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected")
    except RuntimeError as exc:
        error = exc
    out = _render(
        filt,
        _record("Set Bot API URL: %s (secret %r)", f"https://api.telegram.org/bot{TOKEN}", "webhook-s3cret", exc=error),
    )
    out += _render(filt, _record("plain %s", "x", stack=f"Stack: bot{TOKEN}"))
    assert "secretPartOfTheToken" not in out
    assert "webhook-s3cret" not in out
    assert out.count(REDACTED) >= 4
    assert "RuntimeError" in out
    assert "Set Bot API URL" in out


def test_the_secret_half_and_url_encoded_forms_are_scrubbed() -> None:
    filt = RedactingFilter([TOKEN])
    out = _render(filt, _record("%s | %s", TOKEN.replace(":", "%3A"), TOKEN.split(":")[1]))
    assert "secretPartOfTheToken" not in out


def test_a_bot_token_in_any_api_url_is_scrubbed_even_when_not_configured() -> None:
    out = _render(RedactingFilter([]), _record("GET http://127.0.0.1:8081/file/bot987:OTHERtoken-abc/photos/1.jpg"))
    assert "OTHERtoken" not in out
    assert f"/file/bot{REDACTED}/photos/1.jpg" in out


def test_ordinary_text_is_untouched() -> None:
    out = _render(RedactingFilter(["1:x"]), _record("campaign %s at 10:30, 1 done", "winter"))
    assert out == "telegram.ext.ExtBot campaign winter at 10:30, 1 done\n"


def test_structured_arguments_are_shown_by_their_shape_never_their_content() -> None:
    from bot.logging_setup import ContentFilter

    update = {"update_id": 7, "message": {"text": "走访5 秘密", "from": {"first_name": "Bartholomew"}}}
    record = _record("call %s with %s -> %s; ids %s", "getUpdates", {"text": "秘密"}, json.dumps([update]), [7, 8])
    ContentFilter().filter(record)
    out = _render(RedactingFilter([]), record)
    assert "秘密" not in out
    assert "Bartholomew" not in out
    assert out == "telegram.ext.ExtBot call getUpdates with <dict: text> -> <list of 1>; ids [7, 8]\n"
