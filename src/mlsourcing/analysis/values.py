"""Values drawn within their uncertainty, for a sensitivity analysis that varies them.

A value given as a range is drawn uniformly between its low and high; with a
value spread s (0 <= s < 1) every other value present is multiplied by a factor
uniform on [1 - s, 1 + s] and kept within its criterion's fixed bounds. A
missing value stays missing. Each draw is normalised afresh (bounds taken from
the data move with it) and scored under its own weights.
"""

from __future__ import annotations

import warnings

import numpy as np
import numpy.typing as npt

from mlsourcing.data.dataset import Dataset
from mlsourcing.errors import InputError
from mlsourcing.mcda.batch import Floats, batch_scores
from mlsourcing.mcda.normalise import MISSING_GAP, MISSING_RATIO
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
        """One draw normalised as :func:`mlsourcing.mcda.scoring.prepare` would, in numpy on
        the whole matrix (a Hypothesis test holds the two to the same numbers)."""
        values, absent = _filled(drawn, self.missing)
        if self.method in (Method.wsm, Method.vikor):
            return self.model, minmax_positions(values, absent, self.dataset)
        if self.method is Method.topsis:
            positions, gaps = topsis_positions(values, absent, self.dataset)
            return self.model._replace(gaps=dict(zip(self.keys, gaps, strict=True))), positions
        if self.method is Method.wpm:
            if (values[~absent] <= 0).any():  # as prepare says it, naming the value
                prepare(self.dataset, self.method, self.missing, _columns(values, self.keys))
            return self.model, ratio_positions(values, absent, self.dataset)
        loses = self.missing is not Missing.ignore
        return self.model, outranking_positions(values, absent, self.dataset, loses)


def _columns(values: Floats, keys: list[str]) -> dict[str, list[float | None]]:
    return {
        key: [None if x != x else x for x in values[:, j].tolist()] for j, key in enumerate(keys)
    }


def _filled(drawn: Floats, missing: Missing) -> tuple[Floats, npt.NDArray[np.bool_]]:
    """The draw with the median policy's fill applied, and where values are missing."""
    absent = np.isnan(drawn)
    if missing is not Missing.median or not absent.any():
        return drawn, absent
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing column
        middle = np.nanmedian(drawn, axis=0)
    filled: Floats = np.where(absent, middle, drawn)
    return filled, np.isnan(filled)


def _benefit(dataset: Dataset) -> npt.NDArray[np.bool_]:
    return np.array([c.direction == "benefit" for c in dataset.criteria.values()])


def _on_log_scale(values: Floats, absent: npt.NDArray[np.bool_], dataset: Dataset) -> Floats:
    """log10(x / lo) on the log-scale criteria (lo: the fixed min, else the least value)."""
    crits = list(dataset.criteria.values())
    log = np.array([c.scale == "log" for c in crits])
    if not log.any():
        return values
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        least = np.nanmin(np.where(absent, np.nan, values), axis=0)
        low = np.array([lo if c.min is None else c.min for c, lo in zip(crits, least, strict=True)])
        logged: Floats = np.where(log, np.log10(values) - np.log10(low), values)
    return logged


def topsis_positions(
    values: Floats, absent: npt.NDArray[np.bool_], dataset: Dataset
) -> tuple[Floats, Floats]:
    """:func:`mlsourcing.mcda.normalise.topsis_column` for every column: positions and gaps."""
    x = _on_log_scale(values, absent, dataset)
    benefit = _benefit(dataset)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        masked = np.where(absent, np.nan, x)
        filler = np.where(benefit, np.nanmin(masked, axis=0), np.nanmax(masked, axis=0))
        x = np.where(absent, filler, x)
        largest = np.nanmax(np.abs(x), axis=0)
        scaled = x / np.where(largest > 0, largest, 1.0)
        r = scaled / np.sqrt((scaled**2).sum(axis=0))
        r = np.where(largest > 0, r, 0.0)
        high, low = r.max(axis=0), r.min(axis=0)
        best, worst = np.where(benefit, high, low), np.where(benefit, low, high)
        gap = best - worst
        positions = (r - worst) / np.where(gap != 0, gap, 1.0)
    some_missing = absent.any(axis=0)
    flat = gap == 0
    positions = np.where(flat, np.where(absent, 0.0, 1.0), positions)
    gaps = np.where(flat, np.where(some_missing, MISSING_GAP, 0.0), np.abs(gap))
    none = absent.all(axis=0)  # nobody has a value: positions 0, gap 0
    positions = np.where(none, 0.0, positions)
    gaps = np.where(none, 0.0, gaps)
    return positions, gaps


def ratio_positions(values: Floats, absent: npt.NDArray[np.bool_], dataset: Dataset) -> Floats:
    """:func:`mlsourcing.mcda.normalise.ratio_column` for every column (values above 0)."""
    benefit = _benefit(dataset)
    sign = np.where(benefit, 1.0, -1.0)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        logs = np.log(np.where(absent, np.nan, values))
        log_best = np.where(benefit, np.nanmax(logs, axis=0), np.nanmin(logs, axis=0))
        log_worst = np.where(benefit, np.nanmin(logs, axis=0), np.nanmax(logs, axis=0))
        ratios = np.maximum(np.exp(sign * (logs - log_best)), 5e-324)
        floor = np.maximum(np.exp(sign * (log_worst - log_best)), 5e-324)
    missing_ratio = np.where(log_best != log_worst, floor, MISSING_RATIO)
    out = np.where(absent, missing_ratio, ratios)
    result: Floats = np.where(absent.all(axis=0), 1.0, out)
    return result


def outranking_positions(
    values: Floats, absent: npt.NDArray[np.bool_], dataset: Dataset, loses: bool
) -> Floats:
    """:func:`mlsourcing.mcda.normalise.outranking_column` for every column."""
    m = values.shape[0]
    if m < 2:
        return np.full(values.shape, 0.5)
    out = np.empty(values.shape)
    for j, benefit in enumerate(_benefit(dataset)):
        v = values[:, j] if benefit else -values[:, j]
        ranked = np.sort(v[~absent[:, j]])
        wins = np.searchsorted(ranked, v, "left") + (absent[:, j].sum() if loses else 0)
        net = wins - (ranked.size - np.searchsorted(ranked, v, "right"))
        net = np.where(absent[:, j], -ranked.size if loses else 0, net)
        out[:, j] = (net / (m - 1) + 1) / 2
    return out


def minmax_positions(values: Floats, absent: npt.NDArray[np.bool_], dataset: Dataset) -> Floats:
    """The min-max positions of :func:`mlsourcing.mcda.normalise.minmax` for a whole matrix
    (destinations x criteria, NaN where missing, the median fill applied): fixed or
    data bounds, the log scale, cost criteria, a missing value at 0, a constant
    column at 1."""
    crits = list(dataset.criteria.values())
    has_any = ~absent.all(axis=0)
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
