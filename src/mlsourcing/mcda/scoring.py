"""Scoring: pure functions from a dataset and weights to a ranking.

No I/O, no Typer, no Rich: usable as a library::

    from mlsourcing.data import dataset
    from mlsourcing.mcda import scoring

    ranking = scoring.rank(dataset.load(), {"talent": 3, "big_tech": 2})

Each method (weighted sum, TOPSIS, weighted product, VIKOR, PROMETHEE II) is a
module of :mod:`mlsourcing.mcda.methods`, which says how it normalises and
scores; :func:`prepare` and :func:`rank` ask its registry. Weights are divided
by their sum; under the weighted sum and PROMETHEE II a destination's points
per criterion, 100 * w * position, add up to its score.

Equal scores share a rank (1, 1, 3) and are listed by name. Sums use
``math.fsum`` and scores are rounded to 9 decimals, so neither the order of
destinations nor the order of criteria in the file changes any result.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from mlsourcing.data.dataset import Dataset
from mlsourcing.errors import named
from mlsourcing.mcda import methods
from mlsourcing.mcda.normalise import bounds, columns, minmax, with_medians
from mlsourcing.mcda.results import Result, Results, Table
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
]
from mlsourcing.weights.specs import effective_weights


class Ranking(NamedTuple):
    method: Method
    weights: dict[str, float]  # effective weights, summing to 1
    bounds: dict[str, tuple[float | None, float | None]]  # the lo/hi used (wsm)
    results: Results  # best first
    policy: Missing = Missing.worst  # how missing values were scored

    def by_slug(self, slug: str) -> Result:
        return self.results[self.results.slugs.index(slug)]

    def leading(self, top: int | None) -> Results:
        """The best ``top`` results, with any tied at the cut."""
        return self.results[: leading_count(self.results.ranks, top)]


DIGITS = 9  # scores and points are rounded to this many decimals


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
    # each criterion's values as in the file, in destination order (None where missing)
    given: Mapping[str, list[float | None]] = {}
    # a large dataset, prepared in numpy: the positions (destinations x criteria) and,
    # under Missing.ignore, the mask of values present, which scores() then uses
    matrix: tuple[Any, Any] | None = None


# Values (destinations x criteria) from which a dataset is prepared and scored in
# numpy: below, importing numpy (about 0.06 s) costs more than the pure-Python
# arithmetic it saves. The weighted sum is cheap in Python (10,000 x 20: 0.064 s,
# against 0.038 s in numpy plus the import); the other methods cost three to four
# times as much there (TOPSIS 0.25 s against 0.07 s), so numpy pays for them sooner.
NUMPY_FROM = {Method.wsm: 400_000}
NUMPY_FROM_OTHERS = 80_000
# With numpy imported already (a command that analyses: report, methods, sensitivity)
# there is no import to pay, and numpy is the faster from about this many values
# (1,000 x 20: 5 ms a method, against 7 to 21 ms in Python). The bundled datasets
# (16 and 1,313 values) stay below, in pure Python, in every command.
NUMPY_LOADED_FROM = 10_000


def in_numpy(dataset: Dataset, method: Method) -> bool:
    """Whether :func:`prepare` takes the numpy path for this dataset and method."""
    cells = len(dataset.destinations) * len(dataset.criteria)
    if "numpy" in sys.modules:
        return cells >= min(NUMPY_LOADED_FROM, NUMPY_FROM.get(method, NUMPY_FROM_OTHERS))
    return cells >= NUMPY_FROM.get(method, NUMPY_FROM_OTHERS)


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
    chosen = methods.get(method)
    rule = check_policy(policy)
    if in_numpy(dataset, chosen.name):
        return _prepared_in_numpy(dataset, chosen, rule, values)
    given = columns(dataset)
    cols = given if values is None else dict(values)
    present = None
    if rule is Missing.median:
        cols = with_medians(cols)
    elif rule is Missing.ignore:
        has = [[v is not None for v in col] for col in given.values()]
        present = tuple(zip(*has, strict=True)) if has else ((),) * len(dataset.destinations)
    used_bounds = {key: bounds(cols[key], crit) for key, crit in dataset.criteria.items()}
    positions, gaps = chosen.normalise(dataset, cols, used_bounds, rule)
    return Model(
        chosen.name,
        tuple(dataset.destinations),
        tuple(d.name for d in dataset.destinations.values()),
        positions,
        gaps,
        used_bounds,
        rule,
        present,
        given,
    )


def _prepared_in_numpy(
    dataset: Dataset,
    chosen: methods.ScoringMethod,
    rule: Missing,
    values: dict[str, list[float | None]] | None,
) -> Model:
    """:func:`prepare` by the method's numpy form on the whole matrix (the one that
    normalises each draw of uncertain values): the same positions, bounds and gaps
    to 1e-9, a Hypothesis test holds them so."""
    import numpy as np

    from mlsourcing.mcda.normalise import filled_matrix, value_rows

    keys = list(dataset.criteria)
    rows = value_rows(dataset)
    given = columns(dataset, rows)
    if values is None:
        raw = np.array(rows, dtype=np.float64)  # None -> NaN, in C
    else:
        raw = np.array([values[k] for k in keys], dtype=np.float64).T
    matrix, absent = filled_matrix(raw, rule)
    positions, gaps = chosen.normalise_draw(dataset, matrix, absent, rule)
    used_bounds = {}
    for j, (key, crit) in enumerate(dataset.criteria.items()):
        column = matrix[:, j][~absent[:, j]]
        lo = crit.min if crit.min is not None else (float(column.min()) if column.size else None)
        hi = crit.max if crit.max is not None else (float(column.max()) if column.size else None)
        used_bounds[key] = (lo, hi)
    present = None
    mask = None
    if rule is Missing.ignore:  # nothing filled in: absent is where the file has no value
        has = ~absent
        present = tuple(map(tuple, has.tolist()))
        mask = has.astype(np.float64)
    return Model(
        chosen.name,
        tuple(dataset.destinations),
        tuple(d.name for d in dataset.destinations.values()),
        dict(zip(keys, positions.T.tolist(), strict=True)),
        None if gaps is None else dict(zip(keys, gaps.tolist(), strict=True)),
        used_bounds,
        rule,
        present,
        given,
        (positions, mask),
    )


def position_rows(model: Model) -> list[tuple[float, ...]]:
    """One tuple of normalised values per destination (a transpose done in C)."""
    return list(zip(*model.positions.values(), strict=True))


def scores(
    model: Model, w: Mapping[str, float], rows: list[tuple[float, ...]] | None = None
) -> list[float]:
    """Every destination's score, in dataset order, under effective weights ``w``."""
    keys = tuple(model.positions)
    method = methods.get(model.method)
    if model.matrix is not None:  # a large dataset: every score at once, in numpy
        import numpy as np

        positions, mask = model.matrix
        weights = np.array([[w[k] for k in keys]], dtype=np.float64)
        gaps = None if model.gaps is None else np.array([model.gaps[k] for k in keys])
        raw = method.batch_scores(positions, weights, gaps, mask)[0].tolist()
    else:
        position_rows_ = position_rows(model) if rows is None else rows
        raw = method.scores(w, keys, position_rows_, model.gaps, model.present)
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
    count = len(score_list)
    if len(set(score_list)) == count:  # no ties, the usual case: a sort keyed in C
        return sorted(range(count), key=score_list.__getitem__, reverse=True), [
            *range(1, count + 1)
        ]
    names = [name.casefold() for name in model.names]
    best_first = sorted(range(count), key=lambda i: (-score_list[i], names[i], model.slugs[i]))
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
    score_list = scores(model, w, None if model.matrix is not None else position_rows(model))
    best_first, ranks = order(model, score_list)
    table = Table(
        keys,
        model.slugs,
        model.names,
        score_list,
        model.given or columns(dataset),
        model.positions,
        [d.ranges for d in dataset.destinations.values()],
        w,
        methods.is_linear(model.method),
        model.present,
    )
    return Ranking(model.method, w, model.bounds, Results(table, best_first, ranks), model.policy)


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
