"""Scoring: pure functions from a dataset and weights to a ranking.

No I/O, no Typer, no Rich: usable as a library::

    from mlsourcing.data import dataset

    from mlsourcing.mcda import scoring
    ranking = scoring.rank(dataset.load(), {"talent": 3, "big_tech": 2})

Methods
-------
``wsm`` (weighted sum, the default). Per criterion, a value x becomes
n in [0, 1]: benefit ``(x - lo) / (hi - lo)``, cost ``(hi - x) / (hi - lo)``,
where lo/hi are the criterion's fixed ``min``/``max`` when given, else the
smallest/largest value present; when ``hi == lo`` every destination gets 1.
A missing value gets 0 (the worst) and is flagged. Weights are divided by
their sum; score = 100 * sum(w * n), and each criterion's points 100 * w * n
add up to the score.

``topsis`` (Hwang & Yoon, 1981). Values are vector-normalised per criterion
(x / sqrt(sum of squares)), weighted, and each destination's Euclidean
distances d+ to the ideal and d- to the anti-ideal point are taken (cost
criteria: the ideal is the smallest value). score = 100 * d- / (d+ + d-). A
missing value counts as the worst value present on that criterion, in the
vector norm and in the distances, and is flagged.

``wpm``, ``vikor`` and ``promethee``: see :mod:`mlsourcing.mcda.methods`.

Equal scores share a rank (1, 1, 3) and are listed by name. Sums use
``math.fsum`` and scores are rounded to 9 decimals, so neither the order of
destinations nor the order of criteria in the file changes any result.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from mlsourcing.data.dataset import Dataset
from mlsourcing.errors import InputError, cap, named
from mlsourcing.mcda.methods import DIGITS, LINEAR, kept_points, method_scores
from mlsourcing.mcda.normalise import (
    bounds,
    columns,
    log_bounds,
    minmax,
    on_log_scale,
    outranking_column,
    ratio_column,
    topsis_column,
    vector_normalise,
    with_medians,
)
from mlsourcing.vocab import Method, Missing

__all__ = [
    "DIGITS",
    "Gap",
    "Model",
    "Ranking",
    "Result",
    "bounds",
    "columns",
    "compare",
    "effective_weights",
    "minmax",
    "prepare",
    "rank",
    "scores",
    "topsis_column",
    "vector_normalise",
]
from mlsourcing.weights.specs import effective_weights


class Result(NamedTuple):
    """One destination's place in a ranking.

    Per criterion (in ``keys`` order) it holds rows of numbers; ``values``,
    ``normalised`` and ``points`` give them as dicts, built when asked for, so
    that ranking 100,000 destinations to CSV builds none.
    """

    rank: int
    slug: str
    name: str
    score: float
    keys: tuple[str, ...]
    value_row: tuple[float | None, ...]  # as in the file; None where missing
    # How good each value is on [0, 1] (0 for a missing value): wsm, the min-max
    # normalised value; topsis, the position between the anti-ideal (0) and the ideal (1).
    position_row: tuple[float, ...]
    # wsm and promethee only: 100 * w * n per criterion; they add up to the score.
    point_row: tuple[float, ...] | None
    missing: tuple[str, ...]
    # Values the file gives as a range: criterion -> (low, high); value_row holds
    # their point estimates.
    ranges: Mapping[str, tuple[float, float]] = {}

    @property
    def values(self) -> dict[str, float | None]:
        return dict(zip(self.keys, self.value_row, strict=True))

    @property
    def normalised(self) -> dict[str, float]:
        return dict(zip(self.keys, self.position_row, strict=True))

    @property
    def points(self) -> dict[str, float] | None:
        if self.point_row is None:
            return None
        return dict(zip(self.keys, self.point_row, strict=True))


class Ranking(NamedTuple):
    method: Method
    weights: dict[str, float]  # effective weights, summing to 1
    bounds: dict[str, tuple[float | None, float | None]]  # the lo/hi used (wsm)
    results: tuple[Result, ...]
    policy: Missing = Missing.worst  # how missing values were scored

    def by_slug(self, slug: str) -> Result:
        return next(r for r in self.results if r.slug == slug)

    def leading(self, top: int | None) -> tuple[Result, ...]:
        """The best ``top`` results, with any tied at the cut."""
        return self.results[: leading_count([r.rank for r in self.results], top)]


def check_method(method: str | Method) -> Method:
    return named(Method, method, "method", "method")


def competition_ranks(scores: Sequence[float]) -> list[int]:
    """1-based competition ranks (1, 1, 3) of scores already sorted best first."""
    ranks: list[int] = []
    for i, score in enumerate(scores):
        ranks.append(ranks[-1] if i and score == scores[i - 1] else i + 1)
    return ranks


class Model(NamedTuple):
    """A dataset prepared for one method: what scoring needs, with weights left open.

    ``positions[key][i]`` is destination i's normalised value on a criterion, in
    [0, 1] (0 for a missing value). ``gaps`` (TOPSIS only) are the criteria's
    ideal-minus-anti-ideal spreads in vector-normalised units.
    """

    method: Method
    slugs: tuple[str, ...]
    names: tuple[str, ...]
    positions: dict[str, list[float]]
    gaps: dict[str, float] | None
    bounds: dict[str, tuple[float | None, float | None]]
    policy: Missing = Missing.worst
    # Missing.ignore only: per destination, which criteria have a value
    present: tuple[tuple[bool, ...], ...] | None = None


def check_policy(policy: str | Missing) -> Missing:
    return named(Missing, policy, "missing", "policy")


def prepare(
    dataset: Dataset,
    method: str | Method = Method.wsm,
    policy: str | Missing = Missing.worst,
    values: dict[str, list[float | None]] | None = None,
) -> Model:
    """The dataset normalised for ``method``. ``values``: each criterion's values in
    destination order, to use instead of the dataset's (one draw of uncertain values;
    a value missing from the dataset must stay missing)."""
    chosen = check_method(method)
    rule = check_policy(policy)
    cols = columns(dataset) if values is None else dict(values)
    present = None
    if rule is Missing.median:
        cols = with_medians(cols)
    elif rule is Missing.ignore:
        keys = tuple(dataset.criteria)
        present = tuple(tuple(k in d.values for k in keys) for d in dataset.destinations.values())
    crits = dataset.criteria.items()
    used_bounds = {key: bounds(cols[key], crit) for key, crit in crits}
    gaps = None
    if chosen is Method.wpm:  # ratios of the values themselves, on any scale
        _check_positive(dataset, cols)
        positions = {key: ratio_column(cols[key], crit) for key, crit in crits}
    elif chosen is Method.promethee:  # only the order of values counts
        loses = rule is not Missing.ignore
        positions = {key: outranking_column(cols[key], crit, loses) for key, crit in crits}
    else:
        for key, crit in crits:
            if crit.scale == "log":  # values and bounds are positive (checked on load)
                cols[key] = on_log_scale(cols[key], used_bounds[key][0])
        if chosen is Method.topsis:
            columns_ = {key: topsis_column(cols[key], crit) for key, crit in crits}
            positions = {key: p for key, (p, _) in columns_.items()}
            gaps = {key: g for key, (_, g) in columns_.items()}
        else:  # wsm and vikor: min-max within the criterion's bounds
            scaled = {key: log_bounds(used_bounds[key], crit) for key, crit in crits}
            positions = {key: minmax(cols[key], crit, scaled[key]) for key, crit in crits}
    return Model(
        chosen,
        tuple(dataset.destinations),
        tuple(d.name for d in dataset.destinations.values()),
        positions,
        gaps,
        used_bounds,
        rule,
        present,
    )


def _check_positive(dataset: Dataset, cols: dict[str, list[float | None]]) -> None:
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


def position_rows(model: Model) -> list[tuple[float, ...]]:
    """One tuple of normalised values per destination (a transpose done in C)."""
    return list(zip(*model.positions.values(), strict=True))


def scores(
    model: Model, w: Mapping[str, float], rows: list[tuple[float, ...]] | None = None
) -> list[float]:
    """Every destination's score, in dataset order, under effective weights ``w``."""
    keys = tuple(model.positions)
    position_rows_ = position_rows(model) if rows is None else rows
    raw = method_scores(model.method, w, keys, position_rows_, model.gaps, model.present)
    return [round(x, DIGITS) for x in raw]


