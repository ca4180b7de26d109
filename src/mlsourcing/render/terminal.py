"""Writers for people at a terminal: Rich tables and the prose around them.

Each returns what to show (see :data:`~mlsourcing.render.env.Shown`); the
:class:`~mlsourcing.render.env.Environment` prints it. Rich is imported only
here, inside the writers. Every dataset text reaches Rich as a ``Text``, so a
name like ``[bold]x[/bold]`` prints as typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlsourcing.render.numbers import apportion, bar, human_number, human_percent
from mlsourcing.render.prose import (
    arrow,
    gap_sentence,
    missing_note,
    spread_text,
    tipping_text,
    verdict_text,
    weights_line,
)
from mlsourcing.scoring import DIGITS
from mlsourcing.vocab import METHOD_TITLES, Method

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from mlsourcing.render.env import Environment, Shown
    from mlsourcing.views import (
        ComparisonView,
        CriteriaView,
        DestinationView,
        ProfilesView,
        RankingView,
        SensitivityView,
    )


def _text(value: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(value, style=style)


def _listing(title: str, caption: str | None = None) -> Table:
    """The borderless table that ranked listings use."""
    from rich import box
    from rich.table import Table

    return Table(
        title=_text(title),
        caption=None if caption is None else _text(caption),
        title_justify="left",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )


def rank(view: RankingView, env: Environment) -> Shown:
    from rich.measure import Measurement

    points = view.explain and view.method is Method.wsm

    def build(with_bar: bool) -> Table:
        table = _listing(view.title or "Ranking", weights_line(view.columns, view.method))
        table.add_column("Rank", justify="right")
        table.add_column("Destination", overflow="fold", min_width=11)
        table.add_column("Score", justify="right")
        if with_bar:
            table.add_column("", no_wrap=True)
        for c in view.columns:
            # Headed by the key users type in --weights; the caption gives the labels.
            heading = f"{c.key} {arrow(c.direction)}" + (" pts" if points else "")
            table.add_column(_text(heading), justify="right", overflow="fold")
        for r in view.results:
            cells: list[RenderableType] = [str(r.rank), _text(r.name), f"{r.score:.1f}"]
            if with_bar:
                cells.append(_text(bar(r.score / 100), "green"))
            if points and r.point_row is not None:
                shown = apportion(list(r.point_row), r.score)  # adds up to the score shown
                cells += [
                    _text(f"{p:.1f}" + ("*" if v is None else ""))
                    for v, p in zip(r.value_row, shown, strict=True)
                ]
            else:
                cells += [_text(human_number(v), "dim" if v is None else "") for v in r.value_row]
            table.add_row(*cells)
        return table

    console = env.console()
    table = build(with_bar=True)
    if (
        Measurement.get(console, console.options.update_width(10_000), table).maximum
        > console.width
    ):
        table = build(with_bar=False)  # a narrow terminal: the numbers matter more
    if points:
        hint = "pts = 100 x weight x normalised value, to one decimal; a row's points add up"
        hint += " to its score."
        hint += " * = missing value." if view.missing else ""
    elif view.method is Method.wsm:
        hint = "Add --explain for each criterion's points, or see 'mlsourcing show NAME'."
        hint += " ↑ higher is better, ↓ lower is better."
    else:
        hint = "See 'mlsourcing show NAME' for each criterion's position between the"
        hint += " anti-ideal (0) and the ideal (1). ↑ higher is better, ↓ lower is better."
    return [table, missing_note(view.missing), hint]


def criteria(view: CriteriaView, env: Environment) -> Shown:
    from rich.table import Table

    table = Table(title=_text(f"Criteria of {view.dataset}"), title_justify="left")
    for name in ("Key", "Label", "Direction", "Unit", "Min", "Max", "Weight"):
        numeric = name in ("Min", "Max", "Weight")
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for c in view.columns:
        table.add_row(
            *(_text(v) for v in (c.key, c.label, c.direction, c.unit)),
            human_number(c.min, "-"),
            human_number(c.max, "-"),
            human_number(c.default_weight),
        )
    described = [f"{c.key}: {c.description}" for c in view.columns if c.description]
    return [table, "\n".join(described) if described else None]


def show(view: DestinationView, env: Environment) -> Shown:
    from rich.table import Table

    result = view.result
    head = _text(f"{view.name} ", "bold")
    head.append(f"({view.slug})  rank {result.rank} of {view.of}, score {result.score:.1f} / 100")
    head.append(f"  [{METHOD_TITLES[view.method]}]", "dim")
    table = Table(show_lines=True, expand=True)
    # Under TOPSIS the [0, 1] figure is the position between anti-ideal and ideal.
    scaled = "Normalised" if view.method is Method.wsm else "Position"
    for name in ("Criterion", "Value", scaled, "Weight", "Points"):
        table.add_column(
            name, justify="left" if name == "Criterion" else "right", no_wrap=name != "Criterion"
        )
    table.add_column("Evidence [source]", ratio=1, min_width=30)
    cited = {}
    points = (
        apportion([d.points or 0.0 for d in view.details], result.score)
        if result.point_row is not None
        else [None] * len(view.details)
    )
    for d, shown_points in zip(view.details, points, strict=True):
        criterion = _text(f"{d.column.label} {arrow(d.column.direction)}")
        if d.column.unit:
            criterion.append(f"\n{d.column.unit}", "dim")
        evidence = _text(d.evidence or ("no evidence recorded" if d.missing else ""))
        if d.source:
            evidence.append(f" [{d.source.key}]", "cyan")
            cited[d.source.key] = d.source
        table.add_row(
            criterion,
            _text(human_number(d.value), "dim" if d.missing else ""),
            f"{d.position:.2f}",
            human_percent(d.column.weight or 0.0),
            "-" if shown_points is None else f"{shown_points:.1f}",
            evidence,
        )
    sources = [
        f"[{key}] {src.title}"
        + (f", {src.date}" if src.date else "")
        + (f": {src.url}" if src.url else "")
        for key, src in cited.items()
    ]
    return [
        head,
        _text(view.description) if view.description else None,
        table,
        missing_note(view.missing),
        "Sources:\n" + "\n".join(sources) if sources else None,
    ]


def sensitivity(view: SensitivityView, env: Environment) -> Shown:
    sens = view.analysis
    table = _listing(
        f"How robust is the ranking? ({METHOD_TITLES[sens.method]})",
        f"{sens.samples:,} draws, {spread_text(sens.spread)}, seed {sens.seed}. "
        "Rank range: 5th to 95th percentile of the draws.",
    )
    for name, justify in (("Rank", "right"), ("Destination", "left"), ("Score", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("p(first)", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("Rank range", justify="center")
    table.add_column("Median", justify="right")
    for r in view.results:
        interval = str(r.rank_p05) if r.rank_p05 == r.rank_p95 else f"{r.rank_p05} to {r.rank_p95}"
        table.add_row(
            str(r.rank),
            _text(r.name),
            f"{r.score:.1f}",
            human_percent(r.p_first),
            _text(bar(r.p_first), "green"),
            interval,
            str(r.rank_median),
        )
    labels = {c.key: c.label for c in view.columns}
    names = {r.slug: r.name for r in sens.results}
    tips = [tipping_text(labels[t.criterion], sens.winner.name, names, t) for t in sens.tipping]
    return [
        table,
        _text(verdict_text(sens), "bold"),
        "Tipping points (each criterion's weight, the others keeping their proportions):\n"
        + "\n".join(f"- {t}" for t in tips)
        if tips
        else None,
    ]


def compare(view: ComparisonView, env: Environment) -> Shown:
    from rich.table import Table

    results = view.results
    wsm = view.method is Method.wsm
    table = Table(title=_text(f"Comparison ({METHOD_TITLES[view.method]})"), title_justify="left")
    table.add_column("Criterion")
    table.add_column("Weight", justify="right")
    for r in results:
        table.add_column(_text(f"{r.name}\n#{r.rank}, {r.score:.1f}"), justify="right")
    if wsm and len(results) > 1:
        table.add_column(_text(f"{results[0].name} - {results[1].name}\npoints"), justify="right")
    shown_points = {
        r.slug: apportion(list(r.point_row), r.score) for r in results if r.point_row is not None
    }
    for i, c in enumerate(view.columns):
        row: list[RenderableType] = [
            _text(f"{c.label} {arrow(c.direction)}"),
            human_percent(c.weight or 0.0),
        ]
        for r in results:
            value = r.value_row[i]
            cell = _text(human_number(value), "dim" if value is None else "")
            cell.append(f"\nn {round(r.position_row[i], DIGITS):.2f}", "dim")
            if wsm and r.slug in shown_points:
                cell.append(f"\n{shown_points[r.slug][i]:.1f} pts")
            row.append(cell)
        if wsm and len(results) > 1:
            diff = view.gaps[0].by_criterion[c.key]
            row.append(
                _text(
                    ("+" if diff > 0 else "") + human_number(diff),
                    "green" if diff > 0 else "red" if diff < 0 else "",
                )
            )
        table.add_row(*row)
    sentences = [gap_sentence(view.columns, g) for g in view.gaps]
    return [table, "\n".join(sentences) if sentences else None]


def profiles(view: ProfilesView, env: Environment) -> Shown:
    from rich.table import Table

    if not view.profiles:
        return [f"{view.dataset} defines no profiles."]
    table = Table(title=_text(f"Weight profiles of {view.dataset}"), title_justify="left")
    table.add_column("Profile")
    for c in view.columns:
        table.add_column(_text(c.key), justify="right")
    table.add_column("Description", ratio=1, min_width=24)
    for p in view.profiles:
        table.add_row(
            _text(p.name),
            *(human_percent(p.effective[c.key]) for c in view.columns),
            _text(p.description),
        )
    return [table, "Use one with --profile NAME; --weights on top of it override its weights."]
