"""The report's charts, drawn by pygal as SVG for inlining in the page: the ranking
(stacked by each criterion's points), the weights, and the rank heatmap. Imported
only by the report command: pygal costs nothing elsewhere.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlsourcing.numbers import human_percent

if TYPE_CHECKING:
    from mlsourcing.analysis.robustness import Sensitivity
    from mlsourcing.views.rankings import Column
    from mlsourcing.views.report import ReportView

PALETTE = ["#2f6f4e", "#4f8fbf", "#d08c3a", "#8a5fb0", "#c0504d", "#6b8e23", "#7f7f7f", "#17becf"]
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'  # the page's own
INK, RULE = "#222222", "#dddddd"  # the page's ink and rules
# the heatmap's classes of shares of the draws: a cell takes the colour of the first
# class whose upper end its share does not pass (0: never in any draw); classes, not a
# continuous scale, so that a run of cells of one class is drawn as one
HEAT = (
    (0.0, "#f7fbf7"),
    (0.01, "#e2f0e4"),
    (0.025, "#c6e3cc"),
    (0.05, "#a3cfae"),
    (0.1, "#7fb48f"),
    (0.2, "#56926d"),
    (0.35, "#2f6f4e"),
    (0.6, "#1b5138"),
    (1.0, "#0d3320"),
)


def colours(n: int) -> list[str]:
    """A distinct colour for each of ``n`` stacked criteria: the house palette up to
    its eight, then its colours again lightened and darkened (up to 24), beyond that
    evenly spaced hues (neighbours in the stack then differ less)."""
    from pygal.colors import darken, hsl_to_rgb, lighten

    if n <= len(PALETTE):
        return PALETTE[:n]
    if n <= 3 * len(PALETTE):
        shades = PALETTE + [lighten(c, 22) for c in PALETTE] + [darken(c, 15) for c in PALETTE]
        return [c.lower() for c in shades[:n]]
    return [_hex(hsl_to_rgb(360 * i / n, 55, 45)) for i in range(n)]


def _hex(rgb: Sequence[float]) -> str:
    """#rrggbb of red, green and blue on 0-255."""
    return "#" + "".join(f"{round(v):02x}" for v in rgb)


def heat_class(share: float) -> int:
    """The index of a share's class in HEAT."""
    return next((i for i, (upper, _) in enumerate(HEAT) if share <= upper), len(HEAT) - 1)


def _class_text(i: int) -> str:
    """A class of HEAT in words: "0%", "up to 1%", "1% to 2.5%"."""
    if i == 0:
        return "0%"
    upper = human_percent(HEAT[i][0])
    return f"up to {upper}" if i == 1 else f"{human_percent(HEAT[i - 1][0])} to {upper}"


def heat_scale() -> list[dict[str, str]]:
    """The heatmap's key, for the template: each class's shares and colour."""
    return [{"share": _class_text(i), "colour": colour} for i, (_, colour) in enumerate(HEAT)]


WIDTH = 800  # a chart's own units (its SVG scales to the page)
ROW, HEAT_ROW, AXES = 30, 18, 70  # px a bar, a heatmap row, the axis and its title
LEGEND_ROW, LEGEND_FITS = 30, 22  # px a legend row; characters a four-column legend fits
HEAT_COLUMNS = 100  # cells across the heatmap at most
NO_GUIDES = "#heatmap-svg .guide.line { display: none; }"
# what pygal writes for its script's tooltips (a bar's centre, its label again): with
# no script, only bytes; each bar keeps its value and our label
TOOLTIP_ONLY = ("x centered", "y centered", "x_label")
LABEL = 40  # characters of a name in a chart's label; the tables give it whole
SMALLEST = 12  # px in the chart's own units: at least 9 CSS px at its narrowest (600 px)


