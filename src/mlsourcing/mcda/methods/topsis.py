"""TOPSIS (Hwang & Yoon, 1981): closeness to the ideal.

Values are vector-normalised per criterion (x / sqrt(sum of squares), on the
log scale where the criterion says so), weighted, and each destination's
Euclidean distances d+ to the ideal and d- to the anti-ideal point are taken
(for a cost criterion the ideal is the least value). score = 100 * d- / (d+ + d-).
A missing value counts as the worst value present on its criterion, in the
vector norm and in the distances.

Positions do not depend on the weights: on one criterion a destination's
weighted distance to the ideal is w * gap * (1 - p) and to the anti-ideal
w * gap * p, where p is its position and gap the criterion's ideal-minus-anti-ideal
spread in vector-normalised units.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mlsourcing.mcda.methods import Columns, Gaps, Mask, Positions, Rows, ScoringMethod
from mlsourcing.mcda.normalise import log_scaled, topsis_column, topsis_matrix
from mlsourcing.vocab import Method, Missing

if TYPE_CHECKING:
    from mlsourcing.data.dataset import Dataset
    from mlsourcing.mcda.normalise import Bools, Bounds, Floats


def normalise(
    dataset: Dataset, cols: Columns, bounds: dict[str, Bounds], policy: Missing
) -> tuple[Positions, Gaps]:
    scaled_cols, _ = log_scaled(dataset, cols, bounds)
    found = {key: topsis_column(scaled_cols[key], crit) for key, crit in dataset.criteria.items()}
    return {key: p for key, (p, _) in found.items()}, {key: g for key, (_, g) in found.items()}


def normalise_draw(
    dataset: Dataset, values: Floats, absent: Bools, policy: Missing
) -> tuple[Floats, Floats | None]:
    return topsis_matrix(values, absent, dataset)


def closeness(weighted_gaps: Sequence[float], positions: Sequence[float]) -> float:
    """TOPSIS score: 100 * d- / (d+ + d-), from each criterion's w * gap and position."""
    d_plus = math.sqrt(
        math.fsum([(a * (1 - p)) ** 2 for a, p in zip(weighted_gaps, positions, strict=True)])
    )
    d_minus = math.sqrt(
        math.fsum([(a * p) ** 2 for a, p in zip(weighted_gaps, positions, strict=True)])
    )
    if d_plus + d_minus == 0:
        return 100.0  # every destination is the ideal on every weighted criterion
    return 100 * d_minus / (d_plus + d_minus)


def scores(
    w: Mapping[str, float], keys: Sequence[str], rows: Rows, gaps: Gaps, present: Mask
) -> list[float]:
    assert gaps is not None
    weighted = [w[k] * gaps[k] for k in keys]
    if present is None:  # every value counts: the same weighted gaps for every row
        return [closeness(weighted, row) for row in rows]
    out = []
    for row, mask in zip(rows, present, strict=True):
        if not any(mask):
            out.append(0.0)  # no values at all: nothing to score
            continue
        kept = [(a, n) for a, n, has in zip(weighted, row, mask, strict=True) if has]
        out.append(closeness([a for a, _ in kept], [n for _, n in kept]))
    return out


def batch_scores(
    positions: Floats, weights: Floats, gaps: Floats | None, mask: Floats | None
) -> Floats:
    import numpy as np

    assert gaps is not None
    w2 = weights**2
    keep = 1.0 if mask is None else mask
    d_plus = np.sqrt(w2 @ ((((1.0 - positions) * gaps) ** 2) * keep).T)
    d_minus = np.sqrt(w2 @ (((positions * gaps) ** 2) * keep).T)
    total = d_plus + d_minus
    # all distances 0: the ideal on every weighted criterion (100), unless the
    # destination has no values at all to be scored on (0)
    none = 1.0 if mask is None else (mask.sum(axis=1) > 0).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        near = np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), none)
    result: Floats = 100.0 * near
    return result


METHOD = ScoringMethod(
    name=Method.topsis,
    title="TOPSIS",
    short="TOPSIS",
    gist="distance to the ideal",
    position_text="position between the anti-ideal (0) and the ideal (1)",
    linear=False,
    normalise=normalise,
    scores=scores,
    normalise_draw=normalise_draw,
    batch_scores=batch_scores,
)
