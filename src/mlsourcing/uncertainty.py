"""Values drawn within their uncertainty, for ``sensitivity --vary values|both``.

A value given as a range is drawn uniformly between its low and high; with a
value spread s (0 <= s < 1) every other value present is multiplied by a factor
uniform on [1 - s, 1 + s] and kept within its criterion's fixed bounds. A
missing value stays missing. Each draw is normalised afresh (bounds taken from
the data move with it) and scored under its own weights.
"""

from __future__ import annotations

import warnings

import numpy as np

from mlsourcing.batch import Floats, batch_scores, positions_matrix
from mlsourcing.dataset import Dataset
from mlsourcing.errors import InputError
from mlsourcing.scoring import Model, prepare
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
        self, dataset: Dataset, method: Method, missing: Missing, value_spread: float = 0.0
    ) -> None:
        check_value_spread(value_spread)
        self.dataset, self.method, self.missing = dataset, method, missing
        self.model = prepare(dataset, method, missing)  # names, slugs, which values exist
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
            model, positions = self.positions(self.draw(rng))
            out[d] = batch_scores(model, positions, weights[d : d + 1])[0]
        return out

    def positions(self, drawn: Floats) -> tuple[Model, Floats]:
        """One draw normalised as :func:`mlsourcing.scoring.prepare` would: in numpy for
        the methods that normalise by min and max (wsm, vikor), else through prepare."""
        if self.method in (Method.wsm, Method.vikor):
            return self.model, minmax_positions(drawn, self.dataset, self.missing)
        cols = {
            key: [None if x != x else x for x in drawn[:, j].tolist()]
            for j, key in enumerate(self.keys)
        }
        model = prepare(self.dataset, self.method, self.missing, cols)
        return model, positions_matrix(model)


def minmax_positions(drawn: Floats, dataset: Dataset, missing: Missing) -> Floats:
    """The min-max positions of :func:`mlsourcing.normalise.minmax` for a whole matrix
    (destinations x criteria, NaN where missing): the median fill, fixed or data
    bounds, the log scale, cost criteria, a missing value at 0, a constant column at 1."""
    crits = list(dataset.criteria.values())
    values = drawn.copy()
    absent = np.isnan(values)
    has_any = ~absent.all(axis=0)
    if missing is Missing.median and absent.any():
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing column
            middle = np.nanmedian(values, axis=0)
        values = np.where(absent, middle, values)
        absent = np.isnan(values)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        low = np.nanmin(values, axis=0)
        high = np.nanmax(values, axis=0)
    low = np.array([lo if c.min is None else c.min for c, lo in zip(crits, low, strict=True)])
    high = np.array([hi if c.max is None else c.max for c, hi in zip(crits, high, strict=True)])
    log = np.array([c.scale == "log" for c in crits])
    if log.any():
        with np.errstate(all="ignore"):
            base = np.log10(low)
            values = np.where(log, np.log10(values) - base, values)
            high = np.where(log, np.log10(high) - base, high)
            low = np.where(log, 0.0, low)
    scale = np.where(np.isinf(high - low), 0.5, 1.0)  # as minmax: halve a span like 2e308
    span = high * scale - low * scale
    with np.errstate(all="ignore"):
        n = (values * scale - low * scale) / np.where(span > 0, span, 1.0)
    cost = np.array([c.direction == "cost" for c in crits])
    n = np.where(cost, 1.0 - n, n)
    n = np.where(span > 0, n, 1.0)  # a constant column: everyone 1
    result: Floats = np.where(absent | ~has_any, 0.0, n)
    return result
