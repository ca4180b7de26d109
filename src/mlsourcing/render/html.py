"""The HTML report's writer: one self-contained page (styles and charts inline) built from
a template (Jinja2, every dataset text escaped) with charts drawn by
matplotlib as inline SVG. Imported only by the report command: Jinja2 and
matplotlib cost nothing elsewhere.
"""

from __future__ import annotations

import io
import shlex
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from mlsourcing.mcda.methods import title as method_title
from mlsourcing.numbers import (
    human_estimate,
    human_number,
    human_percent,
    human_range,
    human_share,
)
from mlsourcing.render.prose import (
    agreement_sentences,
    period,
    portfolio_text,
    range_note,
    rank_range,
    rank_span,
    screen_note,
    taus_text,
    team_note,
    tipping_text,
    varied_text,
    verdict_text,
    weights_line,
)
from mlsourcing.views.report import SHOWN

if TYPE_CHECKING:
    from mlsourcing.analysis.agreement import Agreement
    from mlsourcing.analysis.robustness import Sensitivity
    from mlsourcing.mcda.scoring import Result
    from mlsourcing.render.env import Environment
    from mlsourcing.views.portfolio import PortfolioView
    from mlsourcing.views.rankings import Column, DestinationView, Headroom
    from mlsourcing.views.report import ReportView
PALETTE = ["#2f6f4e", "#4f8fbf", "#d08c3a", "#8a5fb0", "#c0504d", "#6b8e23", "#7f7f7f", "#17becf"]
WIDE = 8  # criteria: a table of more shows its columns tighter


