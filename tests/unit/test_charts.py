"""The bulletin chart renders Chinese for real (no tofu boxes) and scales with the ranking."""

from __future__ import annotations

import warnings
from io import BytesIO
from typing import Any

import pytest
from matplotlib import image
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from bot.render.chart import ChartRow, find_cjk_font, render_completion_chart

LABELS = ["白洋渡镇", "七岭村", "双泉村", "青鹿居委会", "元木村"]


def decode(png: bytes):  # type: ignore[no-untyped-def]
    return image.imread(BytesIO(png), format="png")


def test_an_installed_font_covers_the_chinese_we_draw() -> None:
    path = find_cjk_font()
    assert path is not None, "no CJK font: run scripts/setup.sh (installs fonts-wqy-microhei)"
    charmap = FT2Font(path).get_charmap()
    assert all(ord(ch) in charmap for ch in "白洋渡镇七岭村双泉青鹿居委会完成进度应")


def test_chinese_labels_render_without_missing_glyphs() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render_completion_chart(
            "冬季健康服务 · 白洋渡镇 进度通报", [ChartRow(n, i / 5) for i, n in enumerate(LABELS)], 0.45
        )
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_bars_are_coloured_by_pace_and_the_picture_is_not_blank() -> None:
    pixels = decode(render_completion_chart("进度", [ChartRow("快", 0.9), ChartRow("慢", 0.1)], 0.5))
    rgb = pixels[..., :3].reshape(-1, 3)
    greenish = ((rgb[:, 1] > 0.4) & (rgb[:, 0] < 0.3) & (rgb[:, 2] < 0.3)).sum()
    reddish = ((rgb[:, 0] > 0.75) & (rgb[:, 1] < 0.45) & (rgb[:, 2] < 0.45)).sum()
    assert greenish > 500
    assert reddish > 50


@pytest.mark.parametrize("rows", [0, 1, 80])
def test_height_grows_with_rows_and_long_rankings_are_cut_in_the_middle(rows: int) -> None:
    png = render_completion_chart("排名", [ChartRow(f"第{i}村", (i % 10) / 9) for i in range(rows)], 0.5)
    height = decode(png).shape[0]
    assert height >= 150
    if rows == 80:
        small = decode(render_completion_chart("排名", [ChartRow("一村", 0.5)], 0.5)).shape[0]
        assert height > 10 * small / 2  # 61 rows drawn (30 + gap + 30), far taller than one


def _drawn(*args: Any, **kwargs: Any) -> Figure:
    """Render and return the figure that was saved (the chart's object tree, not its pixels)."""
    drawn: list[Figure] = []
    original = Figure.savefig

    def keep(self: Figure, *a: Any, **k: Any) -> None:
        drawn.append(self)
        original(self, *a, **k)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Figure, "savefig", keep)
        render_completion_chart(*args, **kwargs)
    [figure] = drawn
    return figure


def test_over_achievement_is_capped_in_the_bar_but_labelled_truly() -> None:
    figure = _drawn("排名", [ChartRow("超额村", 1.8), ChartRow("达标村", 1.0), ChartRow("半数村", 0.5)], 0.5)
    [ax] = figure.axes
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert [round(bar.get_width(), 6) for bar in bars] == [1.0, 1.0, 0.5]  # 180 % ends at the 100 % mark
    assert ax.get_xlim()[1] < 1.8  # the axis does not stretch to fit the over-achiever
    labels = {t.get_text(): t.get_position()[0] for t in ax.texts if t.get_text().endswith("%")}
    assert labels["180.0%"] == pytest.approx(1.01)  # the true figure, beside the capped bar
    assert labels["100.0%"] == pytest.approx(1.01)
    assert labels["50.0%"] == pytest.approx(0.51)


@pytest.mark.parametrize("name", ["$\\frac{1}{0}$村", "a\\b$", "$\\frac{$村", "$^$", "$$", "\\$x$"])
def test_a_name_with_dollars_or_backslashes_is_drawn_as_text_never_as_math(name: str) -> None:
    """Names are data: a mathtext error in one unit name must not stop the chart (and with it the
    bulletin of every unit)."""
    rows = [ChartRow(name, 0.3), ChartRow("七岭村", 0.6)]
    png = render_completion_chart(f"{name} 进度通报", rows, 0.5, subtitle=name)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_text_of_the_chart_has_math_parsing_off() -> None:
    figure = _drawn("$x$", [ChartRow("$y$", 0.3)], 0.5, subtitle="$z$")
    texts = [t for t in figure.findobj(Text) if isinstance(t, Text) and "$" in t.get_text()]
    assert {t.get_text() for t in texts} == {"$x$", "$y$", "$z$"}
    assert all(not t.get_parse_math() for t in texts)
