"""Writers for people at a terminal: tables and the prose around them.

Each returns what to show (see :data:`~mlsourcing.render.env.Shown`): tables
laid out by :mod:`mlsourcing.render.listing` at the terminal's width, and
paragraphs (``str``) that the environment wraps at spaces. Dataset text is
never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from mlsourcing.mcda.methods import get as method_of
from mlsourcing.mcda.methods import title as method_title
from mlsourcing.numbers import (
    apportion,
    bar,
    human_estimate,
    human_number,
    human_percent,
    human_range,
    human_share,
)
from mlsourcing.render.listing import Col, Lines, left_out_note, prose, table
from mlsourcing.render.prose import (
    arrow,
    gap_sentence,
    missing_note,
    period,
    plural,
    range_note,
    rank_range,
    screen_note,
    team_note,
    tipping_text,
    varied_text,
    verdict_text,
    weights_line,
)
from mlsourcing.render.terminal.analyses import methods, portfolio
from mlsourcing.render.terminal.listings import criteria, datasets, diff, profiles
from mlsourcing.render.terminal.weights import stakeholders, weigh
from mlsourcing.vocab import Method
from mlsourcing.vocab import Missing as Policy

if TYPE_CHECKING:
    from mlsourcing.render.env import Environment, Shown
    from mlsourcing.views.rankings import (
        ComparisonView,
        DestinationView,
        Detail,
        Headroom,
        RankingView,
        SensitivityView,
    )


def _hidden(shown: int, total: int) -> str | None:
    if shown >= total:
        return None
    return (
        f"{plural(total - shown, 'more destination')} not shown (the top {shown:,} of "
        f"{total:,}): --all shows every row, --top N the best N, --format csv writes them all."
    )


class _Place(Protocol):
    @property
    def rank(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def score(self) -> float: ...


def _places(rows: Sequence[_Place]) -> list[Col]:
    """The columns that say where each row stands: rank, destination, score."""
    return [
        Col("Rank", [str(r.rank) for r in rows]),
        Col("Destination", [r.name for r in rows], "left", fold=True),
        Col("Score", [f"{r.score:.1f}" for r in rows]),
    ]


def rank(view: RankingView, env: Environment) -> Shown:
    width = env.columns()
    points = view.explained
    results = view.results
    cols = [
        *_places(results),
        Col("", [bar(r.score / 100) for r in results], "left", styles="green", key="", keep=-1),
        *_team_column(view.headroom, [r.slug for r in results]),
    ]
    for i, c in enumerate(view.columns):
        if points:
            shown = [apportion(list(r.point_row or ()), r.score) for r in results]
            cells = [
                f"{s[i]:.1f}" + ("*" if r.value_row[i] is None else "")
                for s, r in zip(shown, results, strict=True)
            ]
            styles: list[str] | str = ""
        else:
            values = [r.value_row[i] for r in results]
            cells = [
                human_estimate(v, c.key in r.ranges) for r, v in zip(results, values, strict=True)
            ]
            styles = ["dim" if v is None else "" for v in values]
        header = f"{c.key} {arrow(c.direction)}" + (" pts" if points else "")
        cols.append(Col(header, cells, styles=styles, key=c.key, keep=c.weight or 0.0))
    lines, left_out = table(
        cols, width, view.title or "Ranking", weights_line(view.columns, view.method, view.policy)
    )
    if points:
        figure = "normalised value" if view.method == Method.wsm else "position"
        hint = f"pts = 100 x weight x {figure}, to one decimal" + (
            " (each row's weights re-normalised over the criteria it has)"
            if view.policy is Policy.ignore
            else ""
        )
        hint += "; a row's points add up"
        hint += " to its score" + (", with those of the columns not shown" if left_out else "")
        hint += "." + (" * = missing value." if view.missing else "")
    elif view.additive:
        hint = "Add --explain for each criterion's points, or see 'mlsourcing show NAME'."
        hint += " ↑ higher is better, ↓ lower is better."
    else:
        meaning = method_of(view.method).position_text
        hint = f"See 'mlsourcing show NAME' for each criterion's {meaning}."
        hint += " ↑ higher is better, ↓ lower is better."
    return [
        lines,
        left_out_note(
            left_out, width, "them", "a wider terminal, --format csv, or 'mlsourcing show NAME'"
        ),
        _hidden(len(results), view.total),
        missing_note(view.missing, view.policy),
        None if points else range_note(results),
        _dominance(view.dominated, {r.slug: r.name for r in results}),
        team_note(view.headroom),
        screen_note(view.screen),
        hint,
    ]


def _dominance(dominated: dict[str, tuple[str, ...]], names: dict[str, str]) -> str | None:
    if not dominated:
        return None
    parts = [f"{names[s]} by {', '.join(by)}" for s, by in dominated.items()]
    return "Dominated (no better anywhere, worse somewhere: wins under no weights): " + (
        "; ".join(parts) + "."
    )


def show(view: DestinationView, env: Environment) -> Shown:
    width = env.columns()
    result = view.result
    head = prose(
        f"{view.name} ({view.slug})  rank {result.rank} of {view.of}, score "
        f"{result.score:.1f} / 100  [{method_title(view.method)}]",
        width,
        "bold",
    )
    lines, _ = table(_criteria_columns(view), width)
    evidence, sources = _evidence(view.details)
    return [
        head,
        view.description or None,
        lines,
        f"Dominated by {', '.join(view.dominated_by)}: no better on any criterion and worse "
        "on one, so it ranks first under no weights at all."
        if view.dominated_by
        else None,
        team_note(view.headroom, [(view.slug, view.name)]),
        "Evidence:\n" + "\n".join(evidence) if evidence else None,
        missing_note(view.missing, view.policy),
        "(low-high) = the value is a range; the score uses the value above it."
        if result.ranges
        else None,
        screen_note(view.screen),
        "Sources:\n" + "\n".join(sources) if sources else None,
    ]


def _team_column(headroom: Headroom | None, slugs: list[str]) -> list[Col]:
    """With --team: the team as a share of each talent pool (kept to the last)."""
    if headroom is None:
        return []
    return [Col("Team/pool", [human_share(headroom.share(s)) for s in slugs], keep=100.0)]


def _criteria_columns(view: DestinationView) -> list[Col]:
    """show's table: one row per criterion, its value, position, weight and points."""
    result, details = view.result, view.details
    points: Sequence[float | None] = (
        apportion([d.points or 0.0 for d in details], result.score)
        if result.point_row is not None
        else [None] * len(details)
    )
    # Under the other methods the [0, 1] figure is a position (the method's position_text).
    scaled = "Normalised" if view.method == Method.wsm else "Position"
    return [
        Col(
            "Criterion",
            [
                f"{d.column.label} {arrow(d.column.direction)}"
                + (f"\n({d.column.unit})" if d.column.unit else "")
                + ("\n(log scale)" if d.column.scale == "log" else "")
                + (f"\n{period(d.column.as_of)}" if d.column.as_of else "")
                for d in details
            ],
            "left",
            fold=True,
        ),
        Col(
            "Value",
            [
                human_number(d.value)
                + (
                    f"\n({human_range(result.ranges[d.column.key])})"
                    if d.column.key in result.ranges
                    else ""
                )
                for d in details
            ],
            styles=["dim" if d.missing else "" for d in details],
        ),
        Col(scaled, [f"{d.position:.2f}" for d in details]),
        Col("Weight", [human_percent(d.weight) for d in details]),
        Col("Points", ["-" if p is None else f"{p:.1f}" for p in points]),
    ]


