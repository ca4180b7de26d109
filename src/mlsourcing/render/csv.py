"""CSV writers: one header row, plain numbers, "\\n" line ends, cells guarded
against spreadsheet formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from itertools import repeat
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


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """CSV with standard quoting and "\n" line ends. Text cells are guarded here
    against formula injection; numbers are written exactly (5500.0 as 5500);
    None is an empty cell."""
    table: list[Sequence[Any]] = [[safe_cell(h) for h in header]]
    table += ([_cell(c) for c in row] for row in rows)
    return _written(table)


def _written(table: list[Sequence[Any]]) -> str:
    """The rows, cells ready, as CSV text.

    The writer is told the RFC 4180 terminator "\r\n" so that it quotes any field
    holding a lone "\r" as well as "\n"; the terminators then become "\n". When
    no field holds "\r\n" itself (then every "\r\n" is a terminator) that is one
    replace; otherwise rows are written one at a time.
    """
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


class Table:
    """A CSV table built a column at a time, each column one pass over the rows
    (for 10,000 rows that is what keeps a CSV close to the cost of its numbers):
    text guarded, numbers exact or as they are; then rows of their own below."""

    def __init__(self) -> None:
        self.header: list[str] = []
        self.columns: list[Sequence[Cell]] = []
        self.below: list[list[Cell]] = []

    def text(self, name: str, values: Sequence[str | None]) -> None:
        self.header.append(name)
        if None not in values and not any(
            map(str.startswith, values, repeat(FORMULA_INJECTION))  # type: ignore[arg-type]
        ):
            self.columns.append(values)  # nothing to guard: found in one pass in C
        else:
            self.columns.append([v if v is None else safe_cell(v) for v in values])

    def exact(self, name: str, values: Iterable[float | None]) -> None:
        """Numbers written exactly, 5500.0 as 5500 (None: an empty cell)."""
        self.header.append(name)
        self.columns.append(list(map(exact_number, values)))

    def score(self, name: str, values: Sequence[float]) -> None:
        """Scores (0 to 100) as :meth:`exact` writes them, faster: the writer's own repr
        is the same text, but for a whole number (100.0 written as 100)."""
        self.header.append(name)
        self.columns.append([int(x) if x.is_integer() else x for x in values])

    def raw(self, name: str, values: Sequence[Cell]) -> None:
        """Numbers as the file gives them: an integer as typed, a float's shortest repr."""
        self.header.append(name)
        self.columns.append(values)

    def __str__(self) -> str:
        table: list[Sequence[Any]] = [[safe_cell(h) for h in self.header]]
        table += zip(*self.columns, strict=True)
        table += ([_cell(c) for c in row] for row in self.below)
        return _written(table)


def _leading(table: Table, ranks: list[int], slugs: list[str], names: list[str]) -> None:
    """The columns every ranked listing starts with: rank, slug, name."""
    table.raw("rank", ranks)
    table.text("slug", slugs)
    table.text("name", names)


def rank(view: RankingView, env: Environment | None = None) -> str:
    """Criteria in dataset order; values as in the file (an integer stays an integer).
    Read a column at a time from the results, building no row."""
    keys = [c.key for c in view.columns]
    results = view.results
    table = Table()
    slugs = results.slugs
    _leading(table, results.ranks, slugs, results.names)
    table.score("score", results.scores)
    for k in keys:
        table.raw(k, results.values(k))
    if view.explained:
        rows = [r.point_row or () for r in results]
        points = list(zip(*rows, strict=True)) or [()] * len(keys)
        for k, column in zip(keys, points, strict=True):
            table.exact(f"{k}_points", [round(p, DIGITS) for p in column])
    # Columns that appear only when they have something to say, so that old readers
    # keep working: each ranged criterion's low and high, the policy when not the
    # default, and, with requirements, the destinations set aside (rank left empty).
    ranges = results.ranges
    for k in view.ranged:
        lows_highs = [r.get(k, (None, None)) for r in ranges]
        table.exact(f"{k}_low", [lo for lo, _ in lows_highs])
        table.exact(f"{k}_high", [hi for _, hi in lows_highs])
    _tail(table, view.headroom, view.policy, view.screen, slugs)
    return str(table)


def _tail(
    table: Table, headroom: Headroom | None, policy: Missing, screen: Screen, slugs: list[str]
) -> None:
    """The columns a ranked listing ends with, each only when it has something to say:
    with --team, ``team_share`` (the team as a percentage of each pool); the missing
    policy when not the default; with requirements, ``set_aside``, empty for the rows
    ranked, and a row for each destination set aside (slug and name in columns 2 and
    3, the reasons)."""
    if headroom is not None:
        shares = map(headroom.share, slugs)
        table.exact("team_share", [None if s is None else round(s, DIGITS) for s in shares])
    if policy is not Missing.worst:
        table.raw("missing_policy", [policy.value] * len(slugs))
    if screen.applied:
        table.raw("set_aside", [""] * len(slugs))
        width = len(table.header)
        for a in screen.set_aside:
            table.below.append([None, a.slug, a.name, *[None] * (width - 4), "; ".join(a.reasons)])


def sensitivity(view: SensitivityView, env: Environment | None = None) -> str:
    results = view.results
    table = Table()
    slugs = [r.slug for r in results]
    _leading(table, [r.rank for r in results], slugs, [r.name for r in results])
    for name in ("score", "p_first", "rank_p05", "rank_median", "rank_p95"):
        table.exact(name, [getattr(r, name) for r in results])
    _tail(table, view.headroom, view.analysis.policy, view.screen, slugs)
    return str(table)


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
    standings = view.standings
    table = Table()
    table.exact("consensus_rank", [s.consensus for s in standings])
    table.text("slug", [s.slug for s in standings])
    table.text("name", [s.name for s in standings])
    table.exact("borda", [s.borda for s in standings])
    for j, m in enumerate(found.methods):
        table.exact(f"rank_{m.value}", [s.ranks[j] for s in standings])
        table.exact(f"score_{m.value}", [s.scores[j] for s in standings])
    table.exact("best_rank", [s.best for s in standings])
    table.exact("worst_rank", [s.worst for s in standings])
    _tail(table, None, Missing.worst, view.screen, [s.slug for s in standings])
    return str(table)


def portfolio(view: PortfolioView, env: Environment | None = None) -> str:
    header, rows = view.table()
    return to_csv(header, rows)
