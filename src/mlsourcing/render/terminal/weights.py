"""Writers for people at a terminal, about weights: weigh and stakeholders
(re-exported by :mod:`mlsourcing.render.terminal`, the table's module)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlsourcing.numbers import bar, human_percent
from mlsourcing.render.listing import Col, Lines, left_out_note, prose, table, verbatim
from mlsourcing.render.prose import screen_note

if TYPE_CHECKING:
    from mlsourcing.render.env import Environment, Shown
    from mlsourcing.views.listings import StakeholdersView, WeighView


def weigh(view: WeighView, env: Environment) -> Shown:
    keys = list(view.weights)
    cols = [
        Col("Criterion", [f"{view.labels[k]} ({k})" for k in keys], "left", fold=True),
        Col("Weight", [human_percent(view.weights[k]) for k in keys]),
        Col(
            "",
            [bar(view.weights[k] / max(view.weights.values())) for k in keys],
            "left",
            styles="green",
            key="",
            keep=-1,
        ),
    ]
    methods = {"rank-order": "rank-order centroid", "swing": "swing", "ahp": "AHP eigenvector"}
    lines, _ = table(cols, env.columns(), f"Weights ({methods[view.method]})")
    notes: list[str | Lines | None] = [lines]
    if view.consistency_ratio is not None:
        ok, limit = view.consistent, f"{view.threshold:.2f}"
        text = f"Consistency ratio {view.consistency_ratio:.2f}: " + (
            f"consistent ({limit} or less)."
            if ok
            else f"above {limit}, the judgements contradict each other. Reconsider these first:"
        )
        if not ok:
            text += "".join(
                f"\n- {a}:{b} judged {_ratio(judged)}, the weights imply {_ratio(implied)}"
                for (a, b), judged, implied in view.worst
            )
        notes.append(prose(text, env.columns(), "" if ok else "bold"))
    notes.append(verbatim(f"As --weights: {view.spec}"))
    if view.saved:
        notes.append(f"Saved as {view.saved}.")
    return notes


def stakeholders(view: StakeholdersView, env: Environment) -> Shown:
    width = env.columns()
    g = view.group
    rows = [*g.members, None]  # None: the group's row
    names = {m.key: m.name for m in g.members}
    cols = [
        Col("Stakeholder", [m.name if m else f"Group ({g.how})" for m in rows], "left", fold=True),
        Col("Role", [m.role if m else "" for m in rows], "left", fold=True),
        Col("Top choice", [m.top_name if m else g.top_name for m in rows], "left", fold=True),
    ]
    for c in view.columns:
        most = max(m.weights[c.key] for m in g.members)
        cells = [human_percent((m.weights if m else g.weights)[c.key]) for m in rows]
        cols.append(Col(c.key, cells, key=c.key, keep=most))
    lines, left_out = table(cols, width, f"Stakeholders of {view.dataset}")
    text = (
        f"Agreement: Kendall's W {g.concordance:.2f} ({g.agreement}; 1 = the same ranking "
        "from everyone's weights, 0 = no agreement)."
    )
    if g.pairs:
        a, b, tau = g.pairs[0]
        text += f" Least agreement: {names[a]} and {names[b]} (Kendall's tau {tau:.2f})."
    ratios = [
        f"{m.name} {m.consistency_ratio:.2f}" for m in g.members if m.consistency_ratio is not None
    ]
    doubtful = [m.name for m in g.members if not m.consistent]
    consistency = None
    if ratios:
        consistency = f"Consistency ratio of pairwise judgements: {', '.join(ratios)}" + (
            f". Above {view.threshold:.2f}, they contradict each other: {', '.join(doubtful)}; "
            "their weights are doubtful (mlsourcing weigh --pairwise shows which judgements)."
            if doubtful
            else f" (all {view.threshold:.2f} or less: consistent)."
        )
    return [
        lines,
        left_out_note(left_out, width, "every weight", "a wider terminal or --format json"),
        text,
        prose(consistency, width, "bold" if doubtful else "") if consistency else None,
        screen_note(view.screen),
        "Rank with the group's weights: --stakeholders (--aggregate geometric for the "
        "geometric mean); see how likely each destination is to win given the "
        "disagreement: mlsourcing sensitivity --stakeholders.",
    ]


def _ratio(x: float) -> str:
    """A judgement as people write it: 3, 2.5, 1/2, 1/3 (not 1/2.00)."""
    shown = f"{x:.2f}" if x >= 1 else f"1/{1 / x:.2f}"
    return shown.replace(".00", "")
