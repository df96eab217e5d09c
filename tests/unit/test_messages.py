"""Splitting long texts below Telegram's limit, which counts UTF-16 code units."""

from __future__ import annotations

from bot.messages import TELEGRAM_LIMIT, chunks, telegram_length


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
