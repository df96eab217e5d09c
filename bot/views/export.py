"""The caption of the `/export` workbook."""

from __future__ import annotations

from datetime import datetime

from bot.domain.model import Campaign
from bot.texts import t
from bot.views.dates import moment


def export_caption(lang: str, campaign: Campaign, at: datetime) -> str:
    """The campaign's name and key and when the data was taken. A document's caption is sent without
    HTML mode, so the name is written as it is, never escaped."""
    return t(lang, "export.caption", name=campaign.name, key=campaign.key, at=moment(campaign, at))
