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
    return _render(lang, key, params)


def th(lang: str, key: str, /, **params: Any) -> str:
    """Like t(), but HTML-escapes every string parameter (for parse_mode=HTML messages)."""
    for k, v in params.items():  # in place: `params` is this call's own dict
        if isinstance(v, str):
            params[k] = html.escape(v)
        elif isinstance(v, tuple):
            params[k] = tuple(html.escape(str(x)) for x in v)
    return _render(lang, key, params)


def _render(lang: str, key: str, params: dict[str, Any]) -> str:
    # Every reply renders several texts (an acknowledgement eight): one pass over the parameters, and
    # a copy only when a list is among them.
    catalogue = CATALOGUES.get(lang, CATALOGUES[DEFAULT_LANGUAGE])
    template = catalogue.get(key) or CATALOGUES[DEFAULT_LANGUAGE].get(key)
    if template is None:
        return key
    if not params:
        return template
    if any(isinstance(v, tuple) for v in params.values()):
        sep = catalogue.get("views.list_sep", "、")
        params = {k: sep.join(map(str, v)) if isinstance(v, tuple) else v for k, v in params.items()}
    return template.format_map(params)
