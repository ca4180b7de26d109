"""Sensitivity analysis and TOPSIS, checked against hand-worked and published results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pytest

from mlsourcing.analysis import robustness
from mlsourcing.data import dataset
from mlsourcing.errors import InputError
from mlsourcing.mcda import scoring
from mlsourcing.mcda.methods import names as method_names

from conftest import crit, dataset_toml


def load(
    crits: Mapping[str, Mapping[str, object]], rows: Mapping[str, Mapping[str, float]]
) -> dataset.Dataset:
    dests = {slug: {"name": slug.upper(), "values": dict(values)} for slug, values in rows.items()}
    return dataset.loads(dataset_toml({k: dict(v) for k, v in crits.items()}, dests))


TWO = {"c1": crit(min=0, max=10), "c2": crit(min=0, max=10)}


def test_a_dominating_destination_always_ranks_first() -> None:
    ds = load(
        {"a": crit(), "b": crit("cost"), "c": crit()},
        {
            "top": {"a": 9, "b": 1, "c": 9},
            "mid": {"a": 5, "b": 5, "c": 5},
            "low": {"a": 1, "b": 9, "c": 2},
        },
    )
    for method in list(method_names()):
        sens = robustness.sensitivity(
            ds, method=method, samples=500, spread=None, distribution=True
        )
        top = sens.results[0]
        assert (top.slug, top.p_first, top.rank_p05, top.rank_p95) == ("top", 1.0, 1, 1)
        assert top.distribution == {1: 1.0}
        assert [r.p_first for r in sens.results[1:]] == [0.0, 0.0]
        assert sens.results[2].central_weights is None
        # it wins every draw, so its central weights are the mean of all draws
        assert top.central_weights is not None
        assert sum(top.central_weights.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("spread", [None, 0.5, 1.0])
def test_mirror_images_split_about_evenly(spread: float | None) -> None:
    ds = load(TWO, {"left": {"c1": 10, "c2": 0}, "right": {"c1": 0, "c2": 10}})
    sens = robustness.sensitivity(ds, samples=4000, spread=spread, seed=3)
    shares = {r.slug: r.p_first for r in sens.results}
    assert shares["left"] + shares["right"] == pytest.approx(1.0)
    assert 0.46 < shares["left"] < 0.54


def test_ties_for_first_share_the_draw() -> None:
    ds = load(TWO, {"x": {"c1": 5, "c2": 5}, "y": {"c1": 5, "c2": 5}, "z": {"c1": 1, "c2": 1}})
    sens = robustness.sensitivity(ds, samples=100, spread=0.3)
    assert {r.slug: r.p_first for r in sens.results} == {"x": 0.5, "y": 0.5, "z": 0.0}
    assert {r.slug: r.rank_median for r in sens.results} == {"x": 1, "y": 1, "z": 3}


def test_tipping_interval_matches_the_hand_calculation() -> None:
    # Scores as a function of t = effective weight of c1 (c2 gets 1 - t), n = value / 10:
    #   a(t) = 0.9t + 0.2(1-t) = 0.2 + 0.7t;  b(t) = 0.6 - 0.2t;  c(t) = 1 - t
    # a leads at t = 0.5 and stays first while a >= b (t >= 4/9) and a >= c (t >= 8/17).
    ds = load(TWO, {"a": {"c1": 9, "c2": 2}, "b": {"c1": 4, "c2": 6}, "c": {"c1": 0, "c2": 10}})
    sens = robustness.sensitivity(ds, samples=10)
    assert sens.winner.slug == "a"
    c1, c2 = sens.tipping
    assert (c1.criterion, c1.weight, c1.below, c1.above) == ("c1", 0.5, "c", None)
    assert c1.low == pytest.approx(8 / 17) and c1.high == 1.0
    assert (c2.criterion, c2.below, c2.above) == ("c2", None, "c")
    assert c2.low == 0.0 and c2.high == pytest.approx(9 / 17)


@pytest.mark.parametrize("method", list(method_names()))
def test_tipping_points_are_where_the_winner_changes(method: str) -> None:
    rows = {
        "a": {"c1": 9, "c2": 2, "c3": 5},
        "b": {"c1": 4, "c2": 6, "c3": 7},
        "c": {"c1": 1, "c2": 10, "c3": 3},
        "d": {"c1": 6, "c2": 1, "c3": 10},
    }
    ds = load({**TWO, "c3": crit("cost", min=0, max=10)}, rows)
    base = {"c1": 2.0, "c2": 1.0, "c3": 1.0}
    sens = robustness.sensitivity(ds, base, method, samples=10)
    winner = sens.winner.slug
    for tip in sens.tipping:
        for edge, who, step in ((tip.low, tip.below, -1e-6), (tip.high, tip.above, 1e-6)):
            others = {k: v for k, v in base.items() if k != tip.criterion}
            total = sum(others.values())

            def first(
                t: float,
                *,
                others: dict[str, float] = others,
                total: float = total,
                key: str = tip.criterion,
            ) -> str:
                w = {k: (1 - t) * v / total for k, v in others.items()} | {key: t}
                return scoring.rank(ds, w, method).results[0].slug

            inside = edge - step * 10
            assert first(inside) == winner, (tip, edge)
            if who is not None:
                assert first(edge + step * 10) == who, (tip, edge)


def test_tzeng_huang_topsis_example() -> None:
    # Tzeng & Huang (2011), Multiple Attribute Decision Making, CRC Press: closeness
    # 0.5037, 0.6581, 0.7482, 0.3340 for these four alternatives and weights.
    matrix = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    crits = {"c1": crit(weight=0.3), "c2": crit(weight=0.4), "c3": crit(weight=0.3)}
    rows = {f"a{i}": dict(zip(crits, row, strict=True)) for i, row in enumerate(matrix)}
    ranking = scoring.rank(load(crits, rows), method="topsis")
    got = {r.slug: r.score for r in ranking.results}
    expected = {"a0": 50.37, "a1": 65.81, "a2": 74.82, "a3": 33.40}
    assert got == pytest.approx(expected, abs=0.01)
    assert [r.slug for r in ranking.results] == ["a2", "a1", "a0", "a3"]


def textbook_topsis(x: np.ndarray, w: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    r = x / np.sqrt((x**2).sum(axis=0))
    v = r * (w / w.sum())
    ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(benefit, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    closeness: np.ndarray = 100 * d_minus / (d_plus + d_minus)
    return closeness


def test_topsis_with_cost_criteria_matches_the_textbook_steps() -> None:
    rng = np.random.default_rng(5)
    x = rng.uniform(1, 100, size=(7, 4))
    w = np.array([3.0, 1.0, 2.0, 0.5])
    benefit = np.array([True, False, True, False])
    crits = {
        f"k{j}": crit("benefit" if benefit[j] else "cost", weight=float(w[j])) for j in range(4)
    }
    rows = {f"d{i}": {f"k{j}": float(x[i, j]) for j in range(4)} for i in range(7)}
    ranking = scoring.rank(load(crits, rows), method="topsis")
    expected = textbook_topsis(x, w, benefit)
    for i in range(7):
        assert ranking.by_slug(f"d{i}").score == pytest.approx(expected[i], abs=1e-7)


def test_batch_scores_agree_with_scoring() -> None:
    rows = {f"d{i}": {"c1": (i * 37) % 11 + 1, "c2": (i * 17) % 7 + 1} for i in range(9)}
    ds = load({"c1": crit(), "c2": crit("cost")}, rows)
    for method in list(method_names()):
        model = scoring.prepare(ds, method)
        weights = np.array([[0.3, 0.7], [0.9, 0.1]])
        scores = robustness.batch_scores(model, robustness.positions_matrix(model), weights)
        for draw, w in enumerate(weights):
            ranking = scoring.rank(ds, {"c1": w[0], "c2": w[1]}, method)
            for i, slug in enumerate(model.slugs):
                assert scores[draw, i] == pytest.approx(ranking.by_slug(slug).score, abs=1e-8)


def test_batch_ranks_are_competition_ranks() -> None:
    scores = np.array([[3.0, 5.0, 3.0, 1.0], [1.0, 1.0, 2.0, 0.5]])  # two draws
    assert robustness.batch_ranks(scores).tolist() == [[2, 1, 2, 4], [2, 2, 1, 4]]


def test_results_do_not_depend_on_the_chunk_size(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = {f"d{i}": {"c1": (i * 7) % 10, "c2": (i * 3) % 10} for i in range(12)}
    ds = load(TWO, rows)
    whole = robustness.sensitivity(ds, samples=300, spread=None, seed=9)
    monkeypatch.setattr(robustness, "CHUNK_CELLS", 25)  # 2 draws per chunk
    chunked = robustness.sensitivity(ds, samples=300, spread=None, seed=9)
    assert chunked.results == whole.results


@pytest.mark.parametrize("way", ["matrix", "table", "two passes"])
def test_ranking_on_a_second_core_counts_the_same(
    monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    """Chunks ranked by worker threads, several in flight, give what one core gives,
    under each way of counting (and the progress still reaches every draw)."""
    from mlsourcing.analysis import ranks

    rows = {f"d{i}": {"c1": (i * 7) % 10, "c2": (i * 3) % 11} for i in range(30)}
    ds = load(TWO, rows)
    monkeypatch.setattr(robustness, "CHUNK_CELLS", 90)  # 3 draws per chunk
    if way != "matrix":
        monkeypatch.setattr(ranks, "MATRIX_CELLS", 10)
    if way == "two passes":
        monkeypatch.setattr(ranks, "TABLE_CELLS", 10)
    from mlsourcing.analysis import workers

    monkeypatch.setattr(workers.Workers, "AT_LEAST", 10**9)
    alone = robustness.sensitivity(ds, samples=250, seed=4, distribution=way != "two passes")
    monkeypatch.setattr(workers.Workers, "AT_LEAST", 1)
    monkeypatch.setattr(workers, "processors", lambda: 2)
    seen: list[tuple[int, int]] = []
    threaded = robustness.sensitivity(
        ds,
        samples=250,
        seed=4,
        distribution=way != "two passes",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert threaded.results == alone.results
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)
    # no thread to be had after a few chunks (a process limit): the rest in line, alike
    from concurrent.futures import ThreadPoolExecutor

    calls = {"n": 0}
    submit = ThreadPoolExecutor.submit

    def scarce(self: ThreadPoolExecutor, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > 5:
            raise RuntimeError("can't start new thread")
        return submit(self, *args, **kwargs)

    monkeypatch.setattr(ThreadPoolExecutor, "submit", scarce)
    limited = robustness.sensitivity(ds, samples=250, seed=4, distribution=way != "two passes")
    assert limited.results == alone.results and calls["n"] > 5


def test_same_seed_same_draws_and_zero_spread_is_the_point_estimate() -> None:
    ds = load(TWO, {"a": {"c1": 9, "c2": 2}, "b": {"c1": 4, "c2": 6}, "c": {"c1": 0, "c2": 10}})
    one = robustness.sensitivity(ds, samples=200, seed=1)
    assert robustness.sensitivity(ds, samples=200, seed=1) == one
    assert robustness.sensitivity(ds, samples=200, seed=2).results != one.results
    fixed = robustness.sensitivity(ds, samples=50, spread=0.0)
    assert [(r.slug, r.rank_p05, r.rank_p95, r.p_first) for r in fixed.results] == [
        ("a", 1, 1, 1.0),
        ("b", 2, 2, 0.0),
        ("c", 2, 2, 0.0),
    ]


def test_draws_stay_within_the_spread() -> None:
    central = np.array([0.5, 0.3, 0.2])
    draws = robustness.draw_weights(central, 2000, 0.5, np.random.default_rng(0))
    assert np.allclose(draws.sum(axis=1), 1.0)
    raw_ratio = draws / central  # proportional to the factors, which lie in [0.5, 1.5]
    assert (raw_ratio.max(axis=1) / raw_ratio.min(axis=1) <= 3.0 + 1e-9).all()
    anywhere = robustness.draw_weights(central, 2000, None, np.random.default_rng(0))
    assert anywhere.min() < 0.01 and anywhere.max() > 0.95  # the whole simplex is reached


@pytest.mark.parametrize(
    ("samples", "spread", "message"),
    [(0, 0.5, "samples: must be at least 1"), (10, -0.1, "spread"), (10, 1.5, "spread")],
)
def test_bad_options(samples: int, spread: float, message: str) -> None:
    ds = load(TWO, {"a": {"c1": 1, "c2": 1}})
    with pytest.raises(InputError, match=message):
        robustness.sensitivity(ds, samples=samples, spread=spread)


def test_bundled_dataset_talent_tipping_point() -> None:
    # Ukraine leads; with the other three weights equal, Poland takes over once
    # talent's weight passes t where 1 - 0.4582t = 1/3 + 2/3 t, i.e. t = 0.5927.
    sens = robustness.sensitivity(dataset.load(), samples=100)
    talent = sens.tipping[0]
    assert (sens.winner.slug, talent.criterion, talent.above) == ("ukraine", "talent", "poland")
    assert talent.high == pytest.approx((2 / 3) / (1 + 2 / 3 - 2980 / 5500), abs=1e-12)
