"""A group of stakeholders' weights: each one's, and the group's.

Pure functions. A stakeholder states weights (criteria not named keep the
dataset's default), a rank order, or pairwise judgements (AHP); each view is
normalised to weights summing to 1. The group's weights are their mean, or
their normalised geometric mean. How far they agree is
:mod:`mlsourcing.analysis.concordance`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mlsourcing.errors import InputError
from mlsourcing.vocab import Aggregate
from mlsourcing.weights import elicit
from mlsourcing.weights.specs import effective_weights

if TYPE_CHECKING:
    from mlsourcing.data.dataset import Dataset, Stakeholder


def elicited(dataset: Dataset, who: Stakeholder) -> elicit.Elicited:
    """A stakeholder's normalised weights, from whichever view they stated, with the
    consistency ratio of pairwise judgements."""
    criteria = list(dataset.criteria)
    if who.order is not None:
        return elicit.rank_order(who.order, criteria)
    if who.pairwise is not None:
        return elicit.ahp(who.pairwise, criteria)
    return elicit.Elicited("weights", effective_weights(dataset, who.weights or {}))


def weights_of(dataset: Dataset, who: Stakeholder) -> dict[str, float]:
    """A stakeholder's normalised weights, from whichever view they stated."""
    return elicited(dataset, who).weights


def inconsistent(dataset: Dataset) -> list[str]:
    """A sentence for each stakeholder whose pairwise judgements contradict each other
    (consistency ratio above elicit.CONSISTENT)."""
    out = []
    for who in dataset.stakeholders.values():
        found = elicited(dataset, who)
        if not found.consistent:
            out.append(
                f"{who.name}'s pairwise judgements have a consistency ratio of "
                f"{found.consistency_ratio:.2f} (above {elicit.CONSISTENT:.2f}): they "
                "contradict each other, so the weights drawn from them are doubtful"
            )
    return out


def aggregate(
    views: Sequence[Mapping[str, float]], how: Aggregate = Aggregate.mean
) -> dict[str, float]:
    """The group's weights: the mean of normalised weights, or their geometric mean
    normalised again (a criterion one stakeholder gives 0 then gets 0)."""
    keys = list(views[0])
    if how is Aggregate.mean:
        raw = {k: math.fsum(v[k] for v in views) / len(views) for k in keys}
    else:
        raw = {
            k: 0.0
            if any(v[k] <= 0 for v in views)
            else math.exp(math.fsum(math.log(v[k]) for v in views) / len(views))
            for k in keys
        }
    total = math.fsum(raw.values())
    if total <= 0:
        raise InputError("aggregate", "the stakeholders' geometric mean gives every criterion 0")
    return {k: x / total for k, x in raw.items()}