def colours(n: int) -> list[str]:
    """A distinct colour for each of ``n`` stacked criteria: the house palette up to
    its eight, matplotlib's 20-colour tab20 up to twenty (the open dataset has 13),
    beyond that evenly spaced hues (neighbours in the stack then differ less)."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    if n <= len(PALETTE):
        return PALETTE[:n]
    if n <= 20:
        return [to_hex(colormaps["tab20"](i)) for i in range(n)]
    return [to_hex(colormaps["hsv"](i / n)) for i in range(n)]


LABEL = 40  # characters of a name in a chart's label; the tables give it whole
SMALLEST = 9  # points: the smallest text in a chart (at least 9 CSS px as shown)


def _plain(text: str, limit: int = LABEL) -> str:
    """Text for a matplotlib label, at most ``limit`` characters ('$' would start
    mathtext): a 200-character name would squeeze the chart to nothing."""
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text.replace("$", r"\$")


def _svg(figure: Any) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = out.getvalue()
    return text[text.index("<svg") :]  # no XML prologue inside HTML


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    pyplot.rcParams["svg.hashsalt"] = "mlsourcing"  # stable ids: same data, same bytes
    # text as text, not glyph outlines: it can be read, selected, searched and measured
    pyplot.rcParams["svg.fonttype"] = "none"
    pyplot.rcParams["font.size"] = 10
    return pyplot


def _methods(found: Agreement | None, shown: int) -> dict[str, Any] | None:
    """The ranking under every method, for the template (None: not computed)."""
    if found is None:
        return None
    return {
        "titles": [method_title(m) for m in found.methods],
        "rows": [
            {
                "consensus": s.consensus,
                "name": s.name,
                "ranks": s.ranks,
                "borda": human_number(s.borda),
                "range": rank_span(s),
            }
            for s in found.leading(shown)
        ],
        "sentences": " ".join(agreement_sentences(found)),
        "taus": taus_text(found),
    }


def ranking_chart(view: ReportView) -> str:
    """Horizontal bars, stacked by each criterion's points (when they add up to the
    score), or the score alone (as under TOPSIS, whose score does not split)."""
    plt = _pyplot()
    columns = view.columns
    results = [d.result for d in view.details][::-1]
    fig, ax = plt.subplots(figsize=(8, 0.4 * len(results) + 1.2))
    names = [_plain(r.name) for r in results]
    if view.additive:
        from matplotlib.collections import PolyCollection
        from matplotlib.patches import Patch

        ax.barh(names, [0.0] * len(results))  # the name axis, as barh lays it out
        left = [0.0] * len(results)
        handles = []
        # each criterion's bars as one collection: one artist, not one per destination
        # (30 destinations x 20 criteria were 600 patches, most of the chart's time)
        for i, (c, colour) in enumerate(zip(columns, colours(len(columns)), strict=True)):
            width = [(r.point_row or ())[i] for r in results]
            boxes = [
                [(x, y - 0.4), (x + w, y - 0.4), (x + w, y + 0.4), (x, y + 0.4)]
                for y, (x, w) in enumerate(zip(left, width, strict=True))
                if w > 0
            ]
            ax.add_collection(PolyCollection(boxes, facecolors=colour, edgecolors="none"))
            handles.append(Patch(facecolor=colour, label=_plain(c.label)))
            left = [a + b for a, b in zip(left, width, strict=True)]
        # under the axes, where it covers no bar and no score
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.35 / (0.4 * len(results) + 1.2) - 0.08),
            ncol=min(4, len(columns)),
            fontsize=SMALLEST,
            frameon=False,
        )
    else:
        ax.barh(names, [r.score for r in results], color=PALETTE[0])
    for y, r in enumerate(results):
        ax.text(r.score + 1, y, f"{r.score:.1f}", va="center", fontsize=SMALLEST)
    ax.set_xlim(0, 110)
    ax.set_xlabel("score (0-100)")
    ax.spines[["top", "right"]].set_visible(False)
    text = _svg(fig)
    plt.close(fig)
    return text


def weights_chart(columns: Sequence[Column]) -> str:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(columns) + 1))
    labels = [_plain(c.label) for c in columns][::-1]
    ax.barh(labels, [100 * (c.weight or 0.0) for c in columns][::-1], color=PALETTE[1])
    ax.set_xlabel("weight (%)")
    ax.spines[["top", "right"]].set_visible(False)
    text = _svg(fig)
    plt.close(fig)
    return text


def heatmap(sens: Sensitivity, shown: int) -> str:
    """Each destination's chance of taking each rank (the first ``shown`` of each), over
    every rank any of them takes: a range that reaches 35 is drawn to 35."""
    plt = _pyplot()
    results = sens.results[:shown]
    ranks = max((k for r in results for k in r.distribution), default=1)
    grid = [[r.distribution.get(k, 0.0) for k in range(1, ranks + 1)] for r in results]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(results) + 1.4))
    image = ax.imshow(grid, aspect="auto", cmap="Greens", vmin=0, vmax=1)
    ax.set_yticks(range(len(results)), [_plain(r.name) for r in results])
    # every rank while they fit side by side, else 1 and every fifth
    every = 1 if ranks <= 15 else 5
    ticks = [k for k in range(1, ranks + 1) if k == 1 or k % every == 0]
    ax.set_xticks([k - 1 for k in ticks], [str(k) for k in ticks])
    ax.set_xlabel("rank")
    fig.colorbar(image, ax=ax, label="share of draws")
    text = _svg(fig)
    plt.close(fig)
    return text


def report(view: ReportView, env: Environment | None = None) -> str:
    """The page, as text."""
    import jinja2

    source = (
        resources.files("mlsourcing.render").joinpath("templates/report.html.j2").read_text("utf-8")
    )
    page = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(source)
    ranking, sens, columns = view.ranking, view.sensitivity, view.columns
    labels = {c.key: c.label for c in columns}
    return page.render(
        title=view.title,
        dataset_path=view.dataset,
        digest=view.digest,
        method=method_title(ranking.method),
        policy=ranking.policy.value,
        date=view.date,
        version=view.version,
        command_words=[shlex.quote(word) for word in shlex.split(view.command)],
        ranking_svg=ranking_chart(view),
        weights_svg=weights_chart(columns),
        heatmap_svg=heatmap(sens, SHOWN),
        columns=columns,
        wide=len(columns) > WIDE,
        results=[_row(d.result, columns, view.headroom) for d in view.details],
        team_note=team_note(view.headroom),
        periods="; ".join(f"{c.label}: {period(c.as_of)}" for c in columns if c.as_of),
        hidden=view.hidden,
        ranges=range_note([d.result for d in view.details]),
        screen=screen_note(view.screen, how_to_list=False),
        methods=_methods(view.agreement, view.shown),
        weights_line=weights_line(columns, ranking.method, ranking.policy),
        verdict=verdict_text(sens),
        samples=f"{sens.samples:,}",
        spread=varied_text(sens),
        seed=sens.seed,
        robustness=[
            {
                "name": r.name,
                "p_first": human_percent(r.p_first),
                "range": rank_range(r.rank_p05, r.rank_p95),
                "median": r.rank_median,
            }
            for r in sens.results
        ],
        tipping=[tipping_text(labels[t.criterion], sens.winner.name, t) for t in sens.tipping],
        destinations=[_destination(d, labels) for d in view.details],
        portfolios=_portfolios(view.portfolios),
    )


def _portfolios(view: PortfolioView | None) -> dict[str, Any] | None:
    """The portfolio section, for the template (None: not asked for)."""
    if view is None:
        return None
    return {
        "size": view.analysis.size,
        "rows": [
            {
                "names": " + ".join(p.names),
                "coverage": human_percent(p.coverage),
                "mean": f"{p.mean_best:.1f}",
                "p05": f"{p.p05_best:.1f}",
                "alike": view.alike(p),
            }
            for p in view.results
        ],
        "text": portfolio_text(view),
    }


def _row(r: Result, columns: Sequence[Column], headroom: Headroom | None) -> dict[str, Any]:
    """One row of the ranking table."""
    return {
        "team": human_share(headroom.share(r.slug)) if headroom else "",
        "rank": r.rank,
        "name": r.name,
        "score": r.score,
        "cells": [
            None if v is None else human_estimate(v, c.key in r.ranges)
            for c, v in zip(columns, r.value_row, strict=True)
        ],
    }


def _destination(view: DestinationView, labels: dict[str, str]) -> dict[str, Any]:
    """One destination's details: values, positions, evidence and sources."""
    r = view.result
    return {
        "rank": r.rank,
        "name": r.name,
        "score": r.score,
        "description": view.description,
        "details": [
            {
                "label": d.column.label,
                "value": human_number(d.value)
                + (f" ({human_range(r.ranges[d.column.key])})" if d.column.key in r.ranges else ""),
                "missing": d.missing,
                "position": f"{d.position:.2f}",
                "evidence": d.evidence or "",
                "source": d.source.title if d.source else "",
                "url": d.source.url if d.source and _linkable(d.source.url) else "",
            }
            for d in view.details
        ],
        "missing": ", ".join(labels[k] for k in r.missing),
        "dominated_by": ", ".join(view.dominated_by),
    }


def _linkable(url: str | None) -> bool:
    """A source's address is a link when it is a web address (http or https); any
    other scheme (javascript:, data:, file:) is left out of the page."""
    return url is not None and url.lower().startswith(("https://", "http://"))
