"""Writers for people at a terminal: the commands that list (profiles, criteria,
datasets) and compare versions (diff); re-exported by
:mod:`mlsourcing.render.terminal`, the table's module."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlsourcing.numbers import (
    human_number,
    human_percent,
)
from mlsourcing.render.listing import Col, left_out_note, table
from mlsourcing.render.prose import (
    period,
    plural,
    weights_line,
)

if TYPE_CHECKING:
    from mlsourcing.analysis.diff import Change
    from mlsourcing.render.env import Environment, Shown
    from mlsourcing.views.listings import CriteriaView, DatasetsView, DiffView, ProfilesView


def criteria(view: CriteriaView, env: Environment) -> Shown:
    cs = view.columns
    cols = [
        Col("Key", [c.key for c in cs], "left"),  # typed in --weights: never split
        Col("Label", [c.label for c in cs], "left", fold=True),
        Col("Direction", [c.direction for c in cs], "left"),
        Col("Unit", [c.unit for c in cs], "left", fold=True),
        Col("Min", [human_number(c.min, "-") for c in cs]),
        Col("Max", [human_number(c.max, "-") for c in cs]),
        Col("Weight", [human_number(c.default_weight) for c in cs]),
    ]
    if any(c.scale != "linear" for c in cs):
        cols.append(Col("Scale", [c.scale for c in cs], "left"))
    lines, _ = table(cols, env.columns(), f"Criteria of {view.dataset}")
    described = [
        f"{c.key}{f' ({period(c.as_of)})' if c.as_of else ''}: {c.description}"
        for c in cs
        if c.description or c.as_of
    ]
    return [lines, "\n".join(described) if described else None]


def profiles(view: ProfilesView, env: Environment) -> Shown:
    if not view.profiles:
        return [f"{view.dataset} defines no profiles."]
    width = env.columns()
    ps = view.profiles
    cols = [Col("Profile", [p.name for p in ps], "left", fold=True)]
    for c in view.columns:
        most = max(p.effective[c.key] for p in ps)
        cols.append(
            Col(c.key, [human_percent(p.effective[c.key]) for p in ps], key=c.key, keep=most)
        )
    lines, left_out = table(cols, width, f"Weight profiles of {view.dataset}")
    described = [f"{p.name}: {p.description}" for p in ps if p.description]
    described += [f"{p.name} requires {', '.join(p.requirements)}." for p in ps if p.requirements]
    return [
        lines,
        left_out_note(left_out, width, "every weight", "a wider terminal or --format json"),
        "\n".join(described) if described else None,
        "Use one with --profile NAME; --weights on top of it override its weights.",
    ]


def datasets(view: DatasetsView, env: Environment) -> Shown:
    rows = view.rows
    cols = [
        Col("Name", [r.name for r in rows], "left"),
        Col("Title", [r.title for r in rows], "left", fold=True),
        Col("Destinations", [f"{r.destinations:,}" for r in rows]),
        Col("Criteria", [str(r.criteria) for r in rows]),
        Col("As of", [r.as_of or "undated" for r in rows], "left"),
        Col("Figures from", [r.figures or "undated" for r in rows], "left"),
    ]
    lines, _ = table(cols, env.columns(), "Bundled datasets")
    sources = [f"{r.name}: " + "; ".join(r.sources) for r in rows if r.sources]
    return [
        lines,
        "Sources:\n" + "\n".join(sources) if sources else None,
        "Use one with --data NAME (or MLSOURCING_DATA=NAME); a file of that name wins.",
    ]


def diff(view: DiffView, env: Environment) -> Shown:
    width = env.columns()
    cs = view.changes
    labels = {c.key: c for c in view.columns}

    def move(c: Change) -> str:
        if c.moved is None:
            return c.status
        return "=" if c.moved == 0 else (f"↑{c.moved}" if c.moved > 0 else f"↓{-c.moved}")

    def changed(c: Change) -> str:
        return "; ".join(
            f"{v.criterion} {human_number(v.old, 'missing')} → {human_number(v.new, 'missing')}"
            for v in c.values
        )

    cols = [
        Col("Rank", ["-" if c.new_rank is None else str(c.new_rank) for c in cs]),
        Col("Destination", [c.name for c in cs], "left", fold=True),
        Col("Score", ["-" if c.new_score is None else f"{c.new_score:.1f}" for c in cs]),
        Col("Was", ["-" if c.old_rank is None else str(c.old_rank) for c in cs]),
        Col(
            "Move",
            [move(c) for c in cs],
            styles=[
                "green" if (c.moved or 0) > 0 else "red" if (c.moved or 0) < 0 else "" for c in cs
            ],
        ),
        Col(
            "Score change",
            [
                "-"
                if c.score_change is None
                else ("+" if c.score_change > 0 else "") + f"{c.score_change:.1f}"
                for c in cs
            ],
        ),
        Col("Values changed", [changed(c) for c in cs], "left", fold=True, min_width=20),
    ]
    title = f"From {view.old} to {view.new}"
    caption = weights_line(list(labels.values()), view.method, view.policy)
    lines, _ = table(cols, width, title, caption)
    moved = sum(1 for c in cs if c.moved)
    summary = (
        f"{plural(moved, 'destination')} moved, {sum(1 for c in cs if c.status == 'new')} new, "
        f"{sum(1 for c in cs if c.status == 'gone')} gone; "
        f"{plural(sum(1 for c in cs if c.values), 'destination')} with changed values."
    )
    return [lines, summary]