def _evidence(details: Sequence[Detail]) -> tuple[list[str], list[str]]:
    """The evidence lines under show's table, each citing its source, and the sources."""
    cited = {}
    evidence = []
    for d in details:
        note = d.evidence or ("no evidence recorded" if d.missing else "")
        if d.source:
            note += f" [{d.source.key}]"
            cited[d.source.key] = d.source
        if note:
            evidence.append(f"- {d.column.label}: {note}")
    sources = [
        f"[{key}] {src.title}"
        + (f", {src.date}" if src.date else "")
        + (f": {src.url}" if src.url else "")
        for key, src in cited.items()
    ]
    return evidence, sources


def sensitivity(view: SensitivityView, env: Environment) -> Shown:
    width = env.columns()
    sens = view.analysis
    rs = view.results
    cols = [
        *_places(rs),
        Col("p(first)", [human_percent(r.p_first) for r in rs]),
        Col("", [bar(r.p_first) for r in rs], "left", styles="green", key="", keep=-1),
        Col(
            "Rank range",
            [rank_range(r.rank_p05, r.rank_p95) for r in rs],
            "center",
        ),
        Col("Median", [str(r.rank_median) for r in rs]),
        *_team_column(view.headroom, [r.slug for r in rs]),
    ]
    lines, _ = table(
        cols,
        width,
        f"How robust is the ranking? ({method_title(sens.method)})",
        f"{plural(sens.samples, 'draw')}, {varied_text(sens)}, "
        f"seed {sens.seed}; "
        f"missing values: {sens.policy.value}. Rank range: 5th to 95th percentile of the "
        "draws.",
    )
    labels = {c.key: c.label for c in view.columns}
    tips = [tipping_text(labels[t.criterion], sens.winner.name, t) for t in sens.tipping]
    return [
        lines,
        _hidden(len(rs), view.total),
        prose(verdict_text(sens), width, "bold"),
        "Tipping points (each criterion's weight, the others keeping their proportions):\n"
        + "\n".join(f"- {t}" for t in tips)
        if tips
        else None,
        screen_note(view.screen),
    ]


