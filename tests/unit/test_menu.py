"""The command menu Telegram shows in private chats: every entry is a command the bot handles and has
a description in both languages (a missing one would show the catalogue key to the user)."""

from __future__ import annotations

import pytest

from bot.chat.app import MENU
from bot.handlers import COMMANDS
from bot.texts import CATALOGUES


def test_every_menu_entry_is_a_handled_command() -> None:
    handled = {name for name, _ in COMMANDS}
    assert set(MENU) <= handled, set(MENU) - handled


@pytest.mark.parametrize("lang", list(CATALOGUES))
def test_every_menu_entry_is_described_in_each_language(lang: str) -> None:
    missing = [c for c in MENU if not CATALOGUES[lang].get(f"menu.{c}")]
    assert missing == []


def test_the_leaders_new_tools_are_in_the_menu() -> None:
    assert {"silent", "sample", "reconcile", "export", "leave", "tasks"} <= set(MENU)
