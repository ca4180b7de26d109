"""Excel workbooks (openpyxl, imported only here): numbers stored as numbers,
text as text (a name like ``=1+1`` or ``0012`` stays the text it is), a frozen
header, column widths to fit, the weights and method on the sheet, and a
second sheet with every value's source and evidence."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlsourcing.mcda.methods import title as method_title
from mlsourcing.render.prose import verdict_text
from mlsourcing.vocab import Method, Missing

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from mlsourcing.render.env import Environment
    from mlsourcing.views.listings import CriteriaView
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


def _sheet(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """A table from A1, header frozen, text kept as text, widths to fit."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([None if v is None else v for v in row])
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str):  # never a formula, never a number: as typed
                ws.cell(r, c).data_type = "s"
    ws.freeze_panes = "A2"
    for c, name in enumerate(header, start=1):
        cells = [str(name), *(str(row[c - 1]) for row in rows if row[c - 1] is not None)]
        width = min(WIDEST, max(len(x) for x in cells) + 2)
        ws.column_dimensions[get_column_letter(c)].width = width


def _notes(ws: Worksheet, notes: Sequence[tuple[str, Cell]]) -> None:
    """Label/value rows under the table, after a blank row."""
    ws.append([])
    for label, value in notes:
        ws.append([label, value])
        if isinstance(value, str):
            ws.cell(ws.max_row, 2).data_type = "s"


def _about(dataset: str, method: Method, policy: Missing) -> list[tuple[str, Cell]]:
    """What every result sheet says under its table."""
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
    _sheet(wb.create_sheet("Sources"), header, rows)


def _save(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _book(title: str) -> tuple[Any, Worksheet]:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    return wb, ws


def rank(view: RankingView, env: Environment | None = None) -> bytes:
    wb, ws = _book("Ranking")
    keys = [c.key for c in view.columns]
    ranged = view.ranged  # as in CSV
    header = ["rank", "slug", "name", "score", *keys]
    header += [f"{k}_{end}" for k in ranged for end in ("low", "high")]
    rows: list[list[Cell]] = [
        [
            r.rank,
            r.slug,
            r.name,
            r.score,
            *r.value_row,
            *(x for k in ranged for x in r.ranges.get(k, (None, None))),
        ]
        for r in view.results
    ]
    _sheet(ws, header, rows)
    _notes(
        ws,
        [
            *_about(view.dataset, view.method, view.policy),
            *_weights(view.columns),
            *_screen(view.screen),
        ],
    )
    _sources(wb, view.sources)
    return _save(wb)


def sensitivity(view: SensitivityView, env: Environment | None = None) -> bytes:
    wb, ws = _book("Sensitivity")
    sens = view.analysis
    header = ["rank", "slug", "name", "score", "p_first", "rank_p05", "rank_median", "rank_p95"]
    rows: list[list[Cell]] = [
        [r.rank, r.slug, r.name, r.score, r.p_first, r.rank_p05, r.rank_median, r.rank_p95]
        for r in view.results
    ]
    _sheet(ws, header, rows)
    _notes(
        ws,
        [
            *_about(view.dataset, sens.method, sens.policy),
            ("samples", sens.samples),
            ("seed", sens.seed),
            ("spread", "any" if sens.spread is None else sens.spread),
            ("varied", sens.vary.value),
            ("value spread", sens.value_spread),
            ("verdict", verdict_text(sens)),
            *_weights(view.columns),
            *_screen(view.screen),
        ],
    )
    _sources(wb, view.sources)
    return _save(wb)


def compare(view: ComparisonView, env: Environment | None = None) -> bytes:
    wb, ws = _book("Comparison")
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
    _sheet(ws, header, rows)
    _notes(ws, [*_about(view.dataset, view.method, view.policy), *_screen(view.screen)])
    _sources(wb, view.sources)
    return _save(wb)


def criteria(view: CriteriaView, env: Environment | None = None) -> bytes:
    wb, ws = _book("Criteria")
    header = ["key", "label", "direction", "unit", "scale", "min", "max", "default_weight"]
    header.append("description")
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
        ]
        for c in view.columns
    ]
    _sheet(ws, header, rows)
    _notes(ws, [("dataset", view.dataset)])
    return _save(wb)
