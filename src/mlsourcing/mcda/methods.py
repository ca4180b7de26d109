"""How each method turns normalised positions and weights into scores on 0-100.

Pure Python, one weight vector at a time (:func:`mlsourcing.analysis.robustness.batch_scores`
is the numpy twin for many weight draws). Every method starts from the
positions :func:`mlsourcing.mcda.scoring.prepare` computes, one per destination and
criterion, in [0, 1], 1 the best:

* ``wsm``: min-max normalised value n; score = 100 * sum(w * n).
* ``promethee`` (PROMETHEE II, usual preference function): with the usual
  function, destination a's net flow is phi(a) = sum(w * (wins - losses) / (m - 1))
  over its pairwise comparisons on each criterion; the position is
  (wins - losses) / (m - 1) rescaled to [0, 1], and score = 100 * (phi + 1) / 2
  = 100 * sum(w * position). Like the weighted sum it is linear in the weights,
  so points add up to the score.
* ``topsis``: see :func:`closeness`.
* ``wpm`` (weighted product): position r = x / best (benefit) or best / x
  (cost), in (0, 1]; score = 100 * prod(r ** w), 100 for a destination best on
  every criterion. Dividing by the best rescales every destination's product
  by the same factor, so the ranking is that of prod(x ** w) itself.
* ``vikor`` (v = 0.5): regret d = 1 - n (n the min-max position: d = (f* - f) /
  (f* - f-)); S = sum(w * d), R = max(w * d); Q = v (S - S*) / (S- - S*) +
  (1 - v) (R - R*) / (R- - R*), lower better; score = 100 * (1 - Q), so the
  compromise solution scores 100 and the worst on both measures 0.

Under ``--missing ignore`` (``present`` given) each destination is scored on
the criteria it has, their weights divided by their sum.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence

from mlsourcing.vocab import Method

DIGITS = 9  # scores and points are rounded to this many decimals
SPREAD_DIGITS = 12  # VIKOR's S and R, before Q divides by their spread
LINEAR = frozenset({Method.wsm, Method.promethee})  # score = 100 * sum(w * position)
VIKOR_V = 0.5  # VIKOR's weight of the group utility S against the individual regret R

Rows = Sequence[tuple[float, ...]]
Mask = Sequence[tuple[bool, ...]] | None


def closeness(weighted_gaps: Sequence[float], positions: Sequence[float]) -> float:
    """TOPSIS score: 100 * d- / (d+ + d-), from each criterion's w * gap and position."""
    pairs = list(zip(weighted_gaps, positions, strict=True))
    d_plus = math.sqrt(math.fsum((a * (1 - p)) ** 2 for a, p in pairs))
    d_minus = math.sqrt(math.fsum((a * p) ** 2 for a, p in pairs))
    if d_plus + d_minus == 0:
        return 100.0  # every destination is the ideal on every weighted criterion
    return 100 * d_minus / (d_plus + d_minus)


def kept_points(
    w: Mapping[str, float], keys: Sequence[str], row: Sequence[float], mask: Sequence[bool]
) -> tuple[float, ...]:
    """Missing.ignore, linear methods: 100 * w * n over the criteria a destination has,
    the weights re-normalised over them; 0 for the others (and for all, with none)."""
    total = math.fsum(w[k] for k, has in zip(keys, mask, strict=True) if has)
    if total <= 0:
        return tuple(0.0 for _ in keys)
    return tuple(
        100 * w[k] / total * n if has else 0.0 for k, n, has in zip(keys, row, mask, strict=True)
    )


def _kept(
    w: Mapping[str, float], keys: Sequence[str], row: Sequence[float], mask: Sequence[bool] | None
) -> list[tuple[float, float]]:
    """(weight, position) over the criteria a row is scored on, weights summing to 1;
    empty when it has none (or only weightless ones)."""
    if mask is None:
        return [(w[k], n) for k, n in zip(keys, row, strict=True)]
    pairs = [(w[k], n) for k, n, has in zip(keys, row, mask, strict=True) if has]
    total = math.fsum(a for a, _ in pairs)
    return [(a / total, n) for a, n in pairs] if total > 0 else []


def method_scores(
    method: Method,
    w: Mapping[str, float],
    keys: Sequence[str],
    rows: Rows,
    gaps: Mapping[str, float] | None = None,
    present: Mask = None,
) -> list[float]:
    """Every row's score (unrounded) under effective weights ``w`` (summing to 1)."""
    masks: Sequence[tuple[bool, ...] | None] = [None] * len(rows) if present is None else present
    if method in LINEAR:
        if present is not None:
            return [
                math.fsum(kept_points(w, keys, row, mask))
                for row, mask in zip(rows, present, strict=True)
            ]
        w100 = [100 * w[k] for k in keys]
        return [math.fsum(map(operator.mul, w100, row)) for row in rows]
    if method is Method.topsis:
        assert gaps is not None
        out = []
        for row, mask in zip(rows, masks, strict=True):
            kept = [(w[k] * gaps[k], n) for k, n, has in _flags(keys, row, mask) if has]
            if mask is not None and not any(mask):
                out.append(0.0)  # no values at all: nothing to score
            else:
                out.append(closeness([g for g, _ in kept], [n for _, n in kept]))
        return out
    if method is Method.wpm:
        out = []
        for row, mask in zip(rows, masks, strict=True):
            kept = _kept(w, keys, row, mask)
            out.append(100 * math.exp(math.fsum(a * math.log(r) for a, r in kept)) if kept else 0.0)
        return out
    return _vikor([_kept(w, keys, row, mask) for row, mask in zip(rows, masks, strict=True)])


def _flags(
    keys: Sequence[str], row: Sequence[float], mask: Sequence[bool] | None
) -> list[tuple[str, float, bool]]:
    flags = [True] * len(keys) if mask is None else list(mask)
    return list(zip(keys, row, flags, strict=True))


def _vikor(kept_rows: Sequence[list[tuple[float, float]]]) -> list[float]:
    """100 * (1 - Q) for each destination's (weight, position) pairs."""
    s = [math.fsum(a * (1 - n) for a, n in kept) if kept else 1.0 for kept in kept_rows]
    r = [max((a * (1 - n) for a, n in kept), default=0.0) if kept else 1.0 for kept in kept_rows]
    return [100 * (1 - q) for q in vikor_q(s, r)]


def vikor_q(s: Sequence[float], r: Sequence[float]) -> list[float]:
    """VIKOR's Q from the group utilities S and individual regrets R (0 best, 1 worst).

    S and R are rounded to 12 decimals first: Q divides by their spread, which
    would otherwise blow float noise (1 - 1e-16 against 1) up into a whole score."""
    s = [round(x, SPREAD_DIGITS) for x in s]
    r = [round(x, SPREAD_DIGITS) for x in r]
    s_best, s_worst, r_best, r_worst = min(s), max(s), min(r), max(r)
    s_span, r_span = s_worst - s_best, r_worst - r_best
    return [
        (VIKOR_V * (si - s_best) / s_span if s_span > 0 else 0.0)
        + ((1 - VIKOR_V) * (ri - r_best) / r_span if r_span > 0 else 0.0)
        for si, ri in zip(s, r, strict=True)
    ]
