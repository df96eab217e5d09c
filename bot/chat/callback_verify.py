"""Callback codec of /verify and /sample: a decision about pending reports (vf)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Literal, Self, cast

from bot.chat.callback_data import MAX_BYTES, TASK, OutdatedButton, checked, fields, matched

_B36 = re.compile(r"[0-9a-z]{1,12}")
_B36_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def b36(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = _B36_DIGITS[r] + out
        if n == 0:
            return out


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
        return checked(self._text())

    def fits(self) -> bool:
        """Whether the payload fits Telegram's limit (beyond it the button is left out, never cut)."""
        return len(self._text().encode()) <= MAX_BYTES

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        with_unit = data is not None and data.count(":") == 3
        action, ids_text, *listing = fields(data, cls.PREFIX, 3 if with_unit else 2)
        ids = tuple(int(matched(_B36, i), 36) for i in ids_text.split(",")) if ids_text else ()
        wanted = {"i": (0, 0), "a": (1, 1), "r": (1, 1), "A": (1, VERIFY_PAGE)}.get(action)
        if wanted is None or not wanted[0] <= len(ids) <= wanted[1]:
            raise OutdatedButton()
        kind = cast(VerifyAction, action)
        if not listing:
            return cls(kind, ids)
        text = listing[0]
        if text.startswith("#"):
            return cls(kind, ids, sample=int(matched(_B36, text[1:]), 36))
        if text == "!":
            return cls(kind, ids, flagged=True)
        flagged = text.startswith("!")
        return cls(kind, ids, matched(TASK, text.removeprefix("!")), flagged=flagged)
