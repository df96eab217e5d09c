"""The catalogue: every text exists in zh and en, renders with its parameters, and is valid
Telegram HTML; every key the code names exists."""

from __future__ import annotations

import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.texts import CATALOGUES, normalize_language, t, th

ROOT = Path(__file__).parents[2]
ALLOWED_TAGS = {"b", "i", "u", "s", "code", "pre", "a"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class _TagCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, _attrs: object) -> None:
        if tag not in ALLOWED_TAGS:
            self.bad.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.bad.append(f"/{tag}")


def test_every_key_exists_in_every_language() -> None:
    zh, en = CATALOGUES["zh"], CATALOGUES["en"]
    assert set(zh) == set(en)


@pytest.mark.parametrize("key", sorted(CATALOGUES["zh"]))
def test_every_text_renders_in_both_languages_with_the_same_parameters(key: str) -> None:
    zh, en = CATALOGUES["zh"][key], CATALOGUES["en"][key]
    assert _fields(zh) == _fields(en), key
    params = dict.fromkeys(_fields(zh), "<x&y>")
    for lang in ("zh", "en"):
        rendered = th(lang, key, **params)
        assert rendered.strip()
        assert "<x&y>" not in rendered  # user-supplied values are escaped
        checker = _TagCheck()
        checker.feed(rendered)
        assert not checker.bad, (key, lang, checker.bad, checker.stack)
        assert not checker.stack, (key, lang, checker.bad, checker.stack)


def test_chinese_texts_are_actually_chinese() -> None:
    def words(text: str) -> str:
        return re.sub(r"\{[^}]*\}|<[^>]*>", "", text)

    untranslated = [
        k
        for k, v in CATALOGUES["zh"].items()
        if re.search("[A-Za-z]{4,}", words(v)) and not re.search("[\u4e00-\u9fff]", v)
    ]
    assert untranslated == []


def test_every_literal_key_in_the_code_exists() -> None:
    prefixes = {k.split(".")[0] for k in CATALOGUES["zh"]}
    alternatives = "|".join(sorted(prefixes))
    pattern = re.compile(r"""["']((?:""" + alternatives + r""")\.[a-z_]+)["']""")
    missing = set()
    for path in list((ROOT / "bot").rglob("*.py")) + list((ROOT / "scheduler").rglob("*.py")):
        if "texts" in path.parts:
            continue
        for key in pattern.findall(path.read_text()):
            if key not in CATALOGUES["zh"] and not key.endswith((".png", ".yaml", ".yml", ".xlsx")):
                missing.add((key, path.name))
    assert not missing


def test_unknown_language_falls_back_to_chinese_and_unknown_key_is_visible() -> None:
    assert normalize_language("en-US") == "en"
    assert normalize_language("zh-hans") == "zh"
    assert normalize_language("fr") == "zh"
    assert normalize_language(None, "en") == "en"
    assert t("fr", "status.ahead") == CATALOGUES["zh"]["status.ahead"]
    assert t("zh", "no.such.key") == "no.such.key"


def test_a_list_parameter_is_joined_with_the_languages_own_separator() -> None:
    """The domain hands lists (task names) as tuples; only the catalogue knows `、` from `, `."""
    assert "回访、入户走访" in t("zh", "parser.no_task", tasks=("回访", "入户走访"), example="走访5")
    assert "回访, 入户走访" in t("en", "parser.no_task", tasks=("回访", "入户走访"), example="走访5")
    assert "a&lt;b, c" in th("en", "parser.no_task", tasks=("a<b", "c"), example="x")
