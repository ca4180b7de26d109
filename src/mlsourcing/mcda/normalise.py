"""Per-criterion normalisation: each column of values to positions in [0, 1].

Min-max (weighted sum), vector normalisation (TOPSIS), the log scale and the
median fill of the ``median`` missing-value policy. Pure functions of one
column; :func:`mlsourcing.mcda.scoring.prepare` applies them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from mlsourcing.data.dataset import Criterion, Dataset

MISSING_GAP = 2.0  # TOPSIS: see topsis_column
MISSING_RATIO = 5e-324  # WPM: see ratio_column


def columns(dataset: Dataset) -> dict[str, list[float | None]]:
    """Each criterion's values, in destination order (None where missing)."""
    keys = tuple(dataset.criteria)
    rows = [tuple(map(d.values.get, keys)) for d in dataset.destinations.values()]
    return dict(zip(keys, map(list, zip(*rows, strict=True)), strict=True))


def bounds(column: Sequence[float | None], crit: Criterion) -> tuple[float | None, float | None]:
    """The lo/hi used to normalise a column: fixed bounds, else the values present."""
    present = [x for x in column if x is not None]
    lo = crit.min if crit.min is not None else min(present, default=None)
    hi = crit.max if crit.max is not None else max(present, default=None)
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
    if crit.direction == "cost":
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
