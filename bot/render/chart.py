"""The bulletin chart: horizontal completion bars per unit with the expected-pace line (SPEC §3.3).

Drawn with matplotlib's object API (Figure + Agg canvas), never pyplot: no global state, safe in
a long-running bot, nothing to close by hand. matplotlib is imported on first use: the command line
(`campaign-bot invites`, `cancel`) builds the services but never draws, and the import costs seconds.
Callers draw off the event loop, in one thread (`draw_off_loop`): a 60-row chart takes a noticeable
fraction of a second, and matplotlib's font cache is not meant for concurrent drawing.
Chinese needs a CJK font; `scripts/setup.sh` installs WenQuanYi Micro Hei, and any Noto/Source Han CJK font works too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import TYPE_CHECKING

from bot.views.numbers import pct, whole_pct

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties

log = logging.getLogger(__name__)

CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Droid Sans Fallback",
    "AR PL UMing CN",
)
# Names are data, never markup: matplotlib reads `$…$` as math, and one unit name it cannot parse
# made the whole chart (and every later bulletin) raise. Every text is drawn with parse_math=False.
MAX_ROWS = 60  # beyond this the chart shows the top and bottom 30 with a gap row
EDGE_ROWS = 30
BEHIND = "#d9534f"
AHEAD = "#2e7d32"
OTHER = "#c8d3e0"  # the number that does not count (verification on): a light bar behind the real one


@dataclass(frozen=True, slots=True)
class ChartRow:
    label: str
    completion: float  # 0..1, may exceed 1 (drawn capped, labelled with the real value)
    other: float | None = None  # with verification on, the completion by the number that does not count


@lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """Path of an installed font that has Chinese glyphs, or None."""
    from matplotlib import font_manager

    by_name = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in by_name:
            return by_name[family]
    for entry in font_manager.fontManager.ttflist:  # any font whose name says CJK
        if any(tag in entry.name for tag in ("CJK", "Hei", "Song", "Kai", "Ming")):
            return str(entry.fname)
    log.warning("no CJK font found: Chinese in charts will show boxes; install fonts-wqy-microhei")
    return None


def _font() -> FontProperties:
    from matplotlib.font_manager import FontProperties

    path = find_cjk_font()
    return FontProperties(fname=path) if path else FontProperties()


def _visible(rows: Sequence[ChartRow]) -> list[ChartRow | None]:
    """All rows, or the top and bottom EDGE_ROWS with None marking the omitted middle."""
    if len(rows) <= MAX_ROWS:
        return list(rows)
    return [*rows[:EDGE_ROWS], None, *rows[-EDGE_ROWS:]]


def render_completion_chart(
    title: str,
    rows: Sequence[ChartRow],
    expected: float,
    *,
    subtitle: str = "",
    expected_label: str = "应完成进度",
    omitted_label: str = "… {n} …",
    other_label: str = "",
) -> bytes:
    """PNG bytes. Rows are drawn in the given order, the first at the top. A row's `other` completion
    is drawn as a lighter bar behind its own and named by `other_label` beside it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font = _font()
    shown = _visible(rows)
    height = 1.6 + 0.38 * max(1, len(shown))
    fig = Figure(figsize=(8.0, height), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    positions = list(range(len(shown)))[::-1]  # first row on top
    for y, row in zip(positions, shown, strict=True):
        if row is None:
            ax.text(
                0.5,
                y,
                omitted_label.format(n=len(rows) - 2 * EDGE_ROWS),
                ha="center",
                va="center",
                fontproperties=font,
                color="#666666",
                parse_math=False,
            )
            continue
        width, label = min(row.completion, 1.0), pct(row.completion)
        if row.other is not None:
            ax.barh(y, min(row.other, 1.0), color=OTHER, height=0.62)
            label += f" · {other_label} {pct(row.other)}"
            width = max(width, min(row.other, 1.0))  # the label goes after the longer bar
        ax.barh(y, min(row.completion, 1.0), color=AHEAD if row.completion >= expected else BEHIND, height=0.62)
        ax.text(width + 0.01, y, label, va="center", fontsize=9, fontproperties=font, parse_math=False)
    ax.set_yticks(positions, [r.label if r else "" for r in shown], fontproperties=font, parse_math=False)
    ax.axvline(expected, color="#1f4e9c", linestyle="--", linewidth=1.4)
    ax.text(
        expected,
        len(shown) - 0.35,
        f"{expected_label} {whole_pct(expected * 100)}",
        color="#1f4e9c",
        ha="center",
        va="bottom",
        fontproperties=font,
        fontsize=9,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
        parse_math=False,
    )
    ax.set_xlim(0, 1.12)
    ax.set_ylim(-0.7, max(0, len(shown) - 1) + 0.9)
    ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0], ["0", "20%", "40%", "60%", "80%", "100%"])
    ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(title, fontproperties=font, fontsize=13, parse_math=False)
    if subtitle:
        ax.set_title(subtitle, fontproperties=font, fontsize=9, color="#555555", parse_math=False)
    if not rows:
        ax.text(0.5, 0, "—", ha="center", va="center", fontproperties=font, parse_math=False)
    fig.tight_layout()
    buffer = BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


# One drawing thread for the whole process: bulletins of many groups queue here instead of blocking
# the event loop (acknowledgements go on meanwhile) or drawing concurrently.
_DRAWER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart")


async def draw_off_loop(draw: Callable[[], bytes]) -> bytes:
    """Runs a drawing (`partial(render_completion_chart, ...)`) in the drawing thread."""
    return await asyncio.get_running_loop().run_in_executor(_DRAWER, draw)
