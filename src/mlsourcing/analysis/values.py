"""Values drawn within their uncertainty, for a sensitivity analysis that varies them.

A value given as a range is drawn uniformly between its low and high; with a
value spread s (0 <= s < 1) every other value present is multiplied by a factor
uniform on [1 - s, 1 + s] and kept within its criterion's fixed bounds. A
missing value stays missing. Each draw is normalised afresh (bounds taken from
the data move with it) and scored under its own weights.
"""

from __future__ import annotations

import numpy as np

from mlsourcing.data.dataset import Dataset
from mlsourcing.errors import InputError
from mlsourcing.mcda import methods
from mlsourcing.mcda.batch import Floats, batch_scores
from mlsourcing.mcda.normalise import filled_matrix
from mlsourcing.mcda.scoring import Model, prepare
from mlsourcing.vocab import Method, Missing


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
        self.base = np.full(shape, np.nan)
        self.low = np.full(shape, np.nan)
        self.high = np.full(shape, np.nan)
        for i, dest in enumerate(dests):
            for j, key in enumerate(self.keys):
                x = dest.values.get(key)
                if x is not None:
                    self.base[i, j] = x
                lo_hi = dest.ranges.get(key)
                if lo_hi is not None:
                    self.low[i, j], self.high[i, j] = lo_hi
        self.ranged = ~np.isnan(self.low)
        self.spread = value_spread
        crits = dataset.criteria.values()
        self.floor = np.array([-np.inf if c.min is None else c.min for c in crits])
        self.ceiling = np.array([np.inf if c.max is None else c.max for c in crits])

    @property
    def uncertain(self) -> bool:
        """Whether drawing changes anything: some range of nonzero width, or a spread."""
        return bool(self.spread > 0 or (self.high > self.low).any())

    def draw(self, rng: np.random.Generator) -> Floats:
        """One draw of every value (destinations x criteria; NaN where missing)."""
        u = rng.random(self.base.shape)
        values = self.base
        if self.spread > 0:
            factor = 1 - self.spread + 2 * self.spread * u
            values = np.clip(self.base * factor, self.floor, self.ceiling)
        drawn: Floats = np.where(self.ranged, self.low + (self.high - self.low) * u, values)
        return drawn

    def scores(self, weights: Floats, rng: np.random.Generator) -> Floats:
        """Scores (draws x destinations): row d under weights[d] and a fresh draw of values."""
        out = np.empty((weights.shape[0], self.base.shape[0]))
        for d in range(weights.shape[0]):
            positions, gaps = self.normalised(self.draw(rng))
            out[d] = batch_scores(self.model, positions, weights[d : d + 1], gaps)[0]
        return out

    def normalised(self, drawn: Floats) -> tuple[Floats, Floats | None]:
        """One draw normalised as :func:`mlsourcing.mcda.scoring.prepare` would, by the
        method's numpy form on the whole matrix (a Hypothesis test holds the two to
        the same numbers): positions, and TOPSIS's gaps."""
        values, absent = filled_matrix(drawn, self.missing)
        return self.method_.normalise_draw(self.dataset, values, absent, self.missing)

    def positions(self, drawn: Floats) -> tuple[Model, Floats]:
        """:meth:`normalised`, with the gaps in a model as :func:`prepare` gives them."""
        positions, gaps = self.normalised(drawn)
        if gaps is None:
            return self.model, positions
        return self.model._replace(gaps=dict(zip(self.keys, gaps.tolist(), strict=True))), positions
