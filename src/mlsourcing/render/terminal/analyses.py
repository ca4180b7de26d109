"""Writers for people at a terminal: the analyses across many rankings, methods and
portfolio (re-exported by :mod:`mlsourcing.render.terminal`, the table's module)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlsourcing.mcda.methods import get as method_of
from mlsourcing.numbers import bar, human_number, human_percent
from mlsourcing.render.listing import Col, left_out_note, table
from mlsourcing.render.prose import (
    agreement_sentences,
    plural,
    portfolio_text,
    rank_span,
    screen_note,
    weights_line,
)

if TYPE_CHECKING:
    from mlsourcing.analysis.agreement import Agreement
    from mlsourcing.render.env import Environment, Shown
    from mlsourcing.views.listings import MethodsView
    from mlsourcing.views.portfolio import PortfolioView


def methods(view: MethodsView, env: Environment) -> Shown:
    width = env.columns()
    found = view.agreement
    shown = view.standings
    cols = [
        Col("#", [str(s.consensus) for s in shown]),
        Col("Destination", [s.name for s in shown], "left", fold=True),
    ]
    for i, m in enumerate(found.methods):
        cols.append(Col(method_of(m).short, [str(s.ranks[i]) for s in shown], key=m.value, keep=-i))
    cols.append(Col("Borda", [human_number(s.borda) for s in shown]))
    cols.append(
        Col(
            "Ranks",
            [rank_span(s) for s in shown],
            styles=["yellow" if s.spread else "" for s in shown],
        )
    )
    caption = weights_line(view.columns, None, found.policy)
    lines, left_out = table(
        cols, width, "Rank under each method, with the consensus (Borda count)", caption
    )
    total = len(found.standings)
    hidden = (
        f"{plural(total - len(shown), 'more destination')} not shown: --all shows every row."
        if len(shown) < total
        else None
    )
    tau_lines, tau_left_out = table(
        _tau_columns(found), width, "Kendall's tau between the rankings"
    )
    return [
        lines,
        left_out_note(left_out, width, "them", "a wider terminal or --format csv"),
        hidden,
        "",
        tau_lines,
        left_out_note(tau_left_out, width, "every tau", "a wider terminal or --format json"),
        " ".join(agreement_sentences(found)),
        screen_note(view.screen),
        "# = consensus rank; Borda = destinations ranked below it, summed over the methods "
        "(a tie counts half); Ranks = its best and worst rank. Formulas: docs/methods.md; "
        "rank by one method: mlsourcing rank --method NAME.",
    ]


def _tau_columns(found: Agreement) -> list[Col]:
    tau = {frozenset((a, b)): t for a, b, t in found.taus}
    cols = [Col("", [method_of(m).short for m in found.methods], "left")]
    for b in found.methods:
        cells = [
            "1" if a == b else f"{tau[frozenset((a, b))]:.2f}".replace("-0.00", "0.00")
            for a in found.methods
        ]
        cols.append(Col(method_of(b).short, cells, key=b.value))
    return cols


def portfolio(view: PortfolioView, env: Environment) -> Shown:
    width = env.columns()
    found = view.analysis
    shown = view.results
    cols = [
        Col("#", [str(i + 1) for i in range(len(shown))]),
        Col("Portfolio", [" + ".join(p.names) for p in shown], "left", fold=True),
        Col("Coverage", [human_percent(p.coverage) for p in shown]),
        Col("", [bar(p.coverage) for p in shown], "left", styles="green", key="", keep=-1),
        Col("Mean best", [f"{p.mean_best:.1f}" for p in shown]),
        Col("5th pct", [f"{p.p05_best:.1f}" for p in shown]),
    ]
    title = f"Portfolios of {found.size}, by how often they hold the winner"
    lines, left_out = table(
        cols, width, title, weights_line(view.columns, found.method, found.policy)
    )
    alike = [f"{' + '.join(p.names)}: {view.alike(p)}" for p in shown if p.alike]
    hidden = len(shown) < view.total
    return [
        lines,
        left_out_note(left_out, width, "them", "a wider terminal or --format csv"),
        f"{plural(view.total - len(shown), 'more portfolio')} not shown: --all shows every "
        "row, --top N the best N."
        if hidden
        else None,
        portfolio_text(view),
        "Alike: " + "\n".join(alike) if alike else None,
        screen_note(view.screen),
    ]
