"""Tipping points: for each criterion, the interval of its effective weight (the
others keeping their proportions) within which the current winner stays first,
and who takes over beyond each end.

Exact in closed form for a method whose score is linear in the weights (the
weighted sum, PROMETHEE II) when every value counts; for the others, a grid
scanned outwards from the current weight and each crossing bisected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mlsourcing.mcda.batch import Floats, batch_scores
from mlsourcing.mcda.methods import is_linear
from mlsourcing.mcda.scoring import DIGITS, Model


@dataclass(frozen=True)
class Tipping:
    criterion: str
    weight: float  # the criterion's effective weight now
    low: float  # the winner stays first for effective weights in [low, high]
    high: float
    below: str | None  # slug of who takes over below low (None: nobody, low is 0)
    above: str | None  # slug of who takes over above high (None: nobody, high is 1)
    below_name: str | None = None
    above_name: str | None = None


def _line(central: Floats, j: int) -> tuple[Floats, Floats]:
    """Weights along criterion j's line: w(t) = t * e_j + (1 - t) * rest, rest summing to 1."""
    n = central.shape[0]
    rest = central.copy()
    rest[j] = 0.0
    total = rest.sum()
    if total > 0:
        rest /= total
    else:  # every other weight is 0: their proportions are undefined, so take them equal
        rest = np.where(np.arange(n) == j, 0.0, 1.0 / (n - 1))
    unit = np.zeros(n)
    unit[j] = 1.0
    return unit, rest


def tipping_points(
    model: Model, positions: Floats, central: Floats, keys: Sequence[str], winner: int
) -> tuple[Tipping, ...]:
    if len(keys) < 2:
        return ()
    out = []
    for j, key in enumerate(keys):
        unit, rest = _line(central, j)
        t0 = float(central[j])
        if is_linear(model.method) and model.present is None:  # linear in the weight
            low, below, high, above = _wsm_interval(positions, unit, rest, t0, winner)
        else:
            low, below, high, above = _numeric_interval(model, positions, unit, rest, t0, winner)
        out.append(
            Tipping(
                key,
                t0,
                low,
                high,
                None if below is None else model.slugs[below],
                None if above is None else model.slugs[above],
                None if below is None else model.names[below],
                None if above is None else model.names[above],
            )
        )
    return tuple(out)


def _wsm_interval(
    positions: Floats, unit: Floats, rest: Floats, t0: float, winner: int
) -> tuple[float, int | None, float, int | None]:
    """Closed form: score_i(t) = 100 * (t * c_i + (1 - t) * b_i) is linear in t."""
    c = positions @ unit
    b = positions @ rest
    # lead_i(t) = a_i + (g_i - a_i) t: the winner's lead over i, >= 0 at t0.
    a = b[winner] - b
    g = c[winner] - c
    slope = g - a
    with np.errstate(divide="ignore", invalid="ignore"):
        roots = np.where(slope != 0, a / (a - g), np.nan)
    high, above = _nearest(roots, slope < 0, t0, upper=True, slope=slope)
    low, below = _nearest(roots, slope > 0, t0, upper=False, slope=slope)
    return low, below, high, above


def _nearest(
    roots: Floats, mask: npt.NDArray[np.bool_], t0: float, upper: bool, slope: Floats
) -> tuple[float, int | None]:
    """The closest crossing on one side of t0, and who crosses there (the steepest)."""
    tol = 1e-12
    if upper:
        ok = mask & (roots >= t0 - tol) & (roots < 1.0 - tol)
    else:
        ok = mask & (roots <= t0 + tol) & (roots > tol)
    if not ok.any():
        return (1.0 if upper else 0.0), None
    candidates = np.flatnonzero(ok)
    best = roots[candidates].min() if upper else roots[candidates].max()
    at = candidates[np.abs(roots[candidates] - best) <= 1e-12]
    who = int(at[np.argmax(np.abs(slope[at]))])
    return float(min(1.0, max(0.0, best))), who


def _numeric_interval(
    model: Model, positions: Floats, unit: Floats, rest: Floats, t0: float, winner: int
) -> tuple[float, int | None, float, int | None]:
    """For a non-linear method: scan a grid from t0 outwards, then bisect each crossing."""

    def leader(t: float) -> tuple[bool, int]:
        weights = (t * unit + (1 - t) * rest)[None, :]
        scores = np.round(batch_scores(model, positions, weights), DIGITS)[0]
        best = int(np.argmax(scores))
        return bool(scores[winner] >= scores[best]), best

    def search(upper: bool) -> tuple[float, int | None]:
        grid = np.linspace(t0, 1.0 if upper else 0.0, 201)[1:]
        good = t0
        for t in grid:
            still, _ = leader(float(t))
            if not still:
                bad = float(t)
                for _ in range(50):
                    mid = (good + bad) / 2
                    if leader(mid)[0]:
                        good = mid
                    else:
                        bad = mid
                return good, leader(bad)[1]
            good = float(t)
        return (1.0 if upper else 0.0), None

    high, above = search(upper=True)
    low, below = search(upper=False)
    return low, below, high, above
