"""With verification on, the bulletin chart draws the counting number as the bar and the other one as a
lighter bar behind it, labelled (SPEC §2); with verification off, one bar per row as before."""

from __future__ import annotations

from typing import Any

import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from bot.render.chart import OTHER, ChartRow, render_completion_chart


def _drawn(*args: Any, **kwargs: Any) -> Figure:
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


def _bars(figure: Figure) -> list[tuple[float, object]]:
    [ax] = figure.axes
    return [(round(p.get_width(), 6), p.get_facecolor()) for p in ax.patches if isinstance(p, Rectangle)]


def test_the_counting_number_is_the_bar_and_the_other_a_lighter_bar_with_its_label() -> None:
    # 七岭村: 30 % verified (counts), 50 % reported
    figure = _drawn("排名", [ChartRow("七岭村", 0.3, other=0.5)], 0.2, other_label="已上报")
    bars = _bars(figure)
    assert [width for width, _ in bars] == [0.5, 0.3]  # the lighter one first, behind
    assert bars[0][1] == pytest.approx(to_rgba(OTHER))
    [ax] = figure.axes
    assert "30.0% · 已上报 50.0%" in [t.get_text() for t in ax.texts]


def test_without_the_other_number_a_row_is_one_bar_and_one_percentage() -> None:
    figure = _drawn("排名", [ChartRow("七岭村", 0.3)], 0.2)
    assert [width for width, _ in _bars(figure)] == [0.3]
    [ax] = figure.axes
    assert "30.0%" in [t.get_text() for t in ax.texts]