def _plain(text: str, limit: int = LABEL) -> str:
    """Text for a chart's label, at most ``limit`` characters: a 200-character name
    would squeeze the chart to nothing."""
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _chart(kind: str, colors: Sequence[str], height: float, **config: Any) -> Any:
    """A pygal chart in the page's look: its font, ink and rules, no background."""
    import pygal
    from pygal.style import Style

    style = Style(
        background="transparent",
        plot_background="transparent",
        foreground=INK,
        foreground_strong=INK,
        foreground_subtle=RULE,
        font_family=FONT,
        label_font_size=SMALLEST,
        major_label_font_size=SMALLEST,
        legend_font_size=SMALLEST,
        title_font_size=SMALLEST + 2,
        value_font_size=SMALLEST,
        value_label_font_size=SMALLEST,
        tooltip_font_size=SMALLEST,
        opacity="1",
        opacity_hover="1",
        colors=tuple(colors),
    )
    settings: dict[str, Any] = {
        "style": style,
        "width": WIDTH,
        "height": round(height),
        "js": (),  # no script: the page runs none
        "show_legend": False,
        "truncate_label": -1,
        "truncate_legend": -1,
        "margin": 8,
        "print_values": False,
    }
    return getattr(pygal, kind)(**(settings | config))


def _svg(chart: Any, name: str, title: str) -> str:
    """The chart's SVG for inlining in the page, titled ``title`` (its accessible name):
    no script, no comment (pygal's carries the date), and its id ``{name}-svg`` rather
    than a random one, so that the same data makes the same bytes."""
    from xml.etree import ElementTree

    from pygal.etree import etree

    etree.to_etree()  # the standard library's, whether or not lxml is installed
    root = chart.render_tree()
    for parent in root.iter():
        for child in list(parent):
            tag = str(child.tag)
            tooltip = tag.endswith("desc") and child.get("class") in TOOLTIP_ONLY
            if child.tag is ElementTree.Comment or tag.endswith("script") or tooltip:
                parent.remove(child)
    for child in root:
        if str(child.tag).endswith("title"):
            child.text = title
    ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    text = ElementTree.tostring(root, encoding="unicode")
    return text.replace(root.get("id", "chart"), f"{name}-svg")


def _legend_columns(labels: Sequence[str]) -> int:
    """Columns of the legend under a chart: four, or three when a label would not fit."""
    return min(len(labels), 4 if max(map(len, labels), default=0) <= LEGEND_FITS else 3)


