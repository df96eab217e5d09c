"""Logging for the console script: one stderr handler, quiet chatty libraries, secrets redacted.

Why a filter and not only silenced loggers: any library may put the token in a log line (PTB logs
the Bot API URL, which ends in the token, at DEBUG when the bot is built; httpx logs every request
URL at INFO; an exception text may quote it). Silencing loggers one by one misses the next one, so
every record passing the root handlers is scrubbed: message, arguments, exception and stack text.

Updates carry what members and the public wrote (report texts, names, join codes), and replies
quote it back. PTB logs them whole at DEBUG: every Bot API call with its parameters and its result
(getUpdates returns the updates), each update it processes, each webhook body. So, by rule, a log
argument that is structured data — a dict, a list, a Telegram object, a JSON document in a string,
bytes — is never rendered, only its shape (`<Update 17>`, `<dict: chat_id, text>`, `<list of 3>`).
Plain values (numbers, endpoint names, ids, paths, errors) stay readable. Our own log lines name ids, never content.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from collections.abc import Iterable, Mapping
from datetime import date, time, timedelta
from enum import Enum
from functools import partial
from pathlib import PurePath
from typing import Any

from telegram import Update

REDACTED = "[REDACTED]"

# A bot token inside a Bot API URL (…/bot<id>:<secret>/getMe or …/file/bot<id>:<secret>/…), even one
# the process was not told about, e.g. a different bot's token in a proxied URL.
_URL_TOKEN = re.compile(r"(/bot)\d+(?::|%3[Aa])[A-Za-z0-9_-]+")


class RedactingFilter(logging.Filter):
    """Replaces each secret (and any bot token in a URL) with [REDACTED] in the formatted record."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        forms: set[str] = set()
        for secret in secrets:
            secret = secret.strip()
            if not secret:
                continue
            forms |= {secret, secret.replace(":", "%3A"), secret.replace(":", "%3a")}
            _, colon, tail = secret.partition(":")
            # The secret half of a token identifies the bot on its own; too short a tail (a test
            # token like 1:x) would blank out ordinary words, and a real one is 35 characters.
            if colon and len(tail) >= 8:
                forms.add(tail)
        # Longest first, so a token is replaced whole before its tail is.
        self._forms = sorted(forms, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for form in self._forms:
            text = text.replace(form, REDACTED)
        return _URL_TOKEN.sub(rf"\1{REDACTED}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        # getMessage() merges the args; storing the merged, scrubbed text means no handler or
        # formatter downstream can re-render the original arguments.
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: let the handler report it as it would have
            return True
        record.msg, record.args = self.redact(message), None
        if record.exc_info and record.exc_info[0] is not None:
            # Formatter.format prints exc_text when set; exc_info is dropped so that no handler
            # with its own exception formatting renders the unscrubbed traceback.
            text = record.exc_text or "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_text, record.exc_info = self.redact(text), None
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


# Arguments shown as they are: they name things (ids, endpoints, paths, times, errors), never hold a payload.
_PLAIN = (bool, int, float, type, Enum, date, time, timedelta, PurePath, BaseException)


def shape(value: object) -> object:
    """What a log line may show of an argument: plain values as they are, anything else by its shape."""
    if value is None or isinstance(value, _PLAIN):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in ("{", "["):
            try:
                return shape(json.loads(text))
            except ValueError:
                pass
        return value
    if isinstance(value, Update):
        return f"<Update {value.update_id}>"
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(value)} bytes>"
    if isinstance(value, Mapping):
        return f"<dict: {', '.join(map(str, value))}>"
    if isinstance(value, list | tuple | set | frozenset):
        if all(isinstance(item, int) for item in value):  # a list of update ids, say
            return value
        return f"<{type(value).__name__} of {len(value)}>"
    if isinstance(value, partial):  # aiosqlite logs each call with its SQL parameters
        return f"<call {getattr(value.func, '__name__', '?')}>"
    return f"<{type(value).__name__}>"  # a Telegram object, a request, anything with a payload


class ContentFilter(logging.Filter):
    """Replaces every structured argument of a record by its shape (see the module docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args: Any = record.args
        if not args:
            return True
        if isinstance(args, Mapping):
            # logging unpacks a lone dict argument into args: for "%s" it is the argument itself
            record.args = {k: shape(v) for k, v in args.items()} if "%(" in str(record.msg) else (shape(args),)
        else:
            record.args = tuple(shape(arg) for arg in args)
        return True


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level)
    root = logging.getLogger()
    root.setLevel(level)
    redacting = RedactingFilter(secrets)
    for handler in root.handlers:
        # Handler filters see records propagated from every logger (logger filters would not).
        # Content first: the redacting filter merges the arguments into the message.
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter | ContentFilter)]:
            handler.removeFilter(old)
        handler.addFilter(ContentFilter())
        handler.addFilter(redacting)
    # httpx logs every request URL at INFO, and the URL contains the bot token: redacted anyway,
    # but one line per long poll is noise.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # With max_retries=0 the rate limiter logs every 429 with a traceback; the outbox handles and
    # logs them (scheduler/outbox.py), so one line per event is enough.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
