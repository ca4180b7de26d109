"""The HTML report's writer: one self-contained page (styles and charts inline) built from
a template (Jinja2, every dataset text escaped) with the charts of
:mod:`~mlsourcing.render.charts` inline. Imported only by the report command: Jinja2
costs nothing elsewhere.
"""

from __future__ import annotations

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
from mlsourcing.render.charts import heat_scale, heatmap, ranking_chart, weights_chart
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
    from mlsourcing.mcda.scoring import Result
    from mlsourcing.render.env import Environment
    from mlsourcing.views.portfolio import PortfolioView
    from mlsourcing.views.rankings import Column, DestinationView, Headroom
    from mlsourcing.views.report import ReportView

WIDE = 8  # criteria: a table of more shows its columns tighter


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
        heat_scale=heat_scale(),
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
