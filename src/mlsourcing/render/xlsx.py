"""Excel workbooks (openpyxl, imported only here): numbers stored as numbers,
text as text (a name like ``=1+1`` or ``0012`` stays the text it is), a frozen
header and column widths to fit on every sheet. The results sheet holds one
table, nothing under it (so filters and pivot tables take it whole); an
``About`` sheet says what it is (dataset, method, weights, settings,
requirements); ``Sources`` gives every value's source and evidence;
sensitivity adds ``Tipping points``, compare ``Gaps``."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlsourcing.mcda.methods import title as method_title
from mlsourcing.render.prose import portfolio_text, verdict_text
from mlsourcing.vocab import Method, Missing

if TYPE_CHECKING:
    from mlsourcing.render.env import Environment
    from mlsourcing.views.listings import CriteriaView
    from mlsourcing.views.portfolio import PortfolioView
    from mlsourcing.views.rankings import (
        Column,
        ComparisonView,
        Provenance,
        RankingView,
        Screen,
        SensitivityView,
    )

Cell = str | int | float | None
WIDEST = 60  # characters: a column never gets wider than this


def _width(values: Sequence[Cell], header: str) -> int:
    """A column's width in characters: its widest cell, within WIDEST."""
    widest = max((len(str(v)) for v in values if v is not None), default=0)
    return min(WIDEST, max(widest, len(header)) + 2)


