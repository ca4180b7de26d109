"""The weighted product (WPM).

Position r = x / best (benefit) or best / x (cost), in (0, 1], on the values
themselves whatever the criterion's scale; score = 100 * prod(r ** w), 100 for
a destination best on every criterion. Dividing by the best rescales every
destination's product by the same factor, so the ranking is that of
prod(x ** w) itself. Every value must be above 0. A missing value counts as
the worst present (or, when every present value is equal, as the smallest
ratio a float holds, so that it still counts against its destination).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mlsourcing.errors import InputError, cap
from mlsourcing.mcda.methods import Columns, Gaps, Mask, Positions, Rows, ScoringMethod
from mlsourcing.mcda.methods.common import kept, masks, share
from mlsourcing.mcda.normalise import ratio_column, ratio_matrix
from mlsourcing.vocab import Method, Missing

if TYPE_CHECKING:
    from mlsourcing.data.dataset import Dataset
    from mlsourcing.mcda.normalise import Bools, Bounds, Floats


def check_positive(dataset: Dataset, cols: Columns) -> None:
    """The weighted product multiplies ratios of values: every value must be above 0."""
    names = [d.name for d in dataset.destinations.values()]
    for key, column in cols.items():
        for name, x in zip(names, column, strict=True):
            if x is not None and x <= 0:
                raise InputError(
                    "method",
                    f"wpm multiplies ratios of values, so every value must be above 0, but "
                    f"'{cap(key)}' of '{cap(name)}' is {x:g}; choose another method",
                )


def normalise(
    dataset: Dataset, cols: Columns, bounds: dict[str, Bounds], policy: Missing
) -> tuple[Positions, Gaps]:
    check_positive(dataset, cols)
    return {key: ratio_column(cols[key], crit) for key, crit in dataset.criteria.items()}, None


def normalise_draw(
    dataset: Dataset, values: Floats, absent: Bools, policy: Missing
) -> tuple[Floats, Floats | None]:
    if (values[~absent] <= 0).any():  # say it as for the dataset, naming the value
        check_positive(dataset, _columns(values, list(dataset.criteria)))
    return ratio_matrix(values, absent, dataset), None


def _columns(values: Floats, keys: list[str]) -> Columns:
    return {
        key: [None if x != x else x for x in values[:, j].tolist()] for j, key in enumerate(keys)
    }


def scores(
    w: Mapping[str, float], keys: Sequence[str], rows: Rows, gaps: Gaps, present: Mask
) -> list[float]:
    out = []
    for row, mask in zip(rows, masks(rows, present), strict=True):
        pairs = kept(w, keys, row, mask)
        out.append(100 * math.exp(math.fsum(a * math.log(r) for a, r in pairs)) if pairs else 0.0)
    return out


def batch_scores(
    positions: Floats, weights: Floats, gaps: Floats | None, mask: Floats | None
) -> Floats:
    import numpy as np

    if mask is None:
        product: Floats = 100.0 * np.exp(weights @ np.log(positions).T)
        return product
    weight = weights @ mask.T  # each row's weight on the criteria it has
    product = 100.0 * np.exp(share(weights @ (np.log(positions) * mask).T, weight))
    product[weight <= 0] = 0.0
    return product


METHOD = ScoringMethod(
    name=Method.wpm,
    title="weighted product",
    short="WPM",
    gist="weighted product",
    position_text="ratio to the best value present (1 is the best)",
    linear=False,
    normalise=normalise,
    scores=scores,
    normalise_draw=normalise_draw,
    batch_scores=batch_scores,
)
