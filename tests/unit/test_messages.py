"""Splitting long texts below Telegram's limit, which counts UTF-16 code units."""

from __future__ import annotations

from bot.views.sizing import ALERT_LIMIT, TELEGRAM_LIMIT, alert_text, chunks, telegram_length


def test_emoji_outside_the_bmp_count_twice_and_chinese_once() -> None:
    assert telegram_length("👏") == 2
    assert telegram_length("七岭村") == 3


def test_lines_full_of_emoji_are_split_below_the_limit_without_splitting_a_line() -> None:
    lines = [f"{i}. 👏👏👏 " + "七岭村" * 10 for i in range(400)]
    parts = chunks(lines)
    assert len(parts) > 1
    assert all(telegram_length(p) <= TELEGRAM_LIMIT for p in parts)
    assert "\n".join(parts).split("\n") == lines  # every line once, in order, whole


def test_a_single_absurd_line_is_cut_to_fit() -> None:
    [part] = chunks(["👏" * 5000])
    assert telegram_length(part) <= TELEGRAM_LIMIT


def _well_formed(part: str) -> bool:
    """Every & starts a whole entity and every tag opened is closed, in order: what Telegram's
    HTML parser needs to accept a message."""
    import re

    if re.search(r"&(?!(?:amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)", part):
        return False
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-z-]+)[^>]*>", part):
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack and "<" not in re.sub(r"<(/?)([a-z-]+)[^>]*>", "", part)


def test_an_over_long_html_line_is_cut_between_entities_and_keeps_its_tags_closed() -> None:
    import html

    name = html.escape('村&<>"' * 1000)  # a 5,000-character name, escaped as th() does
    for shift in range(12):  # wherever the limit falls: inside an entity, a tag, or between them
        line = "x" * shift + f"<b>{name}</b> 45.0% <i>落后</i>"
        [part] = chunks([line], limit=4000)
        assert telegram_length(part) <= 4000
        assert _well_formed(part), part[-40:]
        assert part.startswith("x" * shift + "<b>村&amp;&lt;&gt;&quot;")


def test_a_cut_line_says_it_was_cut() -> None:
    [part] = chunks(["<b>" + "村" * 5000 + "</b>"], limit=100)
    assert part.endswith("…</b>")


def test_an_alert_shows_the_visible_text_of_a_catalogue_text_never_its_markup() -> None:
    """Callback alerts take plain text: names escaped for HTML must read as typed, tags must vanish."""
    assert alert_text("<b>入户&lt;走访&gt;&amp;登记</b> 超出范围") == "入户<走访>&登记 超出范围"
    assert len(alert_text("很长的说明" * 100)) <= ALERT_LIMIT
