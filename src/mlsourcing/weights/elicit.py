"""Weights from judgements: rank order, swing, and pairwise comparison (AHP).

Pure functions; every result is a set of weights summing to 1. Errors are
:class:`~mlsourcing.errors.InputError` with the subject ``order``, ``swing``
or ``pairwise``. numpy is imported only for the AHP eigenvector.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple

from mlsourcing.errors import InputError, cap, suggest

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
SCALE = (1 / 9, 9)  # Saaty's 1-9 scale, and its reciprocals


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


def _known(key: str, criteria: Sequence[str], subject: str) -> str:
    if key not in criteria:
        raise InputError(subject, f"unknown criterion '{cap(key)}'{suggest(key, criteria)}")
    return key


def rank_order(order: str, criteria: Sequence[str]) -> Elicited:
    """Rank-order centroid weights from ``a>b>c=d``: for n criteria the k-th place
    gets (1/n) * sum_{i=k..n} 1/i; criteria tied share the mean of their places'."""
    groups = [
        [_known(k.strip(), criteria, "order") for k in group.split("=") if k.strip()]
        for group in order.split(">")
    ]
    if any(not g for g in groups):
        raise InputError("order", f"'{cap(order)}' has an empty place; write it as a>b>c=d")
    named = [k for g in groups for k in g]
    twice = sorted({k for k in named if named.count(k) > 1})
    if twice:
        raise InputError("order", f"{', '.join(twice)} named more than once")
    left = [k for k in criteria if k not in named]
    if left:
        raise InputError("order", f"place every criterion; missing: {', '.join(left)}")
    n = len(named)
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
        _known(key, criteria, "swing")
        if not (math.isfinite(value) and 0 <= value <= 100):
            raise InputError("swing", f"{key}={value:g} is not between 0 and 100")
    total = math.fsum(points.values())
    if total <= 0:
        raise InputError("swing", "every criterion has 0 points; give the most important 100")
    return Elicited("swing", {k: points.get(k, 0.0) / total for k in criteria})


def parse_points(specs: Sequence[str], criteria: Sequence[str]) -> dict[str, float]:
    """``talent=100,big_tech=60`` (comma-separated or repeated) as swing points."""
    points: dict[str, float] = {}
    for spec_ in specs:
        for part in (p.strip() for p in spec_.split(",")):
            if not part:
                continue
            key, sep, number = part.partition("=")
            if not sep:
                raise InputError("swing", f"'{cap(part)}' is not of the form criterion=points")
            try:
                points[_known(key.strip(), criteria, "swing")] = float(number)
            except ValueError:
                raise InputError("swing", f"'{cap(number.strip())}' is not a number") from None
    return points


def judgement(value: object, where: str) -> float:
    """A pairwise judgement: a number or "a/b" on Saaty's 1-9 scale (1/9 to 9)."""
    number: float
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"\d+(\.\d+)?(/\d+(\.\d+)?)?", text):
            raise InputError("pairwise", f"{where}: '{cap(text)}' is not a number or a fraction")
        try:
            number = float(Fraction(text))
        except ZeroDivisionError:
            raise InputError("pairwise", f"{where}: '{text}' divides by 0") from None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        raise InputError("pairwise", f'{where}: must be a number or a fraction such as "1/3"')
    if not SCALE[0] - 1e-9 <= number <= SCALE[1] + 1e-9:
        raise InputError("pairwise", f"{where}: {number:g} is outside Saaty's scale, 1/9 to 9")
    return number


def pairwise_matrix(judgements: Mapping[str, object], criteria: Sequence[str]) -> list[list[float]]:
    """The reciprocal matrix from judgements keyed "a:b" (a is that many times as
    important as b). Every pair is required, once, in either order."""
    n = len(criteria)
    index = {k: i for i, k in enumerate(criteria)}
    m = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    for key, value in judgements.items():
        a, sep, b = key.partition(":")
        if not sep:
            raise InputError("pairwise", f"'{cap(key)}' is not of the form a:b")
        a, b = _known(a.strip(), criteria, "pairwise"), _known(b.strip(), criteria, "pairwise")
        if a == b:
            raise InputError("pairwise", f"'{key}' compares {a} with itself")
        i, j = index[a], index[b]
        if m[i][j]:
            raise InputError("pairwise", f"{a} and {b} are compared twice")
        x = judgement(value, key)
        m[i][j], m[j][i] = x, 1 / x
    missing = [
        f"{criteria[i]}:{criteria[j]}" for i in range(n) for j in range(i + 1, n) if not m[i][j]
    ]
    if missing:
        raise InputError("pairwise", f"every pair needs a judgement; missing: {', '.join(missing)}")
    return m


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
