"""Normalisation: each criterion's values to positions in [0, 1], 1 the best.

One place for every rule: min-max (weighted sum, VIKOR), vector normalisation
(TOPSIS), ratios to the best (weighted product), pairwise standing
(PROMETHEE II), the log scale and the median fill of the ``median`` policy.

Each rule has two forms side by side: a pure-Python one for one column, which
ranking uses (numpy would cost a small dataset's run 100 ms to import), and a
numpy one for a whole matrix of drawn values (``*_matrix``), which the
sensitivity analysis uses thousands of times. A Hypothesis test holds each
pair to the same numbers (tests/mcda/test_normalise.py). The method modules
(:mod:`mlsourcing.mcda.methods`) say which rule each uses.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mlsourcing.vocab import Missing

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from mlsourcing.data.dataset import Criterion, Dataset

    Floats = npt.NDArray[np.float64]
    Bools = npt.NDArray[np.bool_]

Bounds = tuple[float | None, float | None]

MISSING_GAP = 2.0  # TOPSIS: see topsis_column
MISSING_RATIO = 5e-324  # WPM: see ratio_column


def value_rows(dataset: Dataset) -> list[tuple[float | None, ...]]:
    """Each destination's values in criteria order (None where missing)."""
    keys = tuple(dataset.criteria)
    return [tuple(map(d.values.get, keys)) for d in dataset.destinations.values()]


def columns(
    dataset: Dataset, rows: list[tuple[float | None, ...]] | None = None
) -> dict[str, list[float | None]]:
    """Each criterion's values, in destination order (None where missing): each
    destination's row (``rows``, when the caller has them), then one transpose in C."""
    keys = tuple(dataset.criteria)
    rows = value_rows(dataset) if rows is None else rows
    return dict(zip(keys, map(list, zip(*rows, strict=True)), strict=True))


def bounds(column: Sequence[float | None], crit: Criterion) -> tuple[float | None, float | None]:
    """The lo/hi used to normalise a column: fixed bounds, else the values present."""
    if crit.min is not None and crit.max is not None:
        return crit.min, crit.max
    present = [x for x in column if x is not None] if None in column else column
    lo = crit.min if crit.min is not None else min(present, default=None)  # type: ignore[type-var]
    hi = crit.max if crit.max is not None else max(present, default=None)  # type: ignore[type-var]
    return lo, hi


def minmax(
    column: Sequence[float | None],
    crit: Criterion,
    lo_hi: tuple[float | None, float | None] | None = None,
) -> list[float]:
    """Min-max normalise one column to [0, 1]; missing -> 0; constant -> 1.

    ``lo_hi`` are the column's bounds (see :func:`bounds`), when already known.
    """
    lo, hi = bounds(column, crit) if lo_hi is None else lo_hi
    if lo is None or hi is None:
        return [0.0] * len(column)
    # Values lie within [lo, hi] (checked on load), so n lies within [0, 1].
    scale = 1.0
    if math.isinf(hi - lo):  # a span like 1e308 - (-1e308): halve everything
        scale = 0.5  # (only then: halving a subnormal such as 5e-324 would give 0)
    lo_s = lo * scale
    span = hi * scale - lo_s
    if span <= 0:
        return [0.0 if x is None else 1.0 for x in column]
    cost = crit.direction == "cost"
    if scale == 1.0 and None not in column:  # the common case, a third faster
        if cost:
            return [1.0 - (x - lo_s) / span for x in column]  # type: ignore[operator]
        return [(x - lo_s) / span for x in column]  # type: ignore[operator]
    if cost:
        return [0.0 if x is None else 1.0 - (x * scale - lo_s) / span for x in column]
    return [0.0 if x is None else (x * scale - lo_s) / span for x in column]


def vector_normalise(column: Sequence[float | None]) -> list[float | None]:
    """x / sqrt(sum of squares of the values present), overflow-safe."""
    present = [abs(x) for x in column if x is not None]
    largest = max(present, default=0.0)
    if largest == 0:
        return [None if x is None else 0.0 for x in column]
    # sorted: the sum of squares then does not depend on the order of destinations
    norm = math.hypot(*sorted(x / largest for x in present))
    return [None if x is None else (x / largest) / norm for x in column]


