"""The weighted sum (WSM), the default.

Per criterion a value x becomes n in [0, 1] by min-max: benefit
(x - lo) / (hi - lo), cost (hi - x) / (hi - lo), lo/hi the criterion's fixed
``min``/``max`` when given, else the least/largest value present (on the log
scale for a ``scale = "log"`` criterion); when hi == lo everyone gets 1; a
missing value gets 0. score = 100 * sum(w * n), and each criterion's points
100 * w * n add up to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlsourcing.mcda.methods import Columns, Gaps, Positions, ScoringMethod
from mlsourcing.mcda.methods.common import linear_batch, linear_scores
from mlsourcing.mcda.normalise import log_scaled, minmax, minmax_matrix
from mlsourcing.vocab import Method, Missing

if TYPE_CHECKING:
    from mlsourcing.data.dataset import Dataset
    from mlsourcing.mcda.normalise import Bools, Bounds, Floats


def normalise(
    dataset: Dataset, cols: Columns, bounds: dict[str, Bounds], policy: Missing
) -> tuple[Positions, Gaps]:
    """Min-max within each criterion's bounds (on the log scale where it says so)."""
    scaled_cols, scaled = log_scaled(dataset, cols, bounds)
    crits = dataset.criteria.items()
    return {key: minmax(scaled_cols[key], crit, scaled[key]) for key, crit in crits}, None


def normalise_draw(
    dataset: Dataset, values: Floats, absent: Bools, policy: Missing
) -> tuple[Floats, Floats | None]:
    return minmax_matrix(values, absent, dataset), None


METHOD = ScoringMethod(
    name=Method.wsm,
    title="weighted sum",
    short="WSM",
    gist="weighted sum",
    position_text="normalised value: 0 at the criterion's worst bound, 1 at its best",
    linear=True,
    normalise=normalise,
    scores=linear_scores,
    normalise_draw=normalise_draw,
    batch_scores=linear_batch,
)
