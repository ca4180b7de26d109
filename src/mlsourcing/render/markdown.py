"""Markdown writers: GitHub pipe tables for reports and pull requests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from mlsourcing.mcda.methods import title as method_title
from mlsourcing.numbers import apportion, human_estimate, human_number, human_percent, human_share
from mlsourcing.render.prose import (
    missing_note,
    portfolio_text,
    range_note,
    rank_span,
    screen_note,
    taus_text,
    team_note,
    weights_line,
)

if TYPE_CHECKING:
    from mlsourcing.render.env import Environment
    from mlsourcing.views.listings import MethodsView
    from mlsourcing.views.portfolio import PortfolioView
    from mlsourcing.views.rankings import RankingView


def md_cell(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(header: Sequence[str], rows: Iterable[Sequence[str]], align: str) -> str:
    """A GitHub pipe table; ``align`` has one of 'l'/'r' per column."""
    lines = ["| " + " | ".join(md_cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---:" if a == "r" else ":---" for a in align) + "|")
    lines.extend("| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def rank(view: RankingView, env: Environment | None = None) -> str:
    team = view.headroom
    header = ["Rank", "Destination", "Score", *(["Team/pool"] if team else [])]
    header += [c.title for c in view.columns]
    rows = []
    for r in view.results:
        cells = [
            human_estimate(v, c.key in r.ranges)
            for c, v in zip(view.columns, r.value_row, strict=True)
        ]
        if view.explained and r.point_row is not None:
            pts = zip(cells, apportion(list(r.point_row), r.score), strict=True)
            cells = [f"{cell} ({p:.1f} pts)" for cell, p in pts]
        share = [human_share(team.share(r.slug))] if team else []
        rows.append([str(r.rank), r.name, f"{r.score:.1f}", *share, *cells])
    text = to_markdown(header, rows, "rlr" + "r" * (len(header) - 3))
    text += "\n" + weights_line(view.columns, view.method, view.policy) + ".\n"
    notes = [
        team_note(view.headroom),
        missing_note(view.missing, view.policy),
        range_note(view.results),
        screen_note(view.screen),
    ]
    return text + "".join(f"\n{note}\n" for note in notes if note)


def methods(view: MethodsView, env: Environment | None = None) -> str:
    found = view.agreement
    header = ["#", "Destination", *(method_title(m) for m in found.methods), "Borda", "Ranks"]
    rows = [
        [
            str(s.consensus),
            s.name,
            *(str(r) for r in s.ranks),
            human_number(s.borda),
            rank_span(s),
        ]
        for s in view.standings
    ]
    text = to_markdown(header, rows, "rl" + "r" * (len(found.methods) + 2))
    text += "\n" + weights_line(view.columns, None, found.policy) + ".\n"
    taus = taus_text(found)
    text += f"\nKendall's tau: {taus}.\n" if taus else ""
    note = screen_note(view.screen)
    return text + (f"\n{note}\n" if note else "")


def portfolio(view: PortfolioView, env: Environment | None = None) -> str:
    header = ["#", "Portfolio", "Coverage", "Mean best", "5th pct", "Alike"]
    rows = [
        [
            str(i + 1),
            " + ".join(p.names),
            human_percent(p.coverage),
            f"{p.mean_best:.1f}",
            f"{p.p05_best:.1f}",
            view.alike(p),
        ]
        for i, p in enumerate(view.results)
    ]
    return to_markdown(header, rows, "rlrrrl") + "\n" + portfolio_text(view) + "\n"
