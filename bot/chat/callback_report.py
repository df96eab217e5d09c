"""Callback codecs of a report: the /report keyboard (rp), "are you sure?" (rc) and the questions
about a report message (rq)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Literal, Self, cast

from bot.chat.callback_data import (
    ID,
    TASK,
    OutdatedButton,
    answered_yes,
    checked,
    fields,
    matched,
    message_revision,
    yes_no,
)

_COUNT = re.compile(r"[0-9]{1,9}")  # the service refuses absurd counts; this only bounds the shape
_DIGITS = re.compile(r"[0-9]{0,4}")  # keypad digits typed so far

Step = Literal["t", "k", "n", "c", "C", "x"]


@dataclass(frozen=True, slots=True)
class ReportStep:
    """`rp:<owner>:<step>:…` — the /report keyboard: t pick task · k keypad digits · n amount chosen ·
    c confirm · C confirm above max_per_report (after the warning) · x cancel. `owner` is the Telegram
    id of whoever opened the keyboard; only they may press it."""

    PREFIX: ClassVar[str] = "rp:"
    owner: int
    step: Step
    task: str = ""
    digits: str = ""  # k only
    count: int = 0  # n, c and C

    def pack(self) -> str:
        # Worst case 3 + 18 + 2 + 25 + 10 = 58 bytes.
        head = f"{self.PREFIX}{self.owner}:{self.step}:"
        if self.step == "x":
            return checked(head)
        if self.step == "t":
            return checked(head + self.task)
        tail = self.digits if self.step == "k" else str(self.count)
        return checked(f"{head}{self.task}:{tail}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        step = (data or "").removeprefix(cls.PREFIX).split(":")[1:2]
        if step not in (["x"], ["t"], ["k"], ["n"], ["c"], ["C"]):
            raise OutdatedButton()
        kind = cast(Step, step[0])
        if kind == "x":
            owner, _, empty = fields(data, cls.PREFIX, 3)
            if empty:
                raise OutdatedButton()
            return cls(int(matched(ID, owner)), kind)
        if kind == "t":
            owner, _, task = fields(data, cls.PREFIX, 3)
            return cls(int(matched(ID, owner)), kind, matched(TASK, task))
        owner, _, task, value = fields(data, cls.PREFIX, 4)
        owner_id, task = int(matched(ID, owner)), matched(TASK, task)
        if kind == "k":
            return cls(owner_id, kind, task, digits=matched(_DIGITS, value))
        return cls(owner_id, kind, task, count=int(matched(_COUNT, value)))


@dataclass(frozen=True, slots=True)
class ConfirmPrompt:
    """`rc:<y|n>:<message>:<revision>` — "are you sure?" about one report message at one edit revision
    (the chat is the one the question was asked in)."""

    PREFIX: ClassVar[str] = "rc:"
    yes: bool
    message_id: int
    revision: int

    def pack(self) -> str:
        return checked(f"{self.PREFIX}{yes_no(self.yes)}:{self.message_id}:{self.revision}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        answer, message_id, edit = fields(data, cls.PREFIX, 3)
        return cls(answered_yes(answer), int(matched(ID, message_id)), message_revision(edit))


QuestionKind = Literal["typo", "total"]
_KIND_CODES: dict[str, QuestionKind] = {"t": "typo", "s": "total"}


@dataclass(frozen=True, slots=True)
class QuestionAnswer:
    """`rq:<t|s>:<y|n>:<message>:<revision>` — the answer to "did you mean 走访?" (t) or "record the
    difference from your total?" (s) about one report message at one edit revision. The kind is checked
    against the stored question, so a button can never answer a question of another kind."""

    PREFIX: ClassVar[str] = "rq:"
    kind: QuestionKind
    yes: bool
    message_id: int
    revision: int

    def pack(self) -> str:
        code = "t" if self.kind == "typo" else "s"
        return checked(f"{self.PREFIX}{code}:{yes_no(self.yes)}:{self.message_id}:{self.revision}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        code, answer, message_id, edit = fields(data, cls.PREFIX, 4)
        if code not in _KIND_CODES:
            raise OutdatedButton()
        return cls(_KIND_CODES[code], answered_yes(answer), int(matched(ID, message_id)), message_revision(edit))
