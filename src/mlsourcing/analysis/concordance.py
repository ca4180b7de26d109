"""How far stakeholders agree: Kendall's W over the rankings each one's weights
give, Kendall's tau-b between two rankings, and each one's top choice.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from itertools import combinations
from typing import NamedTuple

from mlsourcing.data.dataset import Dataset
from mlsourcing.errors import DatasetError
from mlsourcing.mcda.scoring import Ranking, rank
from mlsourcing.vocab import Aggregate, Method, Missing
from mlsourcing.weights.elicit import CONSISTENT
from mlsourcing.weights.group import aggregate, elicited

STRONG, MODERATE = 0.7, 0.4  # Kendall's W at or above these: strong, moderate agreement


def fractional_ranks(ranking: Ranking, slugs: Sequence[str]) -> list[float]:
    """Each destination's rank, tied destinations sharing the mean of their places."""
    places: dict[float, list[str]] = {}
    for r in ranking.results:
        places.setdefault(r.score, []).append(r.slug)
    out: dict[str, float] = {}
    start = 1
    for group in places.values():  # results are best first: groups in rank order
        mean = start + (len(group) - 1) / 2
        out.update({s: mean for s in group})
        start += len(group)
    return [out[s] for s in slugs]


def kendall_w(rankings: Sequence[Sequence[float]]) -> float:
    """Kendall's coefficient of concordance, corrected for ties: 1 when every
    ranking is the same, 0 when they cancel out."""
    k, n = len(rankings), len(rankings[0])
    if k < 2 or n < 2:
        return 1.0
    sums = [math.fsum(r[i] for r in rankings) for i in range(n)]
    mean = math.fsum(sums) / n
    s = math.fsum((x - mean) ** 2 for x in sums)
    ties = 0.0
    for r in rankings:
        counts: dict[float, int] = {}
        for x in r:
            counts[x] = counts.get(x, 0) + 1
        ties += sum(t**3 - t for t in counts.values())
    denominator = k**2 * (n**3 - n) - k * ties
    return 1.0 if denominator <= 0 else 12 * s / denominator


def kendall_tau(a: Sequence[float], b: Sequence[float]) -> float:
    """Kendall's tau-b between two rankings of the same destinations.

    Knight's O(n log n) algorithm: sort by (a, b), count the pairs tied in a, in b
    and in both, and count the discordant pairs as the inversions a merge sort of
    the b column makes. 1.0 when either ranking ties everything.
    """
    n = len(a)
    pairs = sorted(zip(a, b, strict=True))
    total = n * (n - 1) // 2

    def tied(values: Sequence[object]) -> int:
        return sum(c * (c - 1) // 2 for c in Counter(values).values())

    ties_a, ties_both = tied([x for x, _ in pairs]), tied(pairs)
    ys = [y for _, y in pairs]
    discordant = _inversions(ys)
    ties_b = tied(ys)
    denominator = math.sqrt((total - ties_a) * (total - ties_b))
    if denominator == 0:
        return 1.0
    return (total - ties_a - ties_b + ties_both - 2 * discordant) / denominator


def _inversions(values: list[float]) -> int:
    """How many pairs i < j have values[i] > values[j] (sorts ``values`` in place)."""
    count = 0
    width = 1
    n = len(values)
    buffer = values[:]
    while width < n:
        for lo in range(0, n, 2 * width):
            mid, hi = min(lo + width, n), min(lo + 2 * width, n)
            i, j, k = lo, mid, lo
            while i < mid and j < hi:
                if values[j] < values[i]:
                    buffer[k] = values[j]
                    count += mid - i
                    j += 1
                else:
                    buffer[k] = values[i]
                    i += 1
                k += 1
            buffer[k:hi] = values[i:mid] if i < mid else values[j:hi]
        values, buffer = buffer, values
        width *= 2
    return count


class Member(NamedTuple):
    key: str
    name: str
    role: str
    view: str  # "weights", "order" or "pairwise"
    weights: dict[str, float]
    top: str  # slug of their own top destination (first by name among ties)
    top_name: str
    consistency_ratio: float | None = None  # pairwise judgements only

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio is None or self.consistency_ratio <= CONSISTENT


class Group(NamedTuple):
    members: tuple[Member, ...]
    weights: dict[str, float]  # the group's
    how: Aggregate
    concordance: float  # Kendall's W
    pairs: tuple[tuple[str, str, float], ...]  # (key, key, tau), least agreement first
    top: str  # the group weights' top destination
    top_name: str

    @property
    def agreement(self) -> str:
        """Kendall's W in words: strong (0.7 or more), moderate (0.4 or more) or weak."""
        w = self.concordance
        return "strong" if w >= STRONG else "moderate" if w >= MODERATE else "weak"


def group(
    dataset: Dataset,
    how: Aggregate = Aggregate.mean,
    method: Method = Method.wsm,
    missing: Missing = Missing.worst,
) -> Group:
    if not dataset.stakeholders:
        raise DatasetError(
            dataset.path,
            ["defines no [stakeholders] tables; add one per person (see docs/dataset.md)"],
        )
    slugs = list(dataset.destinations)
    members, rankings = [], []
    for key, who in dataset.stakeholders.items():
        found = elicited(dataset, who)
        w = found.weights
        ranking = rank(dataset, w, method, missing=missing)
        view = "order" if who.order else "pairwise" if who.pairwise else "weights"
        best = ranking.results[0]
        members.append(
            Member(key, who.name, who.role, view, w, best.slug, best.name, found.consistency_ratio)
        )
        rankings.append(fractional_ranks(ranking, slugs))
    combined = aggregate([m.weights for m in members], how)
    overall = rank(dataset, combined, method, missing=missing).results[0]
    taus = [
        (members[i].key, members[j].key, kendall_tau(rankings[i], rankings[j]))
        for i, j in combinations(range(len(members)), 2)
    ]
    taus.sort(key=lambda t: t[2])
    return Group(
        tuple(members), combined, how, kendall_w(rankings), tuple(taus), overall.slug, overall.name
    )
