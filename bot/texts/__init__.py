"""The text catalogue: one dict per language (zh first, en second), descriptive keys.

`t(lang, key, **params)` renders a text. Parameters that come from users (names, unit names)
must be HTML-escaped by the caller when the text is sent with parse_mode HTML — use `th()`.
A tuple parameter is a list (task names, say): it is joined with the language's own separator,
`、` or `, `, so the domain can hand lists over without knowing who reads them.
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
    if not params:
        return template
    sep = catalogue.get("views.list_sep", "、")
    joined = {k: sep.join(map(str, v)) if isinstance(v, tuple) else v for k, v in params.items()}
    return template.format(**joined)


def th(lang: str, key: str, /, **params: Any) -> str:
    """Like t(), but HTML-escapes every string parameter (for parse_mode=HTML messages)."""
    safe = {k: _escaped(v) for k, v in params.items()}
    return t(lang, key, **safe)


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, tuple):
        return tuple(html.escape(str(v)) for v in value)
    return value