def ranking_chart(view: ReportView) -> str:
    """Horizontal bars, the best at the top, stacked by each criterion's points (when
    they add up to the score), or the score alone (as under TOPSIS, whose score does
    not split); each bar's label ends with its score."""
    columns = view.columns
    results = [d.result for d in view.details][::-1]  # pygal draws the first at the bottom
    top = max((r.score for r in results), default=0.0)
    common = {
        # up to the next ten above the best score: the bars use the width
        "range": (0, min(100, 10 * (math.floor(top / 10) + 1))),
        "x_title": "score (0-100)",
    }
    height = ROW * len(results) + AXES
    if view.additive:
        labels = [_plain(c.label) for c in columns]
        across = _legend_columns(labels)
        lines = math.ceil(len(labels) / across)
        chart = _chart(
            "HorizontalStackedBar",
            colours(len(columns)),
            height + LEGEND_ROW * lines,
            show_legend=True,
            legend_at_bottom=True,
            legend_at_bottom_columns=across,
            # pygal makes room for len // across lines of legend, short of the text's
            # foot: room for the last line and the foot
            margin_bottom=LEGEND_ROW * (lines - len(labels) // across) + 16,
            **common,
        )
        for i, label in enumerate(labels):
            chart.add(label, [(r.point_row or ())[i] or None for r in results])
    else:
        chart = _chart("HorizontalBar", PALETTE[:1], height, **common)
        chart.add("score", [r.score for r in results])
    chart.x_labels = [f"{_plain(r.name)}  {r.score:.1f}" for r in results]
    return _svg(chart, "ranking", "The ranking: each destination's score")


def weights_chart(columns: Sequence[Column]) -> str:
    shares = [100 * (c.weight or 0.0) for c in columns][::-1]
    chart = _chart(
        "HorizontalBar",
        PALETTE[1:2],
        ROW * len(columns) + AXES,
        x_title="weight (%)",
        range=(0, max(shares, default=0.0) or 1.0),
    )
    chart.add("weight", shares)
    chart.x_labels = [_plain(c.label) for c in columns][::-1]
    return _svg(chart, "weights", "The weights: each criterion's share")


def _runs(classes: Sequence[int]) -> list[tuple[int, int, int]]:
    """(class, first, last) of each run of neighbours of one class, in order (1-based)."""
    runs: list[tuple[int, int, int]] = []
    for at, c in enumerate(classes, start=1):
        if runs and runs[-1][0] == c:
            runs[-1] = (c, runs[-1][1], at)
        else:
            runs.append((c, at, at))
    return runs


def rank_step(ranks: int) -> int:
    """Ranks between two labels on the heatmap's axis: every rank while they fit side
    by side (up to 15), else 1 and every 5th, 10th, 25th, 50th, 100th, 250th... (at
    most 16 labels)."""
    if ranks <= 15:
        return 1
    step = 5
    for factor in itertools.cycle((2, 2.5, 2)):
        if ranks <= 16 * step:
            break
        step = round(step * factor)
    return step


def heatmap(sens: Sensitivity, shown: int) -> str:
    """Each destination's chance of taking each rank (the first ``shown`` of each), over
    every rank any of them takes (a range that reaches 35 is drawn to 35): a row of
    cells per destination, each cell coloured by the class of its share of the draws
    (HEAT). Past HEAT_COLUMNS ranks, each cell is a group of neighbouring ranks (their
    shares summed): no screen shows more; and neighbouring cells of one class are
    drawn as one."""
    results = sens.results[:shown][::-1]  # the first at the top
    ranks = max((k for r in results for k in r.distribution), default=1)
    width = -(-ranks // HEAT_COLUMNS)  # ranks a cell
    starts = range(1, ranks + 1, width)
    rows = [
        _runs(
            [
                heat_class(math.fsum(r.distribution.get(k, 0.0) for k in range(a, a + width)))
                for a in starts
            ]
        )
        for r in results
    ]
    most = max(map(len, rows), default=0)
    chart = _chart(
        "HorizontalStackedBar",
        [HEAT[0][1]] * most,
        HEAT_ROW * len(results) + AXES,
        range=(0, ranks),  # the axis's name is in the page's caption, under it
        spacing=0,
        # the cells are the picture: no rules across them
        css=("file://style.css", "file://graph.css", "inline:" + NO_GUIDES),
    )
    for j in range(most):  # the j-th run of every row, one series
        cells: list[dict[str, Any] | None] = []
        for r, runs in zip(results, rows, strict=True):
            if j >= len(runs):
                cells.append(None)
                continue
            c, first_cell, last_cell = runs[j]
            first = starts[first_cell - 1]
            last = min(ranks, starts[last_cell - 1] + width - 1)
            if first == last:
                what = f"rank {first} in {_class_text(c)}"
            elif width == 1:
                what = f"ranks {first} to {last}, each in {_class_text(c)}"
            else:
                what = f"ranks {first} to {last}, each {width} together in {_class_text(c)}"
            cells.append(
                {
                    "value": last - first + 1,
                    "color": HEAT[c][1],
                    "label": f"{_plain(r.name)}: {what} of the draws",
                }
            )
        chart.add(f"run {j + 1}", cells)
    chart.x_labels = [_plain(r.name) for r in results]
    step = rank_step(ranks)  # each label at its rank's middle
    chart.y_labels = [
        {"label": str(k), "value": k - 0.5} for k in range(1, ranks + 1) if k == 1 or k % step == 0
    ]
    return _svg(chart, "heatmap", "How often each destination takes each rank")
