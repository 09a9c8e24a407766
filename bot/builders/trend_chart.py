"""The weekly summary's trend chart (pure): red, amber and green per standard over the last
weeks, as PNG bytes.

Rules (readable at a glance in Slack's preview, and without telling colours apart):
- one panel per standard, titled with its number and name and, in words, its newest counts
  (``now: 3 red, 5 amber, 40 green``); the figure's title names the weeks shown;
- each week is a stacked bar of live contracts: red at the bottom, then amber, then green;
  the colours are the Okabe–Ito palette (vermillion, orange, bluish green), and red and amber
  are also hatched, so the legend's labels identify them in grey scale too;
- the x axis shows each week's Monday (every other one labelled, the newest always);
- a week with no snapshot is a gap labelled "no data", never a bar of zeros; a count of zero
  draws no bar at all (a bar of no height shows nothing, and each one costs time to draw),
  and every week keeps its place on the x axis;
- drawn with matplotlib's Agg canvas (no display, no pyplot state), so it is safe in a worker.
- the PNG is compressed at zlib level 1: a few per cent larger than the default level 6, and
  cheaper to write (the pixels are the same).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from bot.builders.common import day
from models.facts import STANDARD_TITLES

WIDTH_INCHES, HEIGHT_INCHES, DPI = 12.0, 7.5, 100  # 1200 × 750 pixels
TITLE_WIDTH = 46  # characters of a panel's title on one line
BAR_WIDTH, X_MARGIN = 0.8, 0.05  # of a week's place; of the weeks' span, at each end
STACK = ("red", "amber", "green")  # bottom to top
FILL = {"red": "#D55E00", "amber": "#E69F00", "green": "#009E73"}
HATCH = {"red": "xx", "amber": "..", "green": ""}
GRID = {"left": 0.055, "right": 0.99, "top": 0.86, "bottom": 0.15, "wspace": 0.08,
        "hspace": 0.42}
LEGEND = {"red": "Red: missing or overdue", "amber": "Amber: due soon",
          "green": "Green: in date"}


class WeekCounts(NamedTuple):
    """One week of the chart: its Monday, the snapshot day shown (None: no snapshot that
    week) and, per standard, live contracts per colour."""

    week_start: date
    taken_on: date | None
    counts: Mapping[int, Mapping[str, int]]


def chart_title(weeks: Sequence[WeekCounts]) -> str:
    """Names the weeks shown, up to the newest snapshot's day."""
    newest = max((w.taken_on for w in weeks if w.taken_on), default=weeks[-1].week_start)
    return (f"Safe commissioning standards: live contracts red, amber and green, "
            f"{len(weeks)} weeks to {day(newest)}")


def render_trend_chart(weeks: Sequence[WeekCounts]) -> bytes:
    """The chart of ``weeks`` (oldest first) as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots(2, 3, sharex=True, sharey=True, gridspec_kw=GRID)
    top = max((sum(w.counts.get(n, {}).values()) for w in weeks for n in STANDARD_TITLES),
              default=0)
    for panel, number in zip(axes.flat, STANDARD_TITLES, strict=True):
        _draw_standard(panel, number, weeks, top)
    for panel in axes[:, 0]:
        panel.set_ylabel("live contracts", fontsize=11)
    figure.suptitle(chart_title(weeks), fontsize=16, fontweight="bold")
    handles = [_legend_patch(colour) for colour in reversed(STACK)]
    figure.legend(handles=handles, loc="lower center", ncols=3, fontsize=12, frameon=False,
                  title="Week beginning (Monday); a gap is a week with no snapshot",
                  title_fontsize=10.5)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None},
                   pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _draw_standard(panel: Any, number: int, weeks: Sequence[WeekCounts], top: int) -> None:
    positions = list(range(len(weeks)))
    bottoms = [0] * len(weeks)
    for colour in STACK:
        heights = [w.counts.get(number, {}).get(colour, 0) if w.taken_on else 0 for w in weeks]
        shown = [i for i, height in enumerate(heights) if height]  # no bar of zero height
        panel.bar([positions[i] for i in shown], [heights[i] for i in shown],
                  bottom=[bottoms[i] for i in shown], width=BAR_WIDTH, color=FILL[colour],
                  hatch=HATCH[colour], edgecolor="white", linewidth=0.6)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    first, last = -BAR_WIDTH / 2, len(weeks) - 1 + BAR_WIDTH / 2  # every week's place, as
    margin = (last - first) * X_MARGIN  # if each had its bar (the axes' own margin)
    panel.set_xlim(first - margin, last + margin)
    for position, week in zip(positions, weeks, strict=True):
        if week.taken_on is None:
            panel.text(position, max(top, 1) * 0.03, "no data", rotation=90, ha="center",
                       va="bottom", fontsize=9, color="#555555")
    title = textwrap.fill(f"{number}. {STANDARD_TITLES[number]}", TITLE_WIDTH)
    panel.set_title(f"{title}\n{_newest(number, weeks)}", fontsize=10.5, loc="left")
    labels = [_tick(w.week_start) if (len(weeks) - 1 - i) % 2 == 0 else ""
              for i, w in enumerate(weeks)]
    panel.set_xticks(positions, labels, fontsize=9.5)
    panel.set_ylim(0, max(top, 1) * 1.05)
    panel.yaxis.get_major_locator().set_params(integer=True)
    panel.spines[["top", "right"]].set_visible(False)
    panel.tick_params(axis="y", labelsize=9.5)


def _newest(number: int, weeks: Sequence[WeekCounts]) -> str:
    """The newest week's counts in words (``now: 3 red, 5 amber, 40 green``)."""
    shown = [w for w in weeks if w.taken_on is not None]
    if not shown:
        return "no snapshot yet"
    counts = shown[-1].counts.get(number, {})
    when = "now" if shown[-1] is weeks[-1] else f"week of {_tick(shown[-1].week_start)}"
    return f"{when}: " + ", ".join(f"{counts.get(c, 0)} {c}" for c in STACK)


def _tick(week_start: date) -> str:
    return f"{week_start.day} {week_start:%b}"


def _legend_patch(colour: str) -> Any:
    from matplotlib.patches import Patch

    return Patch(facecolor=FILL[colour], hatch=HATCH[colour], edgecolor="white",
                 label=LEGEND[colour])
