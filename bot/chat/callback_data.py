"""Callback data is input (issue 8 B): one typed codec per prefix, used by every callback handler.

Each payload is a small frozen dataclass with `pack()` (≤ 64 bytes, Telegram's limit) and `unpack()`,
which refuses anything that is not exactly what `pack()` writes — a forged, truncated or outdated
payload raises OutdatedButton (answered with a polite alert, nothing changed), never a ValueError.
Decoding checks shape only; values then pass the same checks as typed text in the services (bounds,
max_per_report, the absurd limit, who pressed). Modelled on aiogram's CallbackData factories.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal, Self, TypeVar, cast

from telegram import CallbackQuery, InlineKeyboardMarkup

from bot.domain.errors import InvalidInput

T = TypeVar("T")

MAX_BYTES = 64
_ID = re.compile(r"[1-9][0-9]{0,17}")  # a positive id that fits in 64 bits, ASCII digits only
_COUNT = re.compile(r"[0-9]{1,9}")  # the service refuses absurd counts; this only bounds the shape
_DIGITS = re.compile(r"[0-9]{0,4}")  # keypad digits typed so far
_TASK = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,23}")  # a task key, as plan validation allows
_B36 = re.compile(r"[0-9a-z]{1,12}")
_B36_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


class OutdatedButton(InvalidInput):
    key = "callback.outdated"


def pressed(unpack: Callable[[str | None], T], query: CallbackQuery) -> T:
    """Decode a press, but only of a button the message really carries. Telegram sends the message
    (with its keyboard as it stands now) along with every press, while the data itself is whatever
    the client chose to send: a payload that is on no button of that message was forged, or belongs
    to a keyboard since replaced, and acts on nothing (e.g. someone else's id on another's keyboard)."""
    markup = getattr(query.message, "reply_markup", None)  # an inaccessible (old) message has none
    if not isinstance(markup, InlineKeyboardMarkup) or not any(
        button.callback_data == query.data for row in markup.inline_keyboard for button in row
    ):
        raise OutdatedButton()
    return unpack(query.data)


def _parts(data: str | None, prefix: str, count: int) -> list[str]:
    if data is None or not data.startswith(prefix) or len(data.encode()) > MAX_BYTES:
        raise OutdatedButton()
    parts = data.removeprefix(prefix).split(":")
    if len(parts) != count:
        raise OutdatedButton()
    return parts


def _match(pattern: re.Pattern[str], text: str) -> str:
    if not pattern.fullmatch(text):
        raise OutdatedButton()
    return text


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def b36(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = _B36_DIGITS[r] + out
        if n == 0:
            return out


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
            return _checked(head)
        if self.step == "t":
            return _checked(head + self.task)
        tail = self.digits if self.step == "k" else str(self.count)
        return _checked(f"{head}{self.task}:{tail}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        step = (data or "").removeprefix(cls.PREFIX).split(":")[1:2]
        if step not in (["x"], ["t"], ["k"], ["n"], ["c"], ["C"]):
            raise OutdatedButton()
        kind = cast(Step, step[0])
        if kind == "x":
            owner, _, empty = _parts(data, cls.PREFIX, 3)
            if empty:
                raise OutdatedButton()
            return cls(int(_match(_ID, owner)), kind)
        if kind == "t":
            owner, _, task = _parts(data, cls.PREFIX, 3)
            return cls(int(_match(_ID, owner)), kind, _match(_TASK, task))
        owner, _, task, value = _parts(data, cls.PREFIX, 4)
        owner_id, task = int(_match(_ID, owner)), _match(_TASK, task)
        if kind == "k":
            return cls(owner_id, kind, task, digits=_match(_DIGITS, value))
        return cls(owner_id, kind, task, count=int(_match(_COUNT, value)))


@dataclass(frozen=True, slots=True)
class ConfirmPrompt:
    """`rc:<y|n>:<message>:<revision>` — "are you sure?" about one report message at one edit revision
    (the chat is the one the question was asked in)."""

    PREFIX: ClassVar[str] = "rc:"
    yes: bool
    message_id: int
    revision: int

    def pack(self) -> str:
        return _checked(f"{self.PREFIX}{'y' if self.yes else 'n'}:{self.message_id}:{self.revision}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        answer, message_id, revision = _parts(data, cls.PREFIX, 3)
        if answer not in ("y", "n"):
            raise OutdatedButton()
        revision_id = 0 if revision == "0" else int(_match(_ID, revision))
        return cls(answer == "y", int(_match(_ID, message_id)), revision_id)


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
        return _checked(f"{self.PREFIX}{code}:{'y' if self.yes else 'n'}:{self.message_id}:{self.revision}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        code, answer, message_id, revision = _parts(data, cls.PREFIX, 4)
        if code not in _KIND_CODES or answer not in ("y", "n"):
            raise OutdatedButton()
        revision_id = 0 if revision == "0" else int(_match(_ID, revision))
        return cls(_KIND_CODES[code], answer == "y", int(_match(_ID, message_id)), revision_id)


VerifyAction = Literal["i", "a", "r", "A"]
VERIFY_PAGE = 8


@dataclass(frozen=True, slots=True)
class VerifyDecision:
    """`vf:<action>:<ids>[:<listing>]` — i label (no-op) · a approve one · r reject one · A approve all
    shown. The listing the list shown after the decision keeps: `<unit>` (`/verify <unit>`), `!<unit>`
    or `!` (`/verify flagged`, of a unit or the whole scope), `#<sample>` (a /sample's picks, by the
    audit entry that recorded them). Ledger ids in base 36, so a full page of "approve all" fits 64
    bytes up to ids of about 2e9."""

    PREFIX: ClassVar[str] = "vf:"
    action: VerifyAction
    ids: tuple[int, ...] = ()
    unit: str = ""
    flagged: bool = False
    sample: int | None = None

    def _listing(self) -> str:
        if self.sample is not None:
            return f"#{b36(self.sample)}"
        return ("!" if self.flagged else "") + self.unit

    def _text(self) -> str:
        listing = self._listing()
        return f"{self.PREFIX}{self.action}:" + ",".join(b36(i) for i in self.ids) + (f":{listing}" if listing else "")

    def pack(self) -> str:
        return _checked(self._text())

    def fits(self) -> bool:
        """Whether the payload fits Telegram's limit (beyond it the button is left out, never cut)."""
        return len(self._text().encode()) <= MAX_BYTES

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        with_unit = data is not None and data.count(":") == 3
        action, ids_text, *listing = _parts(data, cls.PREFIX, 3 if with_unit else 2)
        ids = tuple(int(_match(_B36, i), 36) for i in ids_text.split(",")) if ids_text else ()
        wanted = {"i": (0, 0), "a": (1, 1), "r": (1, 1), "A": (1, VERIFY_PAGE)}.get(action)
        if wanted is None or not wanted[0] <= len(ids) <= wanted[1]:
            raise OutdatedButton()
        kind = cast(VerifyAction, action)
        if not listing:
            return cls(kind, ids)
        text = listing[0]
        if text.startswith("#"):
            return cls(kind, ids, sample=int(_match(_B36, text[1:]), 36))
        if text == "!":
            return cls(kind, ids, flagged=True)
        flagged = text.startswith("!")
        return cls(kind, ids, _match(_TASK, text.removeprefix("!")), flagged=flagged)


