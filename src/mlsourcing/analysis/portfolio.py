"""Location portfolios: which K destinations, taken together, hold up best when the
weights (or the values) are uncertain.

Every combination of K destinations among the best M at the chosen weights
(and any the user includes) is scored over the same draws as the sensitivity
analysis, seed for seed:

* coverage: the share of draws in which the portfolio holds that draw's winner
  (a tie for first shares the draw, as p(first) does), so a portfolio of one
  has exactly its destination's p(first);
* the mean and the 5th percentile over the draws of the best member's score:
  how good the portfolio's best site is, typically and in a bad draw.

Portfolios are ranked by coverage, then by the mean best score. Each draw's
scores are computed once for all portfolios; the combinations are counted in
numpy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from mlsourcing.analysis.robustness import Draws, draws_of
from mlsourcing.data.dataset import Dataset
from mlsourcing.errors import InputError
from mlsourcing.mcda.batch import Floats
from mlsourcing.mcda.normalise import columns
from mlsourcing.mcda.scoring import DIGITS
from mlsourcing.vocab import (
    DEFAULT_AMONG,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_SPREAD,
    Method,
    Missing,
    Vary,
)

Indexes = npt.NDArray[np.intp]
CELLS = 50_000_000  # portfolios x draws of best scores kept for the percentile
ALIKE = 0.1  # members are alike on a criterion whose values span at most this share


Alike = tuple[tuple[str, float | None, float | None], ...]  # (criterion, low, high)


class Portfolio(NamedTuple):
    slugs: tuple[str, ...]  # best first at the chosen weights
    names: tuple[str, ...]
    coverage: float  # share of draws whose winner is a member
    mean_best: float  # mean over the draws of the best member's score
    p05_best: float  # 5th percentile over the draws of the best member's score
    alike: Alike  # the criteria the members are alike on


class Portfolios(NamedTuple):
    size: int
    among: tuple[str, ...]  # slugs of the candidates, best first
    included: tuple[str, ...]  # forced into every portfolio
    results: tuple[Portfolio, ...]  # by coverage, then mean best score
    method: Method
    policy: Missing
    samples: int
    seed: int
    spread: float | None
    vary: Vary
    value_spread: float
    weights: dict[str, float]
    total: int  # destinations ranked in every draw
    between: tuple[str, ...] = ()  # stakeholders whose weights were mixed, if any


def check_sizes(size: int, among: int) -> None:
    if size < 1:
        raise InputError("size", f"must be at least 1, not {size}")
    if among < size:
        raise InputError("among", f"must be at least the size ({size}), not {among}")


def portfolios(
    dataset: Dataset,
    size: int,
    weights: dict[str, float] | None = None,
    method: str | Method = Method.wsm,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    spread: float | None = DEFAULT_SPREAD,
    missing: str | Missing = Missing.worst,
    between: dict[str, dict[str, float]] | None = None,
    vary: str | Vary = Vary.weights,
    value_spread: float = 0.0,
    among: int = DEFAULT_AMONG,
    include: Sequence[str] = (),
) -> Portfolios:
    """Every portfolio of ``size`` destinations among the best ``among`` (plus those in
    ``include``, which every portfolio holds), scored over the draws."""
    check_sizes(size, among)
    setup = draws_of(
        dataset, weights, method, samples, seed, spread, missing, between, vary, value_spread
    )
    m = len(setup.best_first)
    slugs = setup.model.slugs
    forced = [slugs.index(s) for s in dict.fromkeys(include)]
    if len(forced) > size:
        raise InputError("include", f"{len(forced)} destinations do not fit a portfolio of {size}")
    candidates = list(dict.fromkeys([*forced, *setup.best_first[:among]]))
    if size > len(candidates):
        raise InputError(
            "size", f"{size} is more than the {len(candidates)} destinations to choose from"
        )
    others = [i for i in candidates if i not in forced]
    place = {i: k for k, i in enumerate(setup.best_first)}  # members best first
    chosen = combinations(others, size - len(forced))
    combos: Indexes = np.array(
        [sorted([*forced, *rest], key=place.__getitem__) for rest in chosen], dtype=np.intp
    ).reshape(-1, size)
    if combos.shape[0] * samples > CELLS:
        raise InputError(
            "among",
            f"{combos.shape[0]:,} portfolios over {samples:,} draws is too many to hold; "
            "choose among fewer destinations or draw fewer",
        )
    coverage, best = _count(setup.draws, combos, m)
    mean = best.mean(axis=1)
    p05 = np.percentile(best, 5, axis=1, method="inverted_cdf")
    order = sorted(range(combos.shape[0]), key=lambda c: (-coverage[c], -mean[c], tuple(combos[c])))
    names = setup.model.names
    spans = _spans(dataset)
    results = tuple(
        Portfolio(
            tuple(slugs[i] for i in combos[c]),
            tuple(names[i] for i in combos[c]),
            round(float(coverage[c] / samples), DIGITS),
            round(float(mean[c]), DIGITS),
            round(float(p05[c]), DIGITS),
            _alike(dataset, [slugs[i] for i in combos[c]], spans),
        )
        for c in order
    )
    return Portfolios(
        size,
        tuple(slugs[i] for i in candidates),
        tuple(slugs[i] for i in forced),
        results,
        setup.model.method,
        setup.model.policy,
        samples,
        seed,
        spread,
        setup.draws.varied,
        value_spread,
        setup.effective,
        m,
        tuple(between or ()),
    )


def _count(draws: Draws, combos: Indexes, m: int) -> tuple[Floats, Floats]:
    """Over the draws: each portfolio's count of winners held (a shared first place
    counts its share) and, per draw, its best member's score."""
    coverage = np.zeros(combos.shape[0])
    best = np.empty((combos.shape[0], draws.samples))
    for done, _, s in draws.scored(m):
        first = (s == s.max(axis=1, keepdims=True)).astype(np.float64)
        first /= first.sum(axis=1, keepdims=True)  # ties for first share the draw
        coverage += first[:, combos].sum(axis=2).sum(axis=0)
        best[:, done - s.shape[0] : done] = s[:, combos].max(axis=2).T
    return coverage, best


def _spans(dataset: Dataset) -> dict[str, float]:
    """Each criterion's spread over every destination (max - min of the values
    present), for the criteria with any value: found once, not per portfolio."""
    out = {}
    for key, column in columns(dataset).items():
        present = [x for x in column if x is not None]
        if present:
            out[key] = max(present) - min(present)
    return out


def _alike(
    dataset: Dataset, slugs: Sequence[str], spans: Mapping[str, float]
) -> tuple[tuple[str, float | None, float | None], ...]:
    """The criteria on which the members are alike: every member has a value and
    their spread is at most ALIKE of the criterion's spread over every destination
    (``spans``, from :func:`_spans`)."""
    out = []
    for key, full in spans.items():
        members = [dataset.destinations[s].values.get(key) for s in slugs]
        if len(slugs) < 2 or any(x is None for x in members):
            continue
        values = [x for x in members if x is not None]
        if max(values) - min(values) <= ALIKE * full and not math.isclose(full, 0.0):
            out.append((key, min(values), max(values)))
    return tuple(out)
