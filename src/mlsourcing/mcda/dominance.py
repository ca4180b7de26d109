"""Dominance: a destination no better than another on any criterion and worse on
one can win under no weights at all.

A dominates B when A's value is at least as good as B's on every criterion
(higher for benefit, lower for cost; a missing value counts as the worst) and
strictly better on one. Under every method (each scores a destination by
positions that never fall as its values improve), A then scores at least as
much as B whatever the weights, so the candidates for dominating B are only
the destinations ranked at or above it.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlsourcing.data.dataset import Dataset
from mlsourcing.mcda.scoring import Ranking, Result


def _at_least_as_good(a: float | None, b: float | None, benefit: bool) -> tuple[bool, bool]:
    """(a is at least as good as b, a is strictly better than b)."""
    if b is None:
        return True, a is not None
    if a is None:
        return False, False
    if benefit:
        return a >= b, a > b
    return a <= b, a < b


def dominates(a: Result, b: Result, benefit: Sequence[bool]) -> bool:
    better = False
    for x, y, up in zip(a.value_row, b.value_row, benefit, strict=True):
        ok, strictly = _at_least_as_good(x, y, up)
        if not ok:
            return False
        better = better or strictly
    return better


def dominators(
    dataset: Dataset, ranking: Ranking, slugs: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """For each of ``slugs``, the names of the destinations that dominate it."""
    benefit = [c.direction == "benefit" for c in dataset.criteria.values()]
    results = ranking.results
    position = {r.slug: i for i, r in enumerate(results)}
    out: dict[str, tuple[str, ...]] = {}
    for slug in slugs:
        b = results[position[slug]]
        # only those scoring at least as much can dominate (ties may sit below)
        candidates = [r for r in results if r.score >= b.score and r.slug != slug]
        out[slug] = tuple(a.name for a in candidates if dominates(a, b, benefit))
    return out
