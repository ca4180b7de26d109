"""What several methods share: weights re-normalised over the criteria a destination
has (``--missing ignore``), and the linear score 100 * sum(w * position)."""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlsourcing.mcda.methods import Gaps, Mask, Rows
    from mlsourcing.mcda.normalise import Floats


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


def kept(
    w: Mapping[str, float], keys: Sequence[str], row: Sequence[float], mask: Sequence[bool] | None
) -> list[tuple[float, float]]:
    """(weight, position) over the criteria a row is scored on, weights summing to 1;
    empty when it has none (or only weightless ones)."""
    if mask is None:
        return [(w[k], n) for k, n in zip(keys, row, strict=True)]
    pairs = [(w[k], n) for k, n, has in zip(keys, row, mask, strict=True) if has]
    total = math.fsum(a for a, _ in pairs)
    return [(a / total, n) for a, n in pairs] if total > 0 else []


def masks(rows: Rows, present: Mask) -> Sequence[tuple[bool, ...] | None]:
    """Each row's mask of values present, or None for each when every value counts."""
    return [None] * len(rows) if present is None else present


def linear_scores(
    w: Mapping[str, float], keys: Sequence[str], rows: Rows, gaps: Gaps, present: Mask
) -> list[float]:
    """100 * sum(w * position) per row (weights re-normalised per row under ignore)."""
    if present is not None:
        return [
            math.fsum(kept_points(w, keys, row, mask))
            for row, mask in zip(rows, present, strict=True)
        ]
    w100 = [100 * w[k] for k in keys]
    return [math.fsum(map(operator.mul, w100, row)) for row in rows]


def share(total: Floats, weight: Floats) -> Floats:
    """total / weight where weight > 0, else 0 (numpy)."""
    import numpy as np

    with np.errstate(invalid="ignore", divide="ignore"):
        shares: Floats = np.where(weight > 0, total / np.where(weight > 0, weight, 1.0), 0.0)
    return shares


def linear_batch(
    positions: Floats, weights: Floats, gaps: Floats | None, mask: Floats | None
) -> Floats:
    """:func:`linear_scores` for many weight vectors at once (numpy)."""
    if mask is None:
        sums: Floats = 100.0 * (weights @ positions.T)
        return sums
    # Missing.ignore: weights re-normalised over each destination's criteria
    return 100.0 * share(weights @ (positions * mask).T, weights @ mask.T)
