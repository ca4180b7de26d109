"""How robust a ranking is when the weights (or the values) are uncertain.

numpy is imported by the analysis modules only, which only the commands that
analyse (sensitivity, report, explore's tipping points) load, so ranking stays
fast to start.

Monte Carlo (SMAA-style rank acceptability, Lahdelma & Salminen): draw weight
vectors around the chosen weights, rank every draw, and report per destination
the share of draws in which it ranks first (ties shared), its rank quantiles
and its full rank distribution. The draws:

* ``spread = s`` (0 <= s <= 1): each weight is multiplied by an independent
  factor uniform on [1 - s, 1 + s], then the weights are divided by their sum.
  s = 0.5 lets every weight move by up to +/-50 %; a weight of 0 stays 0.
* ``spread = None`` ("any"): weight vectors uniform on the simplex
  (Dirichlet(1, ..., 1)) over every criterion: any weights at all.

Tipping points come with the result: see :mod:`mlsourcing.analysis.tipping`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from mlsourcing.analysis.ranks import Counter as RankCounter
from mlsourcing.analysis.ranks import Ranks, batch_ranks, counter
from mlsourcing.analysis.tipping import Tipping, tipping_points
from mlsourcing.analysis.workers import Workers
from mlsourcing.data.dataset import Dataset
from mlsourcing.errors import Hint, InputError, named
from mlsourcing.mcda.batch import Floats, batch_scores, positions_matrix
from mlsourcing.mcda.scoring import (
    DIGITS,
    Model,
    effective_weights,
    leading_count,
    order,
    prepare,
    scores,
)
from mlsourcing.vocab import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_SPREAD,
    Method,
    Missing,
    Vary,
)

if TYPE_CHECKING:
    from mlsourcing.analysis.values import ValueDraws

__all__ = [
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "DEFAULT_SPREAD",
    "Sensitivity",
    "batch_ranks",
    "batch_scores",
    "positions_matrix",
    "sensitivity",
]

Verdict = Literal["robust", "fairly robust", "not robust", "too few draws"]
ROBUST = 0.9  # the winner ranks first in at least this share of draws
FAIRLY_ROBUST = 0.6
MIN_DRAWS = 100  # fewer draws are too few to call a ranking robust
CHUNK_CELLS = 250_000  # destinations x draws scored at once (2 MB per float64 array)
DRAW_BLOCK = 10_000  # weight vectors drawn at once, whatever --samples is
MAX_SAMPLES = 100_000_000
# Following a destination's rank by counting who beats it costs about this many
# sorts' worth of work per followed destination: cheaper than ranking every
# destination when few are followed (sensitivity --top).
COUNTING_COST = 1.0

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Robustness:
    slug: str
    name: str
    rank: int  # at the chosen weights
    score: float  # at the chosen weights
    p_first: float
    rank_p05: int
    rank_median: int
    rank_p95: int
    distribution: Mapping[int, float]  # rank -> share of draws (ranks.Shares)
    central_weights: dict[str, float] | None  # mean of the draws it wins (None: never wins)


@dataclass(frozen=True)
class Sensitivity:
    method: Method
    samples: int
    seed: int
    spread: float | None  # None: any weights (uniform on the simplex)
    weights: dict[str, float]
    results: tuple[Robustness, ...]  # the destinations followed, best first
    tipping: tuple[Tipping, ...]
    total: int  # destinations ranked in every draw
    # (slug, name, rank at the chosen weights, share of first places) of every
    # destination that ranks first in some draw, followed or not
    first_places: tuple[tuple[str, str, int, float], ...]
    policy: Missing = Missing.worst  # how missing values were scored
    between: tuple[str, ...] = ()  # stakeholders whose weights were mixed, if any
    vary: Vary = Vary.weights  # what was drawn
    value_spread: float = 0.0  # values not given as ranges moved by up to +/- this share

    @property
    def winner(self) -> Robustness:
        return self.results[0]

    @property
    def verdict(self) -> Verdict:
        """Is the top choice robust to the weights that were drawn?"""
        if self.samples < MIN_DRAWS:
            return "too few draws"
        if self.winner.p_first >= ROBUST:
            return "robust"
        return "fairly robust" if self.winner.p_first >= FAIRLY_ROBUST else "not robust"

    @property
    def rivals(self) -> tuple[tuple[str, float], ...]:
        """(name, share) of the others that rank first in some draws, most often first."""
        winner = self.winner.slug
        others = [f for f in self.first_places if f[0] != winner]
        return tuple((f[1], f[3]) for f in sorted(others, key=lambda f: (-f[3], f[2])))


def check_options(samples: int, spread: float | None, seed: int = DEFAULT_SEED) -> None:
    if samples < 1:
        raise InputError("samples", f"must be at least 1, not {samples}")
    if samples > MAX_SAMPLES:
        raise InputError("samples", f"must be at most {MAX_SAMPLES:,}, not {samples:,}")
    if seed < 0:
        raise InputError("seed", f"must be 0 or more, not {seed}")
    if spread is not None and not 0 <= spread <= 1:  # also NaN
        raise InputError(
            "spread",
            "must be between 0 and 1 (a weight moves by up to +/-100 x spread %), "
            f"or 'any', not {spread:g}",
        )


def draw_weights(
    central: Floats,
    samples: int,
    spread: float | None,
    rng: np.random.Generator,
    between: Floats | None = None,
) -> Floats:
    """``samples`` weight vectors (rows summing to 1) around ``central``; or, with
    ``between`` (stakeholders x criteria), random convex mixes of those rows."""
    n = central.shape[0]
    if between is not None:
        mixes: Floats = rng.dirichlet(np.ones(between.shape[0]), size=samples) @ between
        return mixes
    if spread is None:
        uniform: Floats = rng.dirichlet(np.ones(n), size=samples)
        return uniform
    draws = central * rng.uniform(1 - spread, 1 + spread, size=(samples, n))
    sums = draws.sum(axis=1, keepdims=True)
    empty = sums[:, 0] <= 0  # every factor 0: only possible with spread 1, measure zero
    draws[empty] = central
    sums[empty] = 1.0
    result: Floats = draws / sums
    return result


def sensitivity(
    dataset: Dataset,
    weights: dict[str, float] | None = None,
    method: str | Method = Method.wsm,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    spread: float | None = DEFAULT_SPREAD,
    distribution: bool = False,
    progress: Progress | None = None,
    top: int | None = None,
    missing: str | Missing = Missing.worst,
    between: dict[str, dict[str, float]] | None = None,
    vary: str | Vary = Vary.weights,
    value_spread: float = 0.0,
) -> Sensitivity:
    """Robustness of the ranking under ``samples`` draws of the weights, of the
    values (within their ranges, and +/-``value_spread`` for the others; see
    :mod:`mlsourcing.analysis.values`), or of both, as ``vary`` says.

    ``top``: follow the rank of only the best ``top`` destinations (ties at the
    cut kept), which is less work; every destination still takes part in every
    draw, and every destination's share of first places is counted.
    Memory does not grow without bound with ``samples``: weights are drawn
    block by block, and ranks are counted within a fixed budget (see
    :mod:`mlsourcing.analysis.ranks`). ``distribution``: also each destination's full rank
    distribution (only the ranks that occur).
    """
    setup = draws_of(
        dataset, weights, method, samples, seed, spread, missing, between, vary, value_spread
    )
    model, effective, keys, draws = setup.model, setup.effective, setup.keys, setup.draws
    central_scores, best_first, central_ranks = setup.scores, setup.best_first, setup.ranks
    central, varied = draws.central, draws.varied
    m = draws.positions.shape[0]
    followed = m if top is None else leading_count(central_ranks, top)
    tally = draws.tally(np.array(best_first[:followed], dtype=np.intp), distribution, progress)
    results = tuple(
        _robustness(model, keys, tally, j, i, rank, central_scores[i])
        for j, (i, rank) in enumerate(zip(tally.tracked, central_ranks, strict=False))
    )
    shares = tuple(
        (model.slugs[i], model.names[i], rank, round(float(tally.win_share[i] / samples), DIGITS))
        for i, rank in zip(best_first, central_ranks, strict=True)
        if tally.win_share[i] > 0
    )
    tipping = tipping_points(model, draws.positions, central, keys, best_first[0])
    return Sensitivity(
        model.method,
        samples,
        seed,
        spread,
        effective,
        results,
        tipping,
        m,
        shares,
        model.policy,
        tuple(between or ()),
        varied,
        value_spread,
    )


class Setup(NamedTuple):
    """An analysis ready to draw: the model, the chosen weights and the ranking under
    them, and the draws (the same for sensitivity and portfolio, seed for seed)."""

    model: Model
    effective: dict[str, float]
    keys: list[str]
    scores: list[float]  # at the chosen weights, in dataset order
    best_first: list[int]
    ranks: list[int]
    draws: Draws


def draws_of(
    dataset: Dataset,
    weights: dict[str, float] | None = None,
    method: str | Method = Method.wsm,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    spread: float | None = DEFAULT_SPREAD,
    missing: str | Missing = Missing.worst,
    between: dict[str, dict[str, float]] | None = None,
    vary: str | Vary = Vary.weights,
    value_spread: float = 0.0,
) -> Setup:
    """Check the settings and set up the draws of weights (and values) they ask for."""
    check_options(samples, spread, seed)
    varied = named(Vary, vary, "vary", "kind of draw")
    model = prepare(dataset, method, missing)
    values = _value_draws(dataset, model, varied, value_spread)
    effective = effective_weights(dataset, weights)
    central_scores = scores(model, effective)
    best_first, central_ranks = order(model, central_scores)
    keys = list(dataset.criteria)
    central = np.array([effective[k] for k in keys], dtype=np.float64)
    mix = None
    if between:  # stakeholders' own weights: draws are random mixes of them
        mix = np.array([[w[k] for k in keys] for w in between.values()], dtype=np.float64)
    draws = Draws(model, values, central, mix, varied, spread, seed, samples)
    return Setup(model, effective, keys, central_scores, best_first, central_ranks, draws)


def _value_draws(
    dataset: Dataset, model: Model, varied: Vary, value_spread: float
) -> ValueDraws | None:
    """What draws the values, when they vary; a value spread with nothing to vary is
    refused, and so is varying values when none is uncertain."""
    if varied is Vary.weights:
        if value_spread:
            raise InputError("value-spread", "goes with", Hint(" {0} values or {0} both", "vary"))
        return None
    from mlsourcing.analysis.values import ValueDraws

    values = ValueDraws(dataset, model.method, model.policy, value_spread, model)
    if not values.uncertain:
        raise InputError(
            "vary",
            f"{varied}: no value of {dataset.path} is a range",
            Hint("; give {0} X to vary every value by up to +/-100 x X %", "value-spread"),
        )
    return values


@dataclass
class _Tally:
    """What the draws left: per destination its share of first places and the weights
    it won with (summed), and the ranks of those followed, counted."""

    tracked: npt.NDArray[np.intp]  # the destinations followed, best first
    counts: RankCounter
    win_share: Floats
    win_weights: Floats
    quantiles: list[Ranks]
    samples: int
    distribution: bool


@dataclass
class Draws:
    """The draws of one analysis: weights (and values) drawn from one seed, block by
    block, each block scored and ranked, and the same draws again on a second pass
    when the rank counter needs one."""

    model: Model
    values: ValueDraws | None
    central: Floats
    mix: Floats | None
    varied: Vary
    spread: float | None
    seed: int
    samples: int

    def __post_init__(self) -> None:
        self.positions = positions_matrix(self.model)

    def tally(
        self, tracked: npt.NDArray[np.intp], distribution: bool, progress: Progress | None
    ) -> _Tally:
        m, samples = self.positions.shape[0], self.samples
        at = [max(0, math.ceil(q * samples) - 1) for q in (0.05, 0.5, 0.95)]
        counts = counter(len(tracked), m, samples, at, distribution)
        win_share = np.zeros(m, dtype=np.float64)
        win_weights = np.zeros((m, self.central.shape[0]), dtype=np.float64)
        counting = len(tracked) * COUNTING_COST < max(1.0, math.log2(max(m, 2)))

        def ranked(s: Floats) -> Ranks:
            if counting:  # a few destinations: count who beats each, no sort
                return np.stack([1 + (s > s[:, [i]]).sum(axis=1) for i in tracked], axis=1)
            return batch_ranks(s, rounded=True)[:, tracked]  # scored() rounds

        def count(chunks: Iterator[tuple[int, Ranks]], pass_: int) -> None:
            """Count each chunk's ranks as it comes back, in order, and say how far."""
            for finished, r in chunks:
                counts.add(r, pass_)
                if progress is not None:
                    progress(pass_ * samples + finished, counts.passes * samples)

        with Workers(m) as workers:
            for pass_ in range(counts.passes):
                for done, w, s in self.scored(m):
                    if pass_ == 0:
                        first = (s == s.max(axis=1, keepdims=True)).astype(np.float64)
                        first /= first.sum(axis=1, keepdims=True)  # ties for first share it
                        win_share += first.sum(axis=0)
                        win_weights += first.T @ w
                    count(workers.run(ranked, s, done), pass_)
                count(workers.drain(), pass_)
                counts.finish(pass_)
        quantiles = counts.quantiles(at)
        return _Tally(tracked, counts, win_share, win_weights, quantiles, samples, distribution)

    def scored(self, m: int) -> Iterator[tuple[int, Floats, Floats]]:
        """Each chunk of draws: how many are done with it, its weights and scores."""
        rng = np.random.default_rng(self.seed)  # the same draws on every pass
        value_rng = np.random.default_rng([self.seed, 1])  # values: a stream of their own
        chunk = max(1, min(DRAW_BLOCK, CHUNK_CELLS // max(m, 1)))
        done = 0
        while done < self.samples:
            size = min(DRAW_BLOCK, self.samples - done)
            if self.varied is Vary.values:
                block = np.tile(self.central, (size, 1))
            else:
                block = draw_weights(self.central, size, self.spread, rng, self.mix)
            for start in range(0, block.shape[0], chunk):
                w = block[start : start + chunk]
                if self.values is None:
                    s = np.round(batch_scores(self.model, self.positions, w), DIGITS)
                else:
                    s = np.round(self.values.scores(w, value_rng), DIGITS)
                done += w.shape[0]
                yield done, w, s


def _robustness(
    model: Model, keys: list[str], tally: _Tally, j: int, i: int, rank: int, score: float
) -> Robustness:
    """The j-th followed destination (index i in the dataset), from the tally."""
    wins = tally.win_share[i]
    won_with = None
    if wins > 0:
        won_with = {
            k: round(float(v), DIGITS)
            for k, v in zip(keys, tally.win_weights[i] / wins, strict=True)
        }
    return Robustness(
        model.slugs[i],
        model.names[i],
        rank,
        score,
        round(float(wins / tally.samples), DIGITS),
        int(tally.quantiles[0][j]),
        int(tally.quantiles[1][j]),
        int(tally.quantiles[2][j]),
        tally.counts.distribution(j, tally.samples) if tally.distribution else {},
        won_with,
    )
