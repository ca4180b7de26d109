"""VIKOR (Opricovic), with v = 0.5: the compromise solution.

On the min-max positions n of the weighted sum, the regret is d = 1 - n
(d = (f* - f) / (f* - f-)); S = sum(w * d) is the group utility and R = max(w * d)
the individual regret; Q = v (S - S*) / (S- - S*) + (1 - v) (R - R*) / (R- - R*),
lower better; score = 100 * (1 - Q), so the compromise solution scores 100 and
the worst on both measures 0 (when nobody differs, everyone scores 100).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mlsourcing.mcda.methods import Gaps, Mask, Rows, ScoringMethod, wsm
from mlsourcing.mcda.methods.common import kept, share
from mlsourcing.vocab import Method

if TYPE_CHECKING:
    from mlsourcing.mcda.normalise import Floats

SPREAD_DIGITS = 12  # S and R are rounded to this many decimals before Q divides by their spread
V = 0.5  # the weight of the group utility S against the individual regret R


def q(s: Sequence[float], r: Sequence[float]) -> list[float]:
    """Q from the group utilities S and individual regrets R (0 best, 1 worst).

    S and R are rounded to 12 decimals first: Q divides by their spread, which
    would otherwise blow float noise (1 - 1e-16 against 1) up into a whole score."""
    s = [round(x, SPREAD_DIGITS) for x in s]
    r = [round(x, SPREAD_DIGITS) for x in r]
    s_best, s_worst, r_best, r_worst = min(s), max(s), min(r), max(r)
    s_span, r_span = s_worst - s_best, r_worst - r_best
    return [
        (V * (si - s_best) / s_span if s_span > 0 else 0.0)
        + ((1 - V) * (ri - r_best) / r_span if r_span > 0 else 0.0)
        for si, ri in zip(s, r, strict=True)
    ]


def scores(
    w: Mapping[str, float], keys: Sequence[str], rows: Rows, gaps: Gaps, present: Mask
) -> list[float]:
    """100 * (1 - Q) for each destination (no values at all: the worst S and R, 1)."""
    if present is None:  # every value counts: the same weights for every row
        weights = [w[k] for k in keys]
        regrets = [[a * (1 - n) for a, n in zip(weights, row, strict=True)] for row in rows]
    else:
        regrets = [
            [a * (1 - n) for a, n in kept(w, keys, row, mask)]
            for row, mask in zip(rows, present, strict=True)
        ]
    s = [math.fsum(d) if d else 1.0 for d in regrets]
    r = [max(d) if d else 1.0 for d in regrets]
    return [100 * (1 - x) for x in q(s, r)]


def batch_scores(
    positions: Floats, weights: Floats, gaps: Floats | None, mask: Floats | None
) -> Floats:
    """100 * (1 - Q) per draw."""
    import numpy as np

    regret = 1.0 - positions if mask is None else (1.0 - positions) * mask
    s = weights @ regret.T
    r = np.zeros_like(s)
    for j in range(positions.shape[1]):  # criterion by criterion: no 3-D array
        np.maximum(r, weights[:, [j]] * regret[:, j][None, :], out=r)
    if mask is not None:  # re-normalised weights; no criteria at all: the worst (1, 1)
        weight = weights @ mask.T
        s = np.where(weight > 0, share(s, weight), 1.0)
        r = np.where(weight > 0, share(r, weight), 1.0)
    total = np.zeros_like(s)
    for part, portion in ((np.round(s, SPREAD_DIGITS), V), (np.round(r, SPREAD_DIGITS), 1.0 - V)):
        low = part.min(axis=1, keepdims=True)
        span = part.max(axis=1, keepdims=True) - low
        with np.errstate(invalid="ignore", divide="ignore"):
            total += portion * np.where(span > 0, (part - low) / np.where(span > 0, span, 1.0), 0.0)
    result: Floats = 100.0 * (1.0 - total)
    return result


METHOD = ScoringMethod(
    name=Method.vikor,
    title="VIKOR",
    short="VIKOR",
    gist="compromise",
    position_text="1 minus the regret: 0 at the worst value, 1 at the best",
    linear=False,
    normalise=wsm.normalise,  # VIKOR's regret is 1 - the weighted sum's min-max position
    scores=scores,
    normalise_draw=wsm.normalise_draw,
    batch_scores=batch_scores,
)
