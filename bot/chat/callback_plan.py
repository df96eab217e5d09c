"""Callback codecs of plans and campaigns: a previewed plan's import (pl), the current campaign (cmp),
another template (tpl)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal, Self

from bot.chat.callback_data import ID, OutdatedButton, answered_yes, checked, fields, matched, yes_no


@dataclass(frozen=True, slots=True)
class PlanAnswer:
    """`pl:<y|n>:<upload>` — import the plan previewed for the file sent as message `upload`, or not.
    The id binds the answer to that one preview: ✅ under an earlier preview never imports a later file."""

    PREFIX: ClassVar[str] = "pl:"
    yes: bool
    upload_id: int

    def pack(self) -> str:
        return checked(f"{self.PREFIX}{yes_no(self.yes)}:{self.upload_id}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        answer, upload = fields(data, cls.PREFIX, 2)
        return cls(answered_yes(answer), int(matched(ID, upload)))


@dataclass(frozen=True, slots=True)
class CampaignPick:
    """`cmp:<campaign id>` — make a campaign the current one."""

    PREFIX: ClassVar[str] = "cmp:"
    campaign_id: int

    def pack(self) -> str:
        return checked(f"{self.PREFIX}{self.campaign_id}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        [campaign_id] = fields(data, cls.PREFIX, 1)
        return cls(int(matched(ID, campaign_id)))


@dataclass(frozen=True, slots=True)
class TemplatePick:
    """`tpl:<kind>` — send another template; `rc`: the 核查 (reconciliation) template (issue 11 §4)."""

    PREFIX: ClassVar[str] = "tpl:"
    kind: Literal["rc"] = "rc"

    def pack(self) -> str:
        return checked(f"{self.PREFIX}{self.kind}")

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        [kind] = fields(data, cls.PREFIX, 1)
        if kind != "rc":
            raise OutdatedButton()
        return cls("rc")
