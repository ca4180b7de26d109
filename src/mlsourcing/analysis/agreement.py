"""Would another reasonable method pick the same winner?

Ranks every destination under each method (the same weights and missing-value
policy), measures how alike each pair of rankings is (Kendall's tau-b), and
builds a consensus by the Borda count: under each method a destination earns a
point for every destination it ranks above and half a point for every one it
ties with; the consensus ranks by the points summed over the methods. A method
that cannot score the dataset (the weighted product with a value of 0 or
less) is left out, with the reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import NamedTuple

from mlsourcing.analysis.concordance import kendall_tau
from mlsourcing.data.dataset import Dataset
from mlsourcing.errors import InputError
from mlsourcing.mcda.methods import names as registered
from mlsourcing.mcda.scoring import DIGITS, Ranking, competition_ranks, leading_count, rank
from mlsourcing.vocab import Method, Missing

DEPENDENT_SHOWN = 3  # destinations named as depending most on the method


class Standing(NamedTuple):
    slug: str
    name: str
    ranks: tuple[int, ...]  # under each method scored, in Agreement.methods order
    scores: tuple[float, ...]
    borda: float  # points summed over the methods
    consensus: int  # rank by those points (ties share a rank)

    @property
    def best(self) -> int:
        return min(self.ranks)

    @property
    def worst(self) -> int:
        return max(self.ranks)

    @property
    def spread(self) -> int:
        """How far apart its best and worst ranks are: 0 when every method agrees."""
        return self.worst - self.best


class Agreement(NamedTuple):
    methods: tuple[Method, ...]  # those that scored the dataset
    skipped: tuple[tuple[Method, str], ...]  # (method, why it could not)
    weights: dict[str, float]  # effective weights, the same for every method
    policy: Missing
    standings: tuple[Standing, ...]  # by consensus rank, then name
    taus: tuple[tuple[Method, Method, float], ...]  # every pair of methods

    @property
    def dependent(self) -> tuple[Standing, ...]:
        """The destinations whose rank depends most on the method (largest spread
        first; none when every method ranks them alike)."""
        moved = sorted(
            (s for s in self.standings if s.spread > 0), key=lambda s: (-s.spread, s.consensus)
        )
        return tuple(moved[:DEPENDENT_SHOWN])

    @property
    def winners(self) -> dict[Method, tuple[str, ...]]:
        """Each method's first-ranked destinations (names)."""
        return {
            m: tuple(s.name for s in self.standings if s.ranks[i] == 1)
            for i, m in enumerate(self.methods)
        }

    @property
    def least_agreeing(self) -> tuple[Method, Method, float] | None:
        return min(self.taus, key=lambda t: t[2], default=None)

    def leading(self, top: int | None) -> tuple[Standing, ...]:
        """The best ``top`` by consensus, with any tied at the cut (as Ranking.leading)."""
        return self.standings[: leading_count([s.consensus for s in self.standings], top)]


def borda_points(ranks: Sequence[int]) -> list[float]:
    """Per destination: the number it ranks above, plus half the number it ties with."""
    ties = Counter(ranks)
    m = len(ranks)
    return [m - r - (ties[r] - 1) / 2 for r in ranks]


def agreement(
    dataset: Dataset,
    weights: Mapping[str, float] | None = None,
    missing: str | Missing = Missing.worst,
    methods: Sequence[Method] | None = None,
) -> Agreement:
    rankings: dict[Method, Ranking] = {}
    skipped = []
    for method in registered() if methods is None else methods:
        try:
            rankings[method] = rank(dataset, weights, method, missing=missing)
        except InputError as exc:
            if exc.subject != "method":
                raise
            skipped.append((method, exc.message))
    if not rankings:
        reasons = "; ".join(f"{m}: {why}" for m, why in skipped)
        raise InputError("method", f"no method can score this dataset ({reasons})")
    used = tuple(rankings)
    slugs = list(dataset.destinations)
    ranks = {m: {r.slug: r.rank for r in rk.results} for m, rk in rankings.items()}
    scores = {m: {r.slug: r.score for r in rk.results} for m, rk in rankings.items()}
    points = dict.fromkeys(slugs, 0.0)
    for m in used:
        for slug, p in zip(slugs, borda_points([ranks[m][s] for s in slugs]), strict=True):
            points[slug] += p
    names = {slug: d.name for slug, d in dataset.destinations.items()}
    order = sorted(slugs, key=lambda s: (-points[s], names[s].casefold(), s))
    consensus = competition_ranks([round(points[s], DIGITS) for s in order])
    standings = tuple(
        Standing(
            slug,
            names[slug],
            tuple(ranks[m][slug] for m in used),
            tuple(scores[m][slug] for m in used),
            round(points[slug], DIGITS),
            place,
        )
        for slug, place in zip(order, consensus, strict=True)
    )
    taus = tuple(
        (a, b, round(kendall_tau([ranks[a][s] for s in slugs], [ranks[b][s] for s in slugs]), 4))
        for a, b in combinations(used, 2)
    )
    first = next(iter(rankings.values()))
    return Agreement(used, tuple(skipped), first.weights, first.policy, standings, taus)
