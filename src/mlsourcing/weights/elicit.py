"""Weights from judgements: rank order, swing, and pairwise comparison (AHP).

Pure functions; every result is a set of weights summing to 1. How the
judgements are written, and read, is :mod:`mlsourcing.data.judgements`; errors
are :class:`~mlsourcing.errors.InputError` with the subject ``order``, ``swing``
or ``pairwise``. numpy is imported only for the AHP eigenvector.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from mlsourcing.data.judgements import known, pairwise_matrix, parse_points, places
from mlsourcing.errors import InputError

__all__ = ["CONSISTENT", "Elicited", "ahp", "pairwise_matrix", "parse_points", "rank_order"]

# Saaty's random consistency indices, by matrix size (Saaty 1980).
RANDOM_INDEX = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}
CONSISTENT = 0.10  # a consistency ratio above this: the judgements contradict each other


class Elicited(NamedTuple):
    method: str  # "rank-order", "swing" or "ahp"
    weights: dict[str, float]  # sum to 1
    consistency_ratio: float | None = None  # AHP only
    # AHP: the judgements that contribute most to the inconsistency, worst first:
    # ((a, b), judged a:b, a:b implied by the weights)
    worst: tuple[tuple[tuple[str, str], float, float], ...] = ()

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio is None or self.consistency_ratio <= CONSISTENT


def rank_order(order: str, criteria: Sequence[str]) -> Elicited:
    """Rank-order centroid weights from ``a>b>c=d``: for n criteria the k-th place
    gets (1/n) * sum_{i=k..n} 1/i; criteria tied share the mean of their places'."""
    groups = places(order, criteria)
    n = sum(len(g) for g in groups)
    centroid = [math.fsum(1 / i for i in range(k, n + 1)) / n for k in range(1, n + 1)]
    weights: dict[str, float] = {}
    place = 0
    for group in groups:
        share = math.fsum(centroid[place : place + len(group)]) / len(group)
        weights.update({k: share for k in group})
        place += len(group)
    return Elicited("rank-order", {k: weights[k] for k in criteria})


def swing(points: Mapping[str, float], criteria: Sequence[str]) -> Elicited:
    """Swing weights: points on 0-100 for moving each criterion from worst to best,
    normalised. A criterion not given gets 0."""
    for key, value in points.items():
        known(key, criteria, "swing")
        if not (math.isfinite(value) and 0 <= value <= 100):
            raise InputError("swing", f"{key}={value:g} is not between 0 and 100")
    total = math.fsum(points.values())
    if total <= 0:
        raise InputError("swing", "every criterion has 0 points; give the most important 100")
    return Elicited("swing", {k: points.get(k, 0.0) / total for k in criteria})


def ahp(judgements: Mapping[str, object], criteria: Sequence[str]) -> Elicited:
    """Weights from the principal eigenvector; Saaty's consistency ratio; and the
    judgements furthest from what the weights imply."""
    import numpy as np

    m = pairwise_matrix(judgements, criteria)
    n = len(criteria)
    values, vectors = np.linalg.eig(np.array(m))
    k = int(np.argmax(values.real))
    principal = np.abs(vectors[:, k].real)
    w = principal / principal.sum()
    lam = float(values[k].real)
    ri = RANDOM_INDEX.get(n, 1.49)
    ratio = 0.0 if n < 3 or ri == 0 else max(0.0, (lam - n) / (n - 1) / ri)
    errors = []
    for i in range(n):
        for j in range(i + 1, n):
            implied = float(w[i] / w[j])
            errors.append(((criteria[i], criteria[j]), m[i][j], implied))
    errors.sort(key=lambda e: -abs(math.log(e[1] / e[2])))
    weights = {k: float(v) for k, v in zip(criteria, w, strict=True)}
    return Elicited("ahp", weights, round(ratio, 4), tuple(errors[:3]))


def spec(weights: Mapping[str, float], digits: int = 4) -> str:
    """The weights as a weights spec to copy (rounded; only their ratios matter)."""
    return ",".join(f"{k}={round(v, digits):g}" for k, v in weights.items())
