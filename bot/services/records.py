"""The stored records services hand upward, named from here.

Each is defined beside the SQL that reads it (bot/storage); handlers, the scheduler and the command
line name them through this module, so nothing above the services imports storage
(tests/unit/test_layers.py, ruff TID251).
"""

from __future__ import annotations

from bot.storage.campaigns import CampaignRecord
from bot.storage.groups import BoundGroup
from bot.storage.org import MemberRecord

__all__ = ["BoundGroup", "CampaignRecord", "MemberRecord"]