def topsis_column(column: Sequence[float | None], crit: Criterion) -> tuple[list[float], float]:
    """Per value, where it lies between the anti-ideal (0) and the ideal (1), missing -> 0;
    and the column's gap, |ideal - anti-ideal| in vector-normalised units.

    Positions do not depend on the weights: a destination's weighted distance to
    the ideal is w * gap * (1 - p) on this criterion, and to the anti-ideal w * gap * p.
    """
    present = [x for x in column if x is not None]
    if not present:
        return [0.0] * len(column), 0.0
    # A missing value counts as the worst value present, in the norm and the
    # distances alike: it can never score better than a real value.
    filler = min(present) if crit.direction == "benefit" else max(present)
    r = [x for x in vector_normalise([filler if x is None else x for x in column]) if x is not None]
    best, worst = max(r), min(r)
    if crit.direction == "cost":
        best, worst = worst, best
    gap = best - worst
    if gap == 0:
        positions = [0.0 if x is None else 1.0 for x in column]
        # Every value present is the same: the criterion tells nobody apart, but a
        # missing value must still count against its destination, as under the
        # weighted sum. It sits the widest gap a vector-normalised criterion can
        # have (2) from the ideal, so losing a value never raises a score.
        return positions, (MISSING_GAP if len(present) < len(column) else 0.0)
    return [(p - worst) / gap for p in r], abs(gap)


def on_log_scale(column: list[float | None], lo: float | None) -> list[float | None]:
    """log10(x / lo): orders of magnitude above the lower bound (0 at the bound), so
    that min-max and vector normalisation both work on the log scale."""
    if lo is None:
        return column
    base = math.log10(lo)
    return [None if x is None else math.log10(x) - base for x in column]


def log_bounds(
    lo_hi: tuple[float | None, float | None], crit: Criterion
) -> tuple[float | None, float | None]:
    """A log-scale criterion's bounds in the units of :func:`on_log_scale`."""
    lo, hi = lo_hi
    if crit.scale != "log" or lo is None or hi is None:
        return lo_hi
    return 0.0, math.log10(hi) - math.log10(lo)


def with_medians(cols: dict[str, list[float | None]]) -> dict[str, list[float | None]]:
    """Each missing value replaced by the median of the values present."""
    import statistics  # only for this policy: 3 ms of every start otherwise

    out: dict[str, list[float | None]] = {}
    for key, column in cols.items():
        present = [x for x in column if x is not None]
        middle = statistics.median(present) if present else None
        out[key] = [middle if x is None else x for x in column]
    return out


def ratio_column(column: Sequence[float | None], crit: Criterion) -> list[float]:
    """WPM: each value as a ratio to the best present, in (0, 1]: x / best for a
    benefit, best / x for a cost (values are positive); a missing value counts as
    the worst present. Computed through logarithms, so no ratio overflows."""
    present = [x for x in column if x is not None]
    if not present:
        return [1.0] * len(column)  # nobody has a value: the criterion tells nobody apart
    benefit = crit.direction == "benefit"
    best, worst = (max(present), min(present)) if benefit else (min(present), max(present))
    sign = 1.0 if benefit else -1.0
    log_best = math.log(best)
    ratios = [
        MISSING_RATIO if x is None else max(math.exp(sign * (math.log(x) - log_best)), 5e-324)
        for x in column
    ]
    if best != worst:  # a missing value counts as the worst present
        floor = max(math.exp(sign * (math.log(worst) - log_best)), 5e-324)
        ratios = [floor if x is None else r for x, r in zip(column, ratios, strict=True)]
    # Every value present is the same: the worst is also the best, but a missing value
    # must still count against its destination, as under the weighted sum: it gets the
    # smallest ratio a float holds, 0 in all but name (its log stays finite).
    return ratios


def outranking_column(
    column: Sequence[float | None], crit: Criterion, missing_loses: bool = True
) -> list[float]:
    """PROMETHEE II with the usual preference function: per destination,
    (wins - losses) / (m - 1) over the m - 1 others on this criterion, rescaled from
    [-1, 1] to [0, 1]. A missing value loses to every value present (``missing_loses``)
    or, under the ``ignore`` policy, takes part in no comparison; equal values tie."""
    import bisect

    m = len(column)
    if m < 2:
        return [0.5] * m  # nobody to compare with: net flow 0
    sign = 1.0 if crit.direction == "benefit" else -1.0
    ranked = sorted(sign * x for x in column if x is not None)
    absent = m - len(ranked) if missing_loses else 0
    out = []
    for x in column:
        if x is None:
            net = -len(ranked) if missing_loses else 0
        else:
            v = sign * x
            wins = bisect.bisect_left(ranked, v) + absent
            losses = len(ranked) - bisect.bisect_right(ranked, v)
            net = wins - losses
        out.append((net / (m - 1) + 1) / 2)
    return out