@dataclass(frozen=True, slots=True)
class PlanAnswer:
    """`pl:<y|n>:<upload>` — import the plan previewed for the file sent as message `upload`, or not.
    The id binds the answer to that one preview: ✅ under an earlier preview never imports a later file."""

    PREFIX: ClassVar[str] = "pl:"
    yes: bool
    upload_id: int

    def pack(self) -> str:
        return _checked(f"{self.PREFIX}{'y' if self.yes else 'n'}:{self.upload_id}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        answer, upload = _parts(data, cls.PREFIX, 2)
        if answer not in ("y", "n"):
            raise OutdatedButton()
        return cls(answer == "y", int(_match(_ID, upload)))


@dataclass(frozen=True, slots=True)
class CampaignPick:
    """`cmp:<campaign id>` — make a campaign the current one."""

    PREFIX: ClassVar[str] = "cmp:"
    campaign_id: int

    def pack(self) -> str:
        return _checked(f"{self.PREFIX}{self.campaign_id}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        [campaign_id] = _parts(data, cls.PREFIX, 1)
        return cls(int(_match(_ID, campaign_id)))


PickAction = Literal["a", "r"]
_ITEM = re.compile(r"([A-Za-z0-9][A-Za-z0-9_.-]{0,23})=([0-9]{1,9})")


@dataclass(frozen=True, slots=True)
class TemplatePick:
    """`tpl:<kind>` — send another template; `rc`: the 核查 (reconciliation) template (issue 11 §4)."""

    PREFIX: ClassVar[str] = "tpl:"
    kind: Literal["rc"] = "rc"

    def pack(self) -> str:
        return _checked(f"{self.PREFIX}{self.kind}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        [kind] = _parts(data, cls.PREFIX, 1)
        if kind != "rc":
            raise OutdatedButton()
        return cls("rc")


@dataclass(frozen=True, slots=True)
class MemberPick:
    """`mp:<a|r>:<owner>:<member id>:<task>=<n>,…` — one of two namesakes picked (SPEC §3.1): a assigns
    the one quota named, r reports the items for them (/report_for). `owner` is the Telegram id of the
    leader who asked; the press is checked against the policy again, like the typed command."""

    PREFIX: ClassVar[str] = "mp:"
    action: PickAction
    owner: int
    member_id: int
    items: tuple[tuple[str, int], ...]

    def _data(self) -> str:
        items = ",".join(f"{task}={n}" for task, n in self.items)
        return f"{self.PREFIX}{self.action}:{self.owner}:{self.member_id}:{items}"

    def fits(self) -> bool:
        """Whether the payload fits Telegram's limit (beyond it the typed form is the only choice)."""
        return len(self._data().encode()) <= MAX_BYTES

    def pack(self) -> str:
        return _checked(self._data())

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        action, owner, member_id, items_text = _parts(data, cls.PREFIX, 4)
        if action not in ("a", "r") or not items_text:
            raise OutdatedButton()
        items = []
        for item in items_text.split(","):
            found = _ITEM.fullmatch(item)
            if found is None:
                raise OutdatedButton()
            items.append((found[1], int(found[2])))
        if action == "a" and len(items) != 1:
            raise OutdatedButton()
        return cls(cast(PickAction, action), int(_match(_ID, owner)), int(_match(_ID, member_id)), tuple(items))


_REVISION = re.compile(r"[0-9a-f]{8}")


@dataclass(frozen=True, slots=True)
class ResplitLeave:
    """`lr:<leave id>:<quota revision>` — take the offer to hand an absent member's remaining quota to
    the unit's other cadres (issue 11 §2). Bound to the leave and to the quotas it was computed on: once
    either changed the press does nothing (checked in the service, with the policy)."""

    PREFIX: ClassVar[str] = "lr:"
    leave_id: int
    revision: str

    def pack(self) -> str:
        return _checked(f"{self.PREFIX}{self.leave_id}:{self.revision}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        leave_id, revision = _parts(data, cls.PREFIX, 2)
        return cls(int(_match(_ID, leave_id)), _match(_REVISION, revision))
