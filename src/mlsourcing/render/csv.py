"""CSV writers: one header row, plain numbers, "\\n" line ends, cells guarded
against spreadsheet formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from mlsourcing.mcda.scoring import DIGITS
from mlsourcing.numbers import exact_number
from mlsourcing.vocab import Missing

if TYPE_CHECKING:
    from mlsourcing.render.env import Environment
    from mlsourcing.views.listings import CriteriaView, DiffView, MethodsView
    from mlsourcing.views.portfolio import PortfolioView
    from mlsourcing.views.rankings import Headroom, RankingView, Screen, SensitivityView

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


def to_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    text: Sequence[int] | None = None,
    *,
    raw: Sequence[int] = (),
) -> str:
    """CSV with standard quoting and "\n" line ends. Text cells are guarded here
    against formula injection; numbers are written exactly (5500.0 as 5500);
    None is an empty cell.

    Fast path for large tables: ``text`` names the columns that hold text (only
    those are guarded) and ``raw`` the number columns written as they are, the
    ``csv`` module's own way (an integer as typed, a float's shortest repr);
    every other cell gets the exact formatting.

    The writer is told the RFC 4180 terminator "\r\n" so that it quotes any field
    holding a lone "\r" as well as "\n"; the terminators then become "\n". When
    no field holds "\r\n" itself (then every "\r\n" is a terminator) that is one
    replace; otherwise rows are written one at a time.
    """
    table: list[list[Any]] = [[safe_cell(h) for h in header]]
    if text is None:
        table += ([_cell(c) for c in row] for row in rows)
    else:
        skip = set(raw) | set(text)
        exact = [i for i in range(len(header)) if i not in skip]
        for row in rows:
            cells = list(row)
            for i in text:
                cell = cells[i]
                if isinstance(cell, str):
                    cells[i] = safe_cell(cell)
            for i in exact:
                cell = cells[i]
                if isinstance(cell, float):
                    cells[i] = exact_number(cell)
            table.append(cells)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(table)
    text_out = out.getvalue()
    if text_out.count("\r\n") == len(table):
        return text_out.replace("\r\n", "\n")
    lines = []
    for cells in table:
        out.seek(0)
        out.truncate()
        writer.writerow(cells)
        lines.append(out.getvalue()[:-2])
    return "\n".join(lines) + "\n"


def rank(view: RankingView, env: Environment | None = None) -> str:
    """Criteria in dataset order; values as in the file (an integer stays an integer)."""
    keys = [c.key for c in view.columns]
    header = ["rank", "slug", "name", "score", *keys]
    explain = view.explained
    if explain:
        header += [f"{k}_points" for k in keys]
    # Columns that appear only when they have something to say, so that old readers
    # keep working: each ranged criterion's low and high, the policy when not the
    # default, and, with requirements, the destinations set aside (rank left empty).
    ranged = view.ranged
    for k in ranged:
        header += [f"{k}_low", f"{k}_high"]
    rows: list[list[Cell]] = []
    for r in view.results:
        row: list[Cell] = [r.rank, r.slug, r.name, exact_number(r.score), *r.value_row]
        if explain and r.point_row is not None:
            row += [exact_number(round(p, DIGITS)) for p in r.point_row]
        for k in ranged:
            row += list(r.ranges.get(k, (None, None)))
        rows.append(row)
    values = range(4, 4 + len(keys))
    _team_share(header, rows, view.headroom, [r.slug for r in view.results])
    if view.policy is not Missing.worst:
        header.append("missing_policy")
        for row in rows:
            row.append(view.policy.value)
    _set_aside(header, rows, view.screen)
    return to_csv(header, rows, text=(1, 2), raw=values)


def _team_share(
    header: list[str], rows: list[list[Cell]], headroom: Headroom | None, slugs: list[str]
) -> None:
    """With --team: a ``team_share`` column, the team as a percentage of each pool."""
    if headroom is None:
        return
    header.append("team_share")
    for row, slug in zip(rows, slugs, strict=True):
        share = headroom.share(slug)
        row.append(None if share is None else round(share, DIGITS))


def _set_aside(header: list[str], rows: list[list[Cell]], screen: Screen) -> None:
    """With requirements: a ``set_aside`` column, empty for the rows ranked, and a row
    for each destination set aside (slug and name in columns 2 and 3, the reasons)."""
    if not screen.applied:
        return
    header.append("set_aside")
    for row in rows:
        row.append("")
    width = len(header)
    for a in screen.set_aside:
        rows.append([None, a.slug, a.name, *[None] * (width - 4), "; ".join(a.reasons)])


def sensitivity(view: SensitivityView, env: Environment | None = None) -> str:
    header = ["rank", "slug", "name", "score", "p_first", "rank_p05", "rank_median", "rank_p95"]
    rows: list[list[Cell]] = [
        [r.rank, r.slug, r.name, r.score, r.p_first, r.rank_p05, r.rank_median, r.rank_p95]
        for r in view.results
    ]
    _team_share(header, rows, view.headroom, [r.slug for r in view.results])
    if view.analysis.policy is not Missing.worst:
        header.append("missing_policy")
        for row in rows:
            row.append(view.analysis.policy.value)
    _set_aside(header, rows, view.screen)
    return to_csv(header, rows, text=(1, 2))


def criteria(view: CriteriaView, env: Environment | None = None) -> str:
    header = ["key", "label", "direction", "unit", "min", "max", "default_weight", "description"]
    header += ["scale", "as_of"]
    rows: list[list[Cell]] = [
        [
            c.key,
            c.label,
            c.direction,
            c.unit,
            c.min,
            c.max,
            c.default_weight,
            c.description,
            c.scale,
            c.as_of,
        ]
        for c in view.columns
    ]
    return to_csv(header, rows)


def diff(view: DiffView, env: Environment | None = None) -> str:
    header = ["slug", "name", "status", "old_rank", "new_rank", "rank_change"]
    header += ["old_score", "new_score", "score_change", "values_changed"]
    rows: list[list[Cell]] = [
        [
            c.slug,
            c.name,
            c.status,
            c.old_rank,
            c.new_rank,
            c.moved,
            c.old_score,
            c.new_score,
            c.score_change,
            "; ".join(
                f"{v.criterion}: {exact_number(v.old) or 'missing'} -> "
                f"{exact_number(v.new) or 'missing'}"
                for v in c.values
            ),
        ]
        for c in view.changes
    ]
    return to_csv(header, rows)


def methods(view: MethodsView, env: Environment | None = None) -> str:
    """One row per destination: the consensus, then each method's rank and score."""
    found = view.agreement
    header = ["consensus_rank", "slug", "name", "borda"]
    for m in found.methods:
        header += [f"rank_{m.value}", f"score_{m.value}"]
    header += ["best_rank", "worst_rank"]
    rows: list[list[Cell]] = []
    for s in view.standings:
        row: list[Cell] = [s.consensus, s.slug, s.name, s.borda]
        for r, score in zip(s.ranks, s.scores, strict=True):
            row += [r, score]
        rows.append([*row, s.best, s.worst])
    _set_aside(header, rows, view.screen)
    return to_csv(header, rows, text=(1, 2))


def portfolio(view: PortfolioView, env: Environment | None = None) -> str:
    header, rows = view.table()
    return to_csv(header, rows, text=(1, 2, 6))
