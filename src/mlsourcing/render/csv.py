"""CSV writers: one header row, plain numbers, "\\n" line ends, cells guarded
against spreadsheet formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from mlsourcing.render.numbers import exact_number
from mlsourcing.scoring import DIGITS

if TYPE_CHECKING:
    from mlsourcing.render.env import Environment
    from mlsourcing.views import CriteriaView, RankingView, SensitivityView

FORMULA_INJECTION = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None


def safe_cell(text: str) -> str:
    """Guard a text cell against spreadsheet formula injection (OWASP)."""
    return "'" + text if text.startswith(FORMULA_INJECTION) else text


def _cell(value: Cell) -> str | int:
    if isinstance(value, str):
        return safe_cell(value)
    if isinstance(value, int) or value is None:
        return "" if value is None else value
    return exact_number(value)


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """CSV with standard quoting and "\\n" line ends. Text cells are guarded here;
    numbers are written exactly (5500.0 as 5500); None is an empty cell.

    The writer is told the RFC 4180 terminator "\\r\\n" so that it quotes any field
    holding a lone "\\r" as well as "\\n"; the terminators then become "\\n". When
    no field holds "\\r\\n" itself (then every "\\r\\n" is a terminator) that is one
    replace; otherwise rows are written one at a time.
    """
    table: list[list[str | int]] = [[safe_cell(h) for h in header]]
    table += ([_cell(c) for c in row] for row in rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(table)
    text = out.getvalue()
    if text.count("\r\n") == len(table):
        return text.replace("\r\n", "\n")
    lines = []
    for row in table:
        out.seek(0)
        out.truncate()
        writer.writerow(row)
        lines.append(out.getvalue()[:-2])
    return "\n".join(lines) + "\n"


def rank(view: RankingView, env: Environment | None = None) -> str:
    """Criteria in dataset order; values as in the file (an integer stays an integer)."""
    keys = [c.key for c in view.columns]
    header = ["rank", "slug", "name", "score", *keys]
    explain = view.explain
    if explain:
        header += [f"{k}_points" for k in keys]
    rows: list[list[Cell]] = []
    for r in view.results:
        row: list[Cell] = [r.rank, r.slug, r.name, r.score, *r.value_row]
        if explain and r.point_row is not None:
            row += [round(p, DIGITS) for p in r.point_row]
        rows.append(row)
    return to_csv(header, rows)


def sensitivity(view: SensitivityView, env: Environment | None = None) -> str:
    header = ["rank", "slug", "name", "score", "p_first", "rank_p05", "rank_median", "rank_p95"]
    rows: list[list[Cell]] = [
        [r.rank, r.slug, r.name, r.score, r.p_first, r.rank_p05, r.rank_median, r.rank_p95]
        for r in view.results
    ]
    return to_csv(header, rows)


def criteria(view: CriteriaView, env: Environment | None = None) -> str:
    header = ["key", "label", "direction", "unit", "min", "max", "default_weight", "description"]
    rows: list[list[Cell]] = [
        [c.key, c.label, c.direction, c.unit, c.min, c.max, c.default_weight, c.description]
        for c in view.columns
    ]
    return to_csv(header, rows)
