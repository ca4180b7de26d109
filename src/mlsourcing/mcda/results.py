"""A ranking's rows: :class:`Result`, one destination's place, and :class:`Results`,
the rows best first, built only when they are read.

Ranking 10,000 destinations to CSV needs whole columns (ranks, names, scores, each
criterion's values), not 10,000 objects: a :class:`Results` hands out its columns
as they are, and builds its rows (all of them at once, a column at a time) the
first time one is read. A slice (``results[:20]``) is a :class:`Results` too, and
builds only its own rows.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping, Sequence
from itertools import compress, repeat
from typing import NamedTuple, TypeVar, overload

from mlsourcing.mcda.methods.common import kept_points

T = TypeVar("T")


class Result(NamedTuple):
    """One destination's place in a ranking.

    Per criterion (in ``keys`` order) it holds rows of numbers; ``values``,
    ``normalised`` and ``points`` give them as dicts, built when asked for.
    """

    rank: int
    slug: str
    name: str
    score: float
    keys: tuple[str, ...]
    value_row: tuple[float | None, ...]  # as in the file; None where missing
    # How good each value is on [0, 1] (0 for a missing value): wsm, the min-max
    # normalised value; topsis, the position between the anti-ideal (0) and the ideal (1).
    position_row: tuple[float, ...]
    # wsm and promethee only: 100 * w * n per criterion; they add up to the score.
    point_row: tuple[float, ...] | None
    missing: tuple[str, ...]
    # Values the file gives as a range: criterion -> (low, high); value_row holds
    # their point estimates.
    ranges: Mapping[str, tuple[float, float]] = {}

    @property
    def values(self) -> dict[str, float | None]:
        return dict(zip(self.keys, self.value_row, strict=True))

    @property
    def normalised(self) -> dict[str, float]:
        return dict(zip(self.keys, self.position_row, strict=True))

    @property
    def points(self) -> dict[str, float] | None:
        if self.point_row is None:
            return None
        return dict(zip(self.keys, self.point_row, strict=True))


class Table(NamedTuple):
    """Everything a ranking knows, a column per field, in the dataset's order."""

    keys: tuple[str, ...]
    slugs: tuple[str, ...]
    names: tuple[str, ...]
    scores: list[float]
    given: Mapping[str, list[float | None]]  # each criterion's values as in the file
    positions: Mapping[str, list[float]]  # each criterion's positions in [0, 1]
    ranges: list[Mapping[str, tuple[float, float]]]
    weights: Mapping[str, float]  # effective weights, summing to 1
    linear: bool  # whether points (100 * w * position) add up to the score
    # Missing.ignore, linear methods: which values each destination has
    present: Sequence[tuple[bool, ...]] | None


class Results(Sequence[Result]):
    """Rows of a ranking, best first: ``at``, their places in the dataset's order, and
    ``ranks``, their ranks."""

    def __init__(self, table: Table, at: Sequence[int], ranks: Sequence[int]) -> None:
        self.table = table
        self.at = at
        self._ranks = ranks
        self._rows: tuple[Result, ...] | None = None

    def __len__(self) -> int:
        return len(self.at)

    @overload
    def __getitem__(self, index: int) -> Result: ...
    @overload
    def __getitem__(self, index: slice) -> Results: ...
    def __getitem__(self, index: int | slice) -> Result | Results:
        if isinstance(index, slice):
            return Results(self.table, self.at[index], self._ranks[index])
        return self.rows()[index]

    def __iter__(self) -> Iterator[Result]:
        return iter(self.rows())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Results):
            return self.rows() == other.rows()
        return isinstance(other, tuple) and self.rows() == other

    __hash__ = None  # type: ignore[assignment]  # compared by rows, as a list is

    def __repr__(self) -> str:
        return f"Results({list(self.rows())!r})"

    def _pick(self, column: Sequence[T]) -> list[T]:
        """A column of the table, a cell for each of these rows (a pass in C)."""
        return list(map(column.__getitem__, self.at))

    @property
    def ranks(self) -> list[int]:
        return list(self._ranks)

    @property
    def slugs(self) -> list[str]:
        return self._pick(self.table.slugs)

    @property
    def names(self) -> list[str]:
        return self._pick(self.table.names)

    @property
    def scores(self) -> list[float]:
        return self._pick(self.table.scores)

    def values(self, key: str) -> list[float | None]:
        """One criterion's values as in the file, a row each."""
        return self._pick(self.table.given[key])

    def positions(self, key: str) -> list[float]:
        """One criterion's positions in [0, 1], a row each."""
        return self._pick(self.table.positions[key])

    def point_columns(self, positions: list[list[float]] | None = None) -> list[list[float]] | None:
        """Each criterion's points, 100 * w * position, a row each, exactly as the
        scores summed them (over the values present under the ignore policy); None
        for a method whose points do not add up. ``positions``: the rows' positions
        per criterion, when the caller has them."""
        t = self.table
        if not t.linear:
            return None
        if positions is None:
            positions = [self.positions(k) for k in t.keys]
        if t.present is None:
            return [
                list(map(operator.mul, repeat(100 * t.weights[k]), column))
                for k, column in zip(t.keys, positions, strict=True)
            ]
        rows = list(zip(*positions, strict=True)) or [()] * len(self.at)
        kept = [
            kept_points(t.weights, t.keys, row, t.present[i])
            for row, i in zip(rows, self.at, strict=True)
        ]
        return [list(column) for column in zip(*kept, strict=True)] or [[] for _ in t.keys]

    @property
    def ranges(self) -> list[Mapping[str, tuple[float, float]]]:
        return self._pick(self.table.ranges)

    def ranged(self) -> set[str]:
        """The criteria some row gives as a range."""
        return set().union(*(r for r in self.ranges if r))

    def missing(self) -> list[tuple[str, ...]]:
        """Per row, the criteria it has no value for."""
        keys = self.table.keys
        return _missing(keys, [self.values(k) for k in keys], len(self.at))

    def rows(self) -> tuple[Result, ...]:
        """Every row, built once, a column at a time."""
        if self._rows is None:
            self._rows = self._build()
        return self._rows

    def _build(self) -> tuple[Result, ...]:
        t = self.table
        given = [self.values(k) for k in t.keys]
        positions = [self.positions(k) for k in t.keys]
        value_rows = list(zip(*given, strict=True)) or [()] * len(self.at)
        position_rows = list(zip(*positions, strict=True)) or [()] * len(self.at)
        points = self.point_columns(positions)
        point_rows: Sequence[tuple[float, ...] | None] = (
            [None] * len(self.at)
            if points is None
            else list(zip(*points, strict=True)) or [()] * len(self.at)
        )
        return tuple(
            map(
                Result,
                self.ranks,
                self.slugs,
                self.names,
                self.scores,
                repeat(t.keys),
                value_rows,
                position_rows,
                point_rows,
                _missing(t.keys, given, len(self.at)),
                self.ranges,
            )
        )


def _missing(
    keys: Sequence[str], given: Sequence[list[float | None]], count: int
) -> list[tuple[str, ...]]:
    """Per row, the criteria it has no value for, found a criterion at a time."""
    found: dict[int, list[str]] = {}
    for key, column in zip(keys, given, strict=True):
        if None in column:
            for i in compress(range(count), map(operator.is_, column, repeat(None))):
                found.setdefault(i, []).append(key)
    return [tuple(found[i]) if i in found else () for i in range(count)]
