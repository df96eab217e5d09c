"""The text catalogue: one dict per language (zh first, en second), descriptive keys.

`t(lang, key, **params)` renders a text. Parameters that come from users (names, unit names)
must be HTML-escaped by the caller when the text is sent with parse_mode HTML — use `th()`.
"""

from __future__ import annotations

import html
from typing import Any

from bot.texts import en, zh

CATALOGUES: dict[str, dict[str, str]] = {"zh": zh.TEXTS, "en": en.TEXTS}
LANGUAGES = tuple(CATALOGUES)
DEFAULT_LANGUAGE = "zh"


def normalize_language(code: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """Map a Telegram language_code ('zh-hans', 'en-US', None) to a catalogue language."""
    if not code:
        return default
    base = code.split("-")[0].split("_")[0].lower()
    return base if base in CATALOGUES else default


def t(lang: str, key: str, /, **params: Any) -> str:
    """Render `key` in `lang`, falling back to Chinese, then to the key itself (visible, never a crash)."""
    catalogue = CATALOGUES.get(lang, CATALOGUES[DEFAULT_LANGUAGE])
    template = catalogue.get(key) or CATALOGUES[DEFAULT_LANGUAGE].get(key)
    if template is None:
        return key
    return template.format(**params) if params else template


def th(lang: str, key: str, /, **params: Any) -> str:
    """Like t(), but HTML-escapes every string parameter (for parse_mode=HTML messages)."""
    safe = {k: html.escape(v) if isinstance(v, str) else v for k, v in params.items()}
    return t(lang, key, **safe)
