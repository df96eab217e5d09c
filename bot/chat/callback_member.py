"""Callback codecs about members: a namesake picked (mp), an absent member's quota re-split (lr)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Literal, Self, cast

from bot.chat.callback_data import ID, MAX_BYTES, OutdatedButton, checked, fields, matched

PickAction = Literal["a", "r"]
_ITEM = re.compile(r"([A-Za-z0-9][A-Za-z0-9_.-]{0,23})=([0-9]{1,9})")


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
        return checked(self._data())

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        action, owner, member_id, items_text = fields(data, cls.PREFIX, 4)
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
        return cls(cast(PickAction, action), int(matched(ID, owner)), int(matched(ID, member_id)), tuple(items))


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
        return checked(f"{self.PREFIX}{self.leave_id}:{self.revision}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        leave_id, revision = fields(data, cls.PREFIX, 2)
        return cls(int(matched(ID, leave_id)), matched(_REVISION, revision))