def _sheet(wb: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """A sheet holding one table from A1: header bold and frozen, text kept as text,
    widths to fit. Written row by row (openpyxl's write-only mode), so a 10,000-row
    workbook costs about what its CSV does, not thirty times as much."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    for c, name in enumerate(header, start=1):
        column = [row[c - 1] for row in rows]
        ws.column_dimensions[get_column_letter(c)].width = _width(column, str(name))
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)
    for row in rows:
        ws.append([_text(ws, v, WriteOnlyCell) if isinstance(v, str) else v for v in row])


def _text(ws: Any, value: str, make: Any) -> Any:
    """A text cell that stays the text it is: never a formula, never a number."""
    cell = make(ws, value=value)
    cell.data_type = "s"
    return cell


def _about(wb: Any, notes: Sequence[tuple[str, Cell]]) -> None:
    """The sheet that says what the results are: dataset, method, weights, settings,
    requirements; a label and a value a row, both columns wide enough to read."""
    _sheet(wb, "About", ["about", "value"], [[label, value] for label, value in notes])


def _settings(dataset: str, method: Method, policy: Missing) -> list[tuple[str, Cell]]:
    """What every result's About sheet says first."""
    return [
        ("dataset", dataset),
        ("method", method_title(method)),
        ("missing values", policy.value),
    ]


def _screen(screen: Screen) -> list[tuple[str, Cell]]:
    """The requirements applied, and each destination they set aside with why."""
    out: list[tuple[str, Cell]] = [("requirement", r) for r in screen.applied]
    out += [(f"set aside: {a.name}", "; ".join(a.reasons)) for a in screen.set_aside]
    return out


def _weights(columns: Sequence[Column]) -> list[tuple[str, Cell]]:
    return [(f"weight: {c.key}", c.weight) for c in columns]


def _sources(wb: Any, sources: Sequence[Provenance]) -> None:
    header = ["slug", "name", "criterion", "value", "source", "title", "url", "date", "evidence"]
    rows = [
        [p.slug, p.name, p.criterion, p.value, p.source, p.title, p.url, p.date, p.note]
        for p in sources
    ]
    _sheet(wb, "Sources", header, rows)


def _save(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _book() -> Any:
    from openpyxl import Workbook

    return Workbook(write_only=True)


def rank(view: RankingView, env: Environment | None = None) -> bytes:
    wb = _book()
    keys = [c.key for c in view.columns]
    ranged = view.ranged  # as in CSV
    header = ["rank", "slug", "name", "score", *keys]
    header += [f"{k}_{end}" for k in ranged for end in ("low", "high")]
    team = view.headroom
    header += ["team_share"] if team else []
    rows: list[list[Cell]] = [
        [
            r.rank,
            r.slug,
            r.name,
            r.score,
            *r.value_row,
            *(x for k in ranged for x in r.ranges.get(k, (None, None))),
            *([team.share(r.slug)] if team else []),
        ]
        for r in view.results
    ]
    _sheet(wb, "Ranking", header, rows)
    _about(
        wb,
        [
            *_settings(view.dataset, view.method, view.policy),
            *_weights(view.columns),
            *_screen(view.screen),
        ],
    )
    _sources(wb, view.sources)
    return _save(wb)


def sensitivity(view: SensitivityView, env: Environment | None = None) -> bytes:
    wb = _book()
    sens = view.analysis
    header = ["rank", "slug", "name", "score", "p_first", "rank_p05", "rank_median", "rank_p95"]
    team = view.headroom
    header += ["team_share"] if team else []
    rows: list[list[Cell]] = [
        [
            *(r.rank, r.slug, r.name, r.score, r.p_first, r.rank_p05, r.rank_median, r.rank_p95),
            *([team.share(r.slug)] if team else []),
        ]
        for r in view.results
    ]
    _sheet(wb, "Sensitivity", header, rows)
    tipping = ["criterion", "weight", "low", "high", "below", "above"]
    _sheet(
        wb,
        "Tipping points",
        tipping,
        [[t.criterion, t.weight, t.low, t.high, t.below, t.above] for t in sens.tipping],
    )
    _about(
        wb,
        [
            *_settings(view.dataset, sens.method, sens.policy),
            ("samples", sens.samples),
            ("seed", sens.seed),
            ("spread", "any" if sens.spread is None else sens.spread),
            ("varied", sens.vary.value),
            ("value spread", sens.value_spread),
            ("verdict", verdict_text(sens)),
            (
                "tipping points",
                "the weight of each criterion (the others keeping their "
                "proportions) within [low, high] keeps the winner first; below and above "
                "name who takes over",
            ),
            *_weights(view.columns),
            *_screen(view.screen),
        ],
    )
    _sources(wb, view.sources)
    return _save(wb)


def compare(view: ComparisonView, env: Environment | None = None) -> bytes:
    wb = _book()
    header = ["criterion", "weight"]
    for r in view.results:
        header += [f"{r.slug} value", f"{r.slug} normalised"]
    rows: list[list[Cell]] = []
    for i, c in enumerate(view.columns):
        row: list[Cell] = [c.key, c.weight]
        for r in view.results:
            row += [r.value_row[i], r.position_row[i]]
        rows.append(row)
    rows.append(["score", None, *(x for r in view.results for x in (r.score, None))])
    _sheet(wb, "Comparison", header, rows)
    keys = [c.key for c in view.columns]
    _sheet(
        wb,
        "Gaps",
        ["from", "to", "score_gap", "by", *keys],
        [
            [
                g.ahead.slug,
                g.behind.slug,
                g.score_gap,
                "points" if g.additive else "position",
                *(g.by_criterion[k] for k in keys),
            ]
            for g in view.gaps
        ],
    )
    _about(wb, [*_settings(view.dataset, view.method, view.policy), *_screen(view.screen)])
    _sources(wb, view.sources)
    return _save(wb)


def criteria(view: CriteriaView, env: Environment | None = None) -> bytes:
    wb = _book()
    header = ["key", "label", "direction", "unit", "scale", "min", "max", "default_weight"]
    header += ["description", "as_of"]
    rows: list[list[Cell]] = [
        [
            c.key,
            c.label,
            c.direction,
            c.unit,
            c.scale,
            c.min,
            c.max,
            c.default_weight,
            c.description,
            c.as_of,
        ]
        for c in view.columns
    ]
    _sheet(wb, "Criteria", header, rows)
    _about(wb, [("dataset", view.dataset)])
    return _save(wb)


def portfolio(view: PortfolioView, env: Environment | None = None) -> bytes:
    wb = _book()
    found = view.analysis
    header, table = view.table()
    rows: list[list[Cell]] = [list(row) for row in table]
    _sheet(wb, "Portfolios", header, rows)
    _about(
        wb,
        [
            *_settings(view.dataset, found.method, found.policy),
            ("size", found.size),
            ("among", ", ".join(found.among)),
            ("samples", found.samples),
            ("seed", found.seed),
            ("what the figures are", portfolio_text(view)),
            *_weights(view.columns),
            *_screen(view.screen),
        ],
    )
    return _save(wb)