def leading_count(ranks: Sequence[int], top: int | None) -> int:
    """How many of the destinations ranked ``ranks`` (best first) make the top
    ``top``: those tied at the cut stay together (``top=1`` with two tied first
    keeps both). ``None``: all of them."""
    if top is None or top >= len(ranks):
        return len(ranks)
    last = ranks[top - 1]
    return top + sum(1 for r in ranks[top:] if r == last)


def order(model: Model, score_list: Sequence[float]) -> tuple[list[int], list[int]]:
    """Destination indexes best first (ties by name, then slug), and their ranks."""
    names = [name.casefold() for name in model.names]
    best_first = sorted(
        range(len(score_list)), key=lambda i: (-score_list[i], names[i], model.slugs[i])
    )
    return best_first, competition_ranks([score_list[i] for i in best_first])


def rank(
    dataset: Dataset,
    weights: Mapping[str, float] | None = None,
    method: str | Method = Method.wsm,
    model: Model | None = None,
    missing: str | Missing = Missing.worst,
) -> Ranking:
    """Score and rank every destination.

    ``weights`` are raw weights for some or all criteria (others keep the
    dataset's default); they are divided by their sum. ``model`` is the
    dataset already prepared for ``method``, when the caller has it.
    """
    if model is None or model.method != method or model.policy != missing:
        model = prepare(dataset, method, missing)
    w = effective_weights(dataset, weights)
    keys = tuple(dataset.criteria)
    rows = position_rows(model)
    score_list = scores(model, w, rows)
    best_first, ranks = order(model, score_list)
    dests = list(dataset.destinations.values())
    w100 = [100 * w[k] for k in keys]
    results = []
    for rk, i in zip(ranks, best_first, strict=True):
        given = dests[i].values
        n_row = rows[i]
        if model.method not in LINEAR:
            points = None
        elif model.present is not None:
            points = kept_points(w, keys, n_row, model.present[i])
        else:  # 100 * w * n per criterion, exactly as summed in scores()
            points = tuple(map(operator.mul, w100, n_row))
        results.append(
            Result(
                rk,
                model.slugs[i],
                model.names[i],
                score_list[i],
                keys,
                tuple(map(given.get, keys)),
                n_row,
                points,
                () if len(given) == len(keys) else tuple(k for k in keys if k not in given),
                dests[i].ranges,
            )
        )
    return Ranking(model.method, w, model.bounds, tuple(results), model.policy)


class Gap(NamedTuple):
    """Why ``ahead`` scores more than ``behind``: the score gap, and per criterion the
    points gap (wsm: they add up to the score gap) or the position gap (TOPSIS)."""

    ahead: Result
    behind: Result
    score_gap: float
    by_criterion: dict[str, float]
    additive: bool  # True: by_criterion are points that add up to score_gap


def compare(ranking: Ranking, slugs: Sequence[str]) -> tuple[tuple[Result, ...], tuple[Gap, ...]]:
    """The chosen destinations best first, and the gap from the best to each other one."""
    chosen = sorted((ranking.by_slug(s) for s in slugs), key=lambda r: (r.rank, r.name.casefold()))
    best = chosen[0]
    gaps = []
    for other in chosen[1:]:
        if best.point_row is not None and other.point_row is not None:
            rows, additive = (best.point_row, other.point_row), True
        else:
            rows, additive = (best.position_row, other.position_row), False
        gaps.append(
            Gap(
                best,
                other,
                round(best.score - other.score, DIGITS),
                {k: round(a - b, DIGITS) for k, a, b in zip(best.keys, *rows, strict=True)},
                additive,
            )
        )
    return tuple(chosen), tuple(gaps)
