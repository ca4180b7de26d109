"""Scores and ranks for many weight vectors at once: the numpy twin of
:func:`mlsourcing.mcda.methods.method_scores`, used by the sensitivity analysis."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from mlsourcing.mcda.methods import LINEAR, SPREAD_DIGITS, VIKOR_V
from mlsourcing.mcda.scoring import DIGITS, Model
from mlsourcing.vocab import Method

Floats = npt.NDArray[np.float64]


def positions_matrix(model: Model) -> Floats:
    """Destinations x criteria matrix of normalised positions."""
    matrix: Floats = np.array(list(model.positions.values()), dtype=np.float64).T
    return matrix


def batch_scores(model: Model, positions: Floats, weights: Floats) -> Floats:
    """Scores (draws x destinations) for each row of ``weights`` (draws x criteria).

    Draws are rows, so that each draw's scores lie contiguous in memory for the sort.
    """
    mask = None if model.present is None else np.array(model.present, dtype=np.float64)
    if model.method is Method.topsis:
        return _topsis_scores(model, positions, weights, mask)
    if model.method in LINEAR:
        if mask is None:
            sums: Floats = 100.0 * (weights @ positions.T)
            return sums
        # Missing.ignore: weights re-normalised over each destination's criteria
        return 100.0 * _share(weights @ (positions * mask).T, weights @ mask.T)
    kept = None if mask is None else weights @ mask.T  # each row's weight on its criteria
    if model.method is Method.wpm:
        logs = np.log(positions) if mask is None else np.log(positions) * mask
        exponent = weights @ logs.T if kept is None else _share(weights @ logs.T, kept)
        product: Floats = 100.0 * np.exp(exponent)
        if kept is not None:
            product[kept <= 0] = 0.0
        return product
    return _vikor_scores(positions, weights, mask, kept)


def _share(total: Floats, kept: Floats) -> Floats:
    """total / kept where kept > 0, else 0."""
    with np.errstate(invalid="ignore", divide="ignore"):
        shares: Floats = np.where(kept > 0, total / np.where(kept > 0, kept, 1.0), 0.0)
    return shares


def _vikor_scores(
    positions: Floats, weights: Floats, mask: Floats | None, kept: Floats | None
) -> Floats:
    """100 * (1 - Q) per draw (see mlsourcing.mcda.methods)."""
    regret = 1.0 - positions if mask is None else (1.0 - positions) * mask
    s = weights @ regret.T
    r = np.zeros_like(s)
    for j in range(positions.shape[1]):  # criterion by criterion: no 3-D array
        np.maximum(r, weights[:, [j]] * regret[:, j][None, :], out=r)
    if kept is not None:  # re-normalised weights; no criteria at all: the worst (1, 1)
        s = np.where(kept > 0, _share(s, kept), 1.0)
        r = np.where(kept > 0, _share(r, kept), 1.0)
    q = np.zeros_like(s)
    for part, share in (
        (np.round(s, SPREAD_DIGITS), VIKOR_V),
        (np.round(r, SPREAD_DIGITS), 1.0 - VIKOR_V),
    ):
        low = part.min(axis=1, keepdims=True)
        span = part.max(axis=1, keepdims=True) - low
        with np.errstate(invalid="ignore", divide="ignore"):
            q += share * np.where(span > 0, (part - low) / np.where(span > 0, span, 1.0), 0.0)
    result: Floats = 100.0 * (1.0 - q)
    return result


def _topsis_scores(model: Model, positions: Floats, weights: Floats, mask: Floats | None) -> Floats:
    assert model.gaps is not None
    gaps = np.array(list(model.gaps.values()), dtype=np.float64)
    w2 = weights**2
    keep = 1.0 if mask is None else mask
    d_plus = np.sqrt(w2 @ ((((1.0 - positions) * gaps) ** 2) * keep).T)
    d_minus = np.sqrt(w2 @ (((positions * gaps) ** 2) * keep).T)
    total = d_plus + d_minus
    # all distances 0: the ideal on every weighted criterion (100), unless the
    # destination has no values at all to be scored on (0)
    none = 1.0 if mask is None else (mask.sum(axis=1) > 0).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness = np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), none)
    result: Floats = 100.0 * closeness
    return result


def batch_ranks(scores: Floats) -> npt.NDArray[np.int64]:
    """Competition ranks (1, 1, 3) along each row of a draws x destinations matrix."""
    rounded = np.round(scores, DIGITS)
    order = np.argsort(-rounded, axis=1)  # ties may come in any order: they get one rank
    ordered = np.take_along_axis(rounded, order, axis=1)
    m = scores.shape[1]
    starts = np.ones(ordered.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first = np.where(starts, np.arange(m), 0)
    np.maximum.accumulate(first, axis=1, out=first)
    ranks = np.empty_like(first)
    np.put_along_axis(ranks, order, first + 1, axis=1)
    return ranks
