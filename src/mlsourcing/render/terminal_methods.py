"""Writer for people at a terminal: the methods command (re-exported by
:mod:`mlsourcing.render.terminal`, the table's module)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlsourcing.render.listing import Col, left_out_note, table
from mlsourcing.render.numbers import human_number
from mlsourcing.render.prose import plural, screen_note, weights_line
from mlsourcing.vocab import METHOD_TITLES, Method

if TYPE_CHECKING:
    from mlsourcing.agreement import Agreement
    from mlsourcing.render.env import Environment, Shown
    from mlsourcing.views_extra import MethodsView

SHORT = {
    Method.wsm: "WSM",
    Method.topsis: "TOPSIS",
    Method.wpm: "WPM",
    Method.vikor: "VIKOR",
    Method.promethee: "PROMETHEE",
}


def methods(view: MethodsView, env: Environment) -> Shown:
    width = env.columns()
    found = view.agreement
    shown = view.standings
    cols = [
        Col("#", [str(s.consensus) for s in shown]),
        Col("Destination", [s.name for s in shown], "left", fold=True),
    ]
    for i, m in enumerate(found.methods):
        cols.append(Col(SHORT[m], [str(s.ranks[i]) for s in shown], key=m.value, keep=-i))
    cols.append(Col("Borda", [human_number(s.borda) for s in shown]))
    cols.append(
        Col(
            "Ranks",
            [str(s.best) if not s.spread else f"{s.best}-{s.worst}" for s in shown],
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
    tau_lines, _ = table(_tau_columns(found), width, "Kendall's tau between the rankings")
    return [
        lines,
        left_out_note(left_out, width, "them", "a wider terminal or --format csv"),
        hidden,
        "",
        tau_lines,
        " ".join(_sentences(found)),
        screen_note(view.screen),
        "# = consensus rank; Borda = destinations ranked below it, summed over the methods "
        "(a tie counts half); Ranks = its best and worst rank. Formulas: docs/methods.md; "
        "rank by one method: mlsourcing rank --method NAME.",
    ]


def _tau_columns(found: Agreement) -> list[Col]:
    tau = {frozenset((a, b)): t for a, b, t in found.taus}
    cols = [Col("", [SHORT[m] for m in found.methods], "left")]
    for b in found.methods:
        cells = [
            "1" if a is b else f"{tau[frozenset((a, b))]:.2f}".replace("-0.00", "0.00")
            for a in found.methods
        ]
        cols.append(Col(SHORT[b], cells, key=b.value))
    return cols


def _sentences(found: Agreement) -> list[str]:
    winners = found.winners
    firsts = set(winners.values())
    out = []
    if len(firsts) == 1:
        out.append(f"Every method ranks {' and '.join(next(iter(firsts)))} first.")
    else:
        by: dict[tuple[str, ...], list[str]] = {}
        for m, names in winners.items():
            by.setdefault(names, []).append(METHOD_TITLES[m])
        picks = "; ".join(f"{' and '.join(n)} ({', '.join(ms)})" for n, ms in by.items())
        out.append(f"The methods disagree on first place: {picks}.")
    leaders = [s.name for s in found.standings if s.consensus == 1]
    out.append(
        f"Consensus over {plural(len(found.methods), 'method')}: {' and '.join(leaders)} first."
    )
    if found.dependent:
        moved = ", ".join(f"{s.name} (ranks {s.best}-{s.worst})" for s in found.dependent)
        out.append(f"Rank depends most on the method: {moved}.")
    else:
        out.append("Every destination has the same rank under every method.")
    pair = found.least_agreeing
    if pair is not None and pair[2] < 1:
        a, b, t = pair
        out.append(f"Least alike: {METHOD_TITLES[a]} and {METHOD_TITLES[b]} (tau {t:.2f}).")
    out += [f"Left out: {METHOD_TITLES[m]}: {why}." for m, why in found.skipped]
    return out
