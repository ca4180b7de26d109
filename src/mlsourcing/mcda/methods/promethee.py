"""PROMETHEE II with the usual preference function.

On each criterion a destination wins against every other with a worse value and
loses against every other with a better one; its position is
(wins - losses) / (m - 1) rescaled from [-1, 1] to [0, 1]. The net flow is
phi = sum(w * (wins - losses) / (m - 1)) and score = 100 * (phi + 1) / 2
= 100 * sum(w * position): linear in the weights, so points add up to the
score. Only the order of the values counts (no scale, no bounds). A missing
value loses to every value present, or, under ``--missing ignore``, takes
part in no comparison.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlsourcing.mcda.methods import Columns, Gaps, Positions, ScoringMethod
from mlsourcing.mcda.methods.common import linear_batch, linear_scores
from mlsourcing.mcda.normalise import outranking_column, outranking_matrix
from mlsourcing.vocab import Method, Missing

if TYPE_CHECKING:
    from mlsourcing.data.dataset import Dataset
    from mlsourcing.mcda.normalise import Bools, Bounds, Floats


def normalise(
    dataset: Dataset, cols: Columns, bounds: dict[str, Bounds], policy: Missing
) -> tuple[Positions, Gaps]:
    loses = policy is not Missing.ignore
    crits = dataset.criteria.items()
    return {key: outranking_column(cols[key], crit, loses) for key, crit in crits}, None


def normalise_draw(
    dataset: Dataset, values: Floats, absent: Bools, policy: Missing
) -> tuple[Floats, Floats | None]:
    return outranking_matrix(values, absent, dataset, policy is not Missing.ignore), None


METHOD = ScoringMethod(
    name=Method.promethee,
    title="PROMETHEE II",
    short="PROMETHEE",
    gist="PROMETHEE II, pairwise outranking",
    position_text="pairwise standing: (net flow + 1) / 2, 1 beats every other destination",
    linear=True,
    normalise=normalise,
    scores=linear_scores,
    normalise_draw=normalise_draw,
    batch_scores=linear_batch,
)