def compare(view: ComparisonView, env: Environment) -> Shown:
    width = env.columns()
    results = view.results
    wsm = view.additive
    shown_points = [apportion(list(r.point_row or ()), r.score) for r in results]
    cols = [
        Col(
            "Criterion",
            [f"{c.label} {arrow(c.direction)}" for c in view.columns],
            "left",
            fold=True,
        ),
        Col("Weight", [human_percent(c.weight or 0.0) for c in view.columns]),
    ]
    for k, r in enumerate(results):
        cells = []
        for i, c in enumerate(view.columns):
            value = human_estimate(r.value_row[i], c.key in r.ranges)
            cell = f"{value}\nn {r.position_row[i]:.2f}"
            cells.append(cell + (f"\n{shown_points[k][i]:.1f} pts" if wsm else ""))
        # the best two stay; others may be left out at a narrow width
        cols.append(
            Col(
                f"{r.name}\n#{r.rank}, {r.score:.1f}", cells, key=r.slug if k > 1 else None, keep=-k
            )
        )
    if wsm and len(results) > 1:
        diffs = [view.gaps[0].by_criterion[c.key] for c in view.columns]
        head = f"{results[0].name} - {results[1].name}"
        cols.append(
            Col(
                f"{head}\npoints",
                [("+" if d > 0 else "") + human_number(d) for d in diffs],
                styles=["green" if d > 0 else "red" if d < 0 else "" for d in diffs],
                min_width=min(len(head), 16),
            )
        )
    title = f"Comparison ({method_title(view.method)}; missing values: {view.policy.value})"
    lines, left_out = table(cols, width, title)
    sentences = [gap_sentence(view.columns, g) for g in view.gaps]
    return [
        lines,
        left_out_note(left_out, width, "them", "a wider terminal, fewer names, or --format json"),
        "\n".join(sentences) if sentences else None,
        range_note(results),
        team_note(view.headroom, [(r.slug, r.name) for r in results]),
        screen_note(view.screen),
    ]


__all__ = [
    "Lines",
    "compare",
    "criteria",
    "datasets",
    "diff",
    "methods",
    "portfolio",
    "profiles",
    "rank",
    "sensitivity",
    "show",
    "stakeholders",
    "weigh",
]