def log_scaled(
    dataset: Dataset, cols: dict[str, list[float | None]], used: dict[str, Bounds]
) -> tuple[dict[str, list[float | None]], dict[str, Bounds]]:
    """The columns and bounds with every log-scale criterion in the units of
    :func:`on_log_scale` (values and bounds are positive: checked on load)."""
    out = dict(cols)
    scaled = dict(used)
    for key, crit in dataset.criteria.items():
        if crit.scale == "log":
            out[key] = on_log_scale(cols[key], used[key][0])
            scaled[key] = log_bounds(used[key], crit)
    return out, scaled


# ---------------------------------------------------------------------------
# The numpy forms, for a matrix of drawn values (destinations x criteria, NaN
# where missing). numpy is imported inside each: this module is on every run's path.


def filled_matrix(drawn: Floats, missing: Missing) -> tuple[Floats, Bools]:
    """The draw with the median policy's fill applied, and where values are missing."""
    import numpy as np

    absent = np.isnan(drawn)
    if missing is not Missing.median or not absent.any():
        return drawn, absent
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing column
        middle = np.nanmedian(drawn, axis=0)
    filled: Floats = np.where(absent, middle, drawn)
    return filled, np.isnan(filled)


def _benefit(dataset: Dataset) -> Bools:
    import numpy as np

    return np.array([c.direction == "benefit" for c in dataset.criteria.values()])


def _on_log_scale(values: Floats, absent: Bools, dataset: Dataset) -> Floats:
    """log10(x / lo) on the log-scale criteria (lo: the fixed min, else the least value)."""
    import numpy as np

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


def topsis_matrix(values: Floats, absent: Bools, dataset: Dataset) -> tuple[Floats, Floats]:
    """:func:`topsis_column` for every column: positions and gaps."""
    import numpy as np

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


def ratio_matrix(values: Floats, absent: Bools, dataset: Dataset) -> Floats:
    """:func:`ratio_column` for every column (values above 0)."""
    import numpy as np

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


def outranking_matrix(values: Floats, absent: Bools, dataset: Dataset, loses: bool) -> Floats:
    """:func:`outranking_column` for every column."""
    import numpy as np

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


def minmax_matrix(values: Floats, absent: Bools, dataset: Dataset) -> Floats:
    """The min-max positions of :func:`minmax` for a whole matrix
    (destinations x criteria, NaN where missing, the median fill applied; ``absent``
    is where it is NaN, as :func:`filled_matrix` gives it): fixed or
    data bounds, the log scale, cost criteria, a missing value at 0, a constant
    column at 1.

    Each step is one pass over the matrix, in place where it can be (a thousand
    draws of 200,000 values each come through here): the numbers are those of the
    formula, operation for operation."""
    import numpy as np

    crits = list(dataset.criteria.values())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        low = np.fmin.reduce(values, axis=0)  # NaN only for a column with no value
        high = np.fmax.reduce(values, axis=0)
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
        # the usual case, scale 1: times 1 changes nothing, so it is left out
        n = values - low if (scale == 1.0).all() else values * scale - low * scale
        np.divide(n, np.where(span > 0, span, 1.0), out=n)
    for j, c in enumerate(crits):  # a column at a time: contiguous as the draws are held
        if c.direction == "cost":
            np.subtract(1.0, n[:, j], out=n[:, j])
    # A missing value is NaN here, and every value present lies within [0, 1] (within
    # its bounds, checked on load; a draw is kept within them): fmax(NaN, 0) puts a
    # missing value at 0 in one pass, where a masked copy took five times as long
    np.fmax(n, 0.0, out=n)
    flat = ~(span > 0)  # a constant column (or one with no value): everyone present 1
    if flat.any():
        n[:, flat] = ~absent[:, flat]
    result: Floats = n
    return result
