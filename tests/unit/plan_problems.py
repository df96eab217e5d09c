"""What every plan problem must read like, shared by the plan test modules."""

from __future__ import annotations

import re

from bot.plans import Problem

# Things that only appear when an exception or a Python object leaks into a user's message.
LEAKS = re.compile(r"Traceback|Error\b|Exception|object at|NoneType|\bNone\b|\{|\}|<class|' object")
CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_readable(problem: Problem) -> None:
    zh, en = problem.render("zh"), problem.render("en")
    for text in (zh, en):
        assert text.startswith(problem.location + ": ")
        message = text.removeprefix(problem.location + ": ")
        assert "plan." not in message, f"catalogue key missing: {text}"
        assert not LEAKS.search(message), text
    assert CJK.search(zh.removeprefix(problem.location)), zh
    assert zh != en
