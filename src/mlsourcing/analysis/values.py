"""Values drawn within their uncertainty, for a sensitivity analysis that varies them.

A value given as a range is drawn uniformly between its low and high; with a
value spread s (0 <= s < 1) every other value present is multiplied by a factor
uniform on [1 - s, 1 + s] and kept within its criterion's fixed bounds. A
missing value stays missing. Each draw is normalised afresh (bounds taken from
the data move with it) and scored under its own weights.
"""

from __future__ import annotations

import numpy as np
from numpy.random import PCG64, Generator

from mlsourcing.data.dataset import Dataset
from mlsourcing.errors import InputError
from mlsourcing.mcda import methods
from mlsourcing.mcda.batch import Floats, batch_scores
from mlsourcing.mcda.normalise import filled_matrix
from mlsourcing.mcda.scoring import Model, prepare
from mlsourcing.parallel import processors, threads
from mlsourcing.vocab import Method, Missing

THREADED_FROM = 50_000  # values a draw: below, a thread costs more than it saves


def check_value_spread(value_spread: float) -> None:
    if not 0 <= value_spread < 1:  # also NaN
        raise InputError(
            "value-spread",
            "must be at least 0 and below 1 (each value moves by up to +/-100 x spread %), "
            f"not {value_spread:g}",
        )


class ValueDraws:
    """A dataset's values as arrays, ready to be drawn again and again."""

    def __init__(
        self,
        dataset: Dataset,
        method: Method,
        missing: Missing,
        value_spread: float = 0.0,
        model: Model | None = None,
    ) -> None:
        """``model``: the dataset already prepared for ``method`` and ``missing``, when
        the caller has it (names, slugs, which values exist)."""
        check_value_spread(value_spread)
        self.dataset, self.method, self.missing = dataset, method, missing
        self.model = prepare(dataset, method, missing) if model is None else model
        self.method_ = methods.get(method)
        self.keys = list(dataset.criteria)
        dests = list(dataset.destinations.values())
        shape = (len(dests), len(self.keys))
        # column-major: normalising takes each criterion's least and largest value,
        # a reduction down the columns, 15 times faster with each column contiguous
        self.base = np.full(shape, np.nan, order="F")
        self.low = np.full(shape, np.nan, order="F")
        self.high = np.full(shape, np.nan, order="F")
        for i, dest in enumerate(dests):
            for j, key in enumerate(self.keys):
                x = dest.values.get(key)
                if x is not None:
                    self.base[i, j] = x
                lo_hi = dest.ranges.get(key)
                if lo_hi is not None:
                    self.low[i, j], self.high[i, j] = lo_hi
        self.ranged = ~np.isnan(self.low)
        self.any_ranged = bool(self.ranged.any())
        self.absent = np.isnan(self.base)
        self.spread = value_spread
        crits = dataset.criteria.values()
        self.floor = np.array([-np.inf if c.min is None else c.min for c in crits])
        self.ceiling = np.array([np.inf if c.max is None else c.max for c in crits])
        # the columns clipping can change: only those with a fixed bound
        self.floored = [j for j, x in enumerate(self.floor) if x > -np.inf]
        self.ceiled = [j for j, x in enumerate(self.ceiling) if x < np.inf]

    @property
    def uncertain(self) -> bool:
        """Whether drawing changes anything: some range of nonzero width, or a spread."""
        return bool(self.spread > 0 or (self.high > self.low).any())

    def draw(self, rng: np.random.Generator) -> Floats:
        """One draw of every value (destinations x criteria; NaN where missing).

        Written in place, and clipped only on the columns with a fixed bound: 200,000
        values a draw, a thousand draws, so each pass over them counts. The numbers
        are those of base * (1 - s + 2 s u) clipped to the bounds, and low + (high -
        low) u for a range, operation for operation. The uniform numbers u fill the
        matrix a criterion at a time, in the column-major order it is held in (the
        generator writes straight into it: no copy from row-major)."""
        u = np.empty(self.base.shape, order="F")
        rng.random(out=u)
        spans = None
        if self.any_ranged:
            spans = self.low + (self.high - self.low) * u
        if self.spread > 0:
            values = u  # u is not needed any more: the factor, then the value, in place
            np.multiply(values, 2 * self.spread, out=values)
            np.add(values, 1 - self.spread, out=values)
            np.multiply(values, self.base, out=values)
            for j in self.floored:
                np.maximum(values[:, j], self.floor[j], out=values[:, j])
            for j in self.ceiled:
                np.minimum(values[:, j], self.ceiling[j], out=values[:, j])
        else:
            values = self.base.copy(order="F")
        if spans is not None:
            np.copyto(values, spans, where=self.ranged)
        return values

    def scores(self, weights: Floats, rng: np.random.Generator) -> Floats:
        """Scores (draws x destinations): row d under weights[d] and a fresh draw of values.

        A large dataset's draws are split in two, the second half scored on a worker
        thread (numpy works without holding the interpreter lock) from its own
        generator, set to where the first half leaves the stream: each draw takes
        exactly one number of the stream per value, so every draw, and ``rng``
        afterwards, is what one thread would have made."""
        size = weights.shape[0]
        out = np.empty((size, self.base.shape[0]))
        half = size // 2
        big = half and self.base.size >= THREADED_FROM
        if big and type(rng.bit_generator) is PCG64 and processors() >= 2:
            second = PCG64()
            second.state = rng.bit_generator.state
            second.advance(half * self.base.size)
            try:
                worker = threads().submit(self._score, weights, out, half, size, Generator(second))
            except RuntimeError:  # no thread to be had (a process limit): all in line
                worker = None
            if worker is not None:
                self._score(weights, out, 0, half, rng)
                worker.result()
                rng.bit_generator.advance((size - half) * self.base.size)
                return out
        self._score(weights, out, 0, size, rng)
        return out

    def _score(
        self, weights: Floats, out: Floats, start: int, stop: int, rng: np.random.Generator
    ) -> None:
        for d in range(start, stop):
            positions, gaps = self.normalised(self.draw(rng))
            out[d] = batch_scores(self.model, positions, weights[d : d + 1], gaps)[0]

    def normalised(self, drawn: Floats) -> tuple[Floats, Floats | None]:
        """One draw normalised as :func:`mlsourcing.mcda.scoring.prepare` would, by the
        method's numpy form on the whole matrix (a Hypothesis test holds the two to
        the same numbers): positions, and TOPSIS's gaps."""
        if self.missing is Missing.median:
            values, absent = filled_matrix(drawn, self.missing)
        else:  # a draw is missing exactly where the dataset is: known once
            values, absent = drawn, self.absent
        return self.method_.normalise_draw(self.dataset, values, absent, self.missing)

    def positions(self, drawn: Floats) -> tuple[Model, Floats]:
        """:meth:`normalised`, with the gaps in a model as :func:`prepare` gives them."""
        positions, gaps = self.normalised(drawn)
        if gaps is None:
            return self.model, positions
        return self.model._replace(gaps=dict(zip(self.keys, gaps.tolist(), strict=True))), positions
