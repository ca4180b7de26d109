"""WPM, VIKOR and PROMETHEE II: published worked examples, hand-worked missing values,
the numpy twin, and agreement with pymcdm on the same data for all five methods."""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlsourcing.analysis import agreement, concordance, robustness
from mlsourcing.data import dataset
from mlsourcing.mcda import scoring
from mlsourcing.mcda.methods import names as method_names
from mlsourcing.vocab import Method, Missing

from conftest import crit, dataset_toml

Cli = Callable[..., Any]


def load(
    crits: Mapping[str, Mapping[str, object]], rows: Mapping[str, Mapping[str, float]]
) -> dataset.Dataset:
    dests = {slug: {"name": slug.upper(), "values": dict(values)} for slug, values in rows.items()}
    return dataset.loads(dataset_toml({k: dict(v) for k, v in crits.items()}, dests))


def matrix_dataset(
    matrix: list[list[float]], weights: list[float], benefit: list[bool]
) -> dataset.Dataset:
    crits = {
        f"c{j}": crit("benefit" if b else "cost", weight=w)
        for j, (w, b) in enumerate(zip(weights, benefit, strict=True))
    }
    rows = {f"a{i + 1}": {f"c{j}": x for j, x in enumerate(row)} for i, row in enumerate(matrix)}
    return load(crits, rows)


def scores_of(ds: dataset.Dataset, method: str, **options: Any) -> list[float]:
    ranking = scoring.rank(ds, method=method, **options)
    return [ranking.by_slug(slug).score for slug in ds.destinations]


def test_wpm_reproduces_triantaphyllous_worked_example() -> None:
    """Triantaphyllou (2000), also the example of Wikipedia's "Weighted product model":
    P(A1/A2) = 1.007, P(A1/A3) = 1.067, so A1 > A2 > A3."""
    ds = matrix_dataset(
        [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]],
        [0.20, 0.15, 0.40, 0.25],
        [True] * 4,
    )
    a1, a2, a3 = scores_of(ds, "wpm")
    assert round(a1 / a2, 3) == 1.007 and round(a1 / a3, 3) == 1.067
    # by hand: the product of each value's ratio to the best (30 everywhere), to the weight
    assert a1 == pytest.approx(
        100 * (25 / 30) ** 0.2 * (20 / 30) ** 0.15 * (15 / 30) ** 0.4 * 1**0.25, abs=1e-9
    )
    assert [r.slug for r in scoring.rank(ds, method="wpm").results] == ["a1", "a2", "a3"]


def test_vikor_reproduces_pymcdms_documented_example() -> None:
    """pymcdm's VIKOR docstring: equal weights, four benefit criteria,
    Q = 0.5679, 0.7667, 1, 0.7493, 0; our score is 100 (1 - Q)."""
    ds = matrix_dataset(
        [[78, 56, 34, 6], [4, 45, 3, 97], [18, 2, 50, 63], [9, 14, 11, 92], [85, 9, 100, 29]],
        [1, 1, 1, 1],
        [True] * 4,
    )
    q = [1 - s / 100 for s in scores_of(ds, "vikor")]
    assert [round(x, 4) for x in q] == [0.5679, 0.7667, 1, 0.7493, 0]


def test_promethee_reproduces_pymcdms_documented_example_worked_by_hand() -> None:
    """pymcdm's PROMETHEE II docstring: net flows 0.1, -0.3, 0.2. By hand for A1 =
    (4, 3, 2): it beats A2 on c0 and c1 (0.5 + 0.3) and A3 on c1 (0.3); A2 beats it on
    c2 (0.2), A3 on c0 and c2 (0.5 + 0.2): phi = (1.1 - 0.9) / 2 = 0.1."""
    ds = matrix_dataset([[4, 3, 2], [3, 2, 4], [5, 1, 3]], [0.5, 0.3, 0.2], [True] * 3)
    ranking = scoring.rank(ds, method="promethee")
    assert scores_of(ds, "promethee") == [55.0, 35.0, 60.0]  # 100 (phi + 1) / 2
    # linear in the weights, like the weighted sum: points add up to the score
    a1 = ranking.by_slug("a1")
    # A1 splits c0 (net 0: position 0.5), beats both on c1 (1), loses both on c2 (0)
    assert a1.points == pytest.approx({"c0": 25.0, "c1": 30.0, "c2": 0.0})
    assert math.fsum(a1.point_row or ()) == pytest.approx(a1.score)


MISSING = {
    "top": {"a": 10, "b": 2},
    "mid": {"a": 5, "b": 4},
    "gap": {"b": 1},  # no value on a
}


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        # the gap counts as the worst present on a (5: ratio 5/10); its 1 is the best on b
        ("wpm", 100 * (5 / 10) ** 0.5 * (1 / 1) ** 0.5),
        # the gap loses to both on a (net -2) and beats both on b (+2): (0 + 1) / 2 = 0.5
        ("promethee", 50.0),
    ],
)
def test_a_missing_value_is_scored_as_documented(method: str, expected: float) -> None:
    ds = load({"a": crit(), "b": crit("cost")}, MISSING)
    assert scoring.rank(ds, method=method).by_slug("gap").score == pytest.approx(expected)


def test_vikor_gives_a_missing_value_the_full_regret() -> None:
    ds = load({"a": crit(), "b": crit("cost")}, MISSING)
    # regrets (a within 5-10, b within 1-4), weights 1/2: top (0, 1/3), mid (1, 1), gap (1, 0)
    # S = 1/6, 1, 1/2; R = 1/6, 1/2, 1/2; Q = 0.5 (S - 1/6) / (5/6) + 0.5 (R - 1/6) / (1/3)
    scores = dict(zip(("top", "mid", "gap"), scores_of(ds, "vikor"), strict=True))
    assert scores == pytest.approx(
        {"top": 100.0, "mid": 0.0, "gap": 100 * (1 - (0.5 * (1 / 3) / (5 / 6) + 0.5))}
    )


def test_wpm_refuses_values_that_are_not_above_zero(cli: Cli, write: Callable[[str], Any]) -> None:
    path = write(
        dataset_toml(
            {"hours": crit("cost")},
            {
                "x": {"name": "X", "values": {"hours": 0}},
                "y": {"name": "Y", "values": {"hours": 3}},
            },
        )
    )
    result = cli("rank", "--data", str(path), "--method", "wpm")
    assert result.exit_code == 2
    assert result.stderr == (
        "mlsourcing: error: --method: wpm multiplies ratios of values, so every value must be "
        "above 0, but 'hours' of 'X' is 0; choose another method\n"
    )
    # only the order of values counts under PROMETHEE II: 0 is fine
    doc = json.loads(cli("rank", "--data", str(path), "-m", "promethee", "-f", "json").stdout)
    assert [(r["slug"], r["score"]) for r in doc["results"]] == [("x", 100.0), ("y", 0.0)]


@pytest.mark.parametrize("policy", list(Missing))
@pytest.mark.parametrize("method", list(method_names()))
def test_the_numpy_twin_scores_as_scoring_does(method: Method, policy: Missing) -> None:
    rows: dict[str, dict[str, float]] = {
        f"d{i}": {"c1": (i * 37) % 11 + 1, "c2": (i * 17) % 7 + 1, "c3": (i * 5) % 4 + 1}
        for i in range(9)
    }
    del rows["d2"]["c1"], rows["d5"]["c3"], rows["d7"]["c1"], rows["d7"]["c2"]
    ds = load({"c1": crit(), "c2": crit("cost"), "c3": crit(min=0, max=10)}, rows)
    model = scoring.prepare(ds, method, policy)
    draws = np.array([[0.3, 0.5, 0.2], [0.9, 0.0, 0.1], [0.0, 0.0, 1.0]])
    batch = robustness.batch_scores(model, robustness.positions_matrix(model), draws)
    for d, w in enumerate(draws):
        ranking = scoring.rank(
            ds, dict(zip(("c1", "c2", "c3"), w, strict=True)), method, None, policy
        )
        for i, slug in enumerate(model.slugs):
            assert batch[d, i] == pytest.approx(ranking.by_slug(slug).score, abs=1e-8), (d, slug)


@pytest.mark.parametrize("method", list(method_names()))
def test_tipping_points_hold_for_every_method(method: Method) -> None:
    """Just inside each end of the interval the winner still wins; just outside, the
    named destination beats it."""
    ds = load(
        {"a": crit(weight=2), "b": crit("cost"), "c": crit()},
        {
            "p": {"a": 9, "b": 6, "c": 3},
            "q": {"a": 4, "b": 2, "c": 8},
            "r": {"a": 6, "b": 3, "c": 6},
        },
    )
    sens = robustness.sensitivity(ds, method=method, samples=10)
    winner = sens.results[0].slug
    for tip in sens.tipping:
        for end, who, step in ((tip.low, tip.below, -1e-6), (tip.high, tip.above, 1e-6)):
            if who is None:
                continue
            for t, winner_wins in ((end - step, True), (end + step, False)):
                w = {k: v * (1 - t) / (1 - tip.weight) for k, v in sens.weights.items()}
                w[tip.criterion] = t
                ranking = scoring.rank(ds, w, method)
                assert (ranking.by_slug(winner).rank == 1) is winner_wins, (tip, t)
                if not winner_wins:
                    assert ranking.by_slug(who).score > ranking.by_slug(winner).score


# ---------------------------------------------------------------------------
# Agreement with pymcdm (a test dependency on Python 3.11 and newer)


def pymcdm_scores(method: str, x: np.ndarray, w: np.ndarray, benefit: np.ndarray) -> Any:
    pymcdm = pytest.importorskip("pymcdm")
    types = np.where(benefit, 1, -1)
    from pymcdm import methods as pm
    from pymcdm.normalizations import minmax_normalization, vector_normalization

    body = {
        "wsm": lambda: pm.WSM(minmax_normalization),
        "topsis": lambda: pm.TOPSIS(vector_normalization),
        "wpm": lambda: pm.WPM(),
        "vikor": lambda: pm.VIKOR(v=0.5),
        "promethee": lambda: pm.PROMETHEE_II("usual"),
    }[method]()
    assert pymcdm is not None
    return body(x, w / w.sum(), types)


def as_ours(method: str, theirs: Any) -> Any:
    """pymcdm's preference values on our 0-100, higher-is-better scale."""
    if method == "vikor":
        return 100 * (1 - theirs)
    if method == "promethee":
        return 100 * (theirs + 1) / 2
    if method == "wpm":  # ours is the product relative to the ideal: a common factor
        return theirs
    return 100 * theirs


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("method", list(method_names()))
def test_every_method_agrees_with_pymcdm(method: Method, seed: int) -> None:
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(3, 12)), int(rng.integers(2, 6))
    x = rng.uniform(1, 100, size=(m, n)).round(2)
    w = rng.uniform(0.1, 5, size=n).round(2)
    benefit = rng.integers(0, 2, size=n).astype(bool)
    ds = matrix_dataset(x.tolist(), w.tolist(), benefit.tolist())
    ours = np.array(scores_of(ds, method))
    theirs = as_ours(method, np.asarray(pymcdm_scores(method, x, w, benefit), dtype=float))
    if method is Method.wpm:
        ratio = ours / theirs
        assert ratio == pytest.approx(np.full(m, ratio[0]), rel=1e-9)
    else:
        assert ours == pytest.approx(theirs, abs=1e-7)
    ours_order = [r.slug for r in scoring.rank(ds, method=method).results]
    their_order = [f"a{i + 1}" for i in sorted(range(m), key=lambda i: -theirs[i])]
    assert ours_order == their_order


# ---------------------------------------------------------------------------
# mlsourcing methods: every method side by side

PROMETHEE_EXAMPLE: tuple[list[list[float]], list[float], list[bool]] = (
    [[4, 3, 2], [3, 2, 4], [5, 1, 3]],
    [0.5, 0.3, 0.2],
    [True] * 3,
)


def test_agreement_worked_by_hand() -> None:
    """Ranks of A1, A2, A3: wsm 2 3 1; topsis 1 3 2; wpm 1 2 3; vikor 1 3 1 (A1 and A3
    tie, Q = 0.1); promethee 2 3 1. Borda (3 destinations: first 2 points, second 1,
    two tied first 1.5 each): A1 1 + 2 + 2 + 1.5 + 1 = 7.5; A3 2 + 1 + 0 + 1.5 + 2 = 6.5;
    A2 0 + 0 + 1 + 0 + 0 = 1."""
    found = agreement.agreement(matrix_dataset(*PROMETHEE_EXAMPLE))
    assert found.methods == method_names()
    assert [(s.slug, s.ranks, s.borda, s.consensus) for s in found.standings] == [
        ("a1", (2, 1, 1, 1, 2), 7.5, 1),
        ("a3", (1, 2, 3, 1, 1), 6.5, 2),
        ("a2", (3, 3, 2, 3, 3), 1.0, 3),
    ]
    taus = {(a.value, b.value): t for a, b, t in found.taus}
    assert len(taus) == 10
    # wsm vs wpm: (A1, A2) concordant, (A1, A3) and (A2, A3) discordant: (1 - 2) / 3
    assert taus[("wsm", "wpm")] == -0.3333
    assert taus[("wsm", "promethee")] == 1.0
    assert found.least_agreeing == (Method.wsm, Method.wpm, -0.3333)
    # A3 ranges over 1-3; A1 and A2 over 1-2 and 2-3 (A1 ahead by consensus)
    assert [s.slug for s in found.dependent] == ["a3", "a1", "a2"]
    assert found.winners[Method.vikor] == ("A1", "A3")


def test_borda_points_share_ties() -> None:
    assert agreement.borda_points([1, 1, 3, 4]) == [2.5, 2.5, 1.0, 0.0]


@given(st.lists(st.integers(1, 4), max_size=14), st.data())
def test_kendall_tau_is_the_textbook_definition(a: list[int], data: st.DataObject) -> None:
    b = data.draw(st.lists(st.integers(1, 4), min_size=len(a), max_size=len(a)))
    concordant = discordant = only_a = only_b = 0
    for i, j in itertools.combinations(range(len(a)), 2):
        da, db = a[i] - a[j], b[i] - b[j]
        if da == 0 and db != 0:
            only_a += 1
        elif db == 0 and da != 0:
            only_b += 1
        elif da * db > 0:
            concordant += 1
        elif da * db < 0:
            discordant += 1
    denominator = math.sqrt((concordant + discordant + only_a) * (concordant + discordant + only_b))
    expected = 1.0 if denominator == 0 else (concordant - discordant) / denominator
    assert concordance.kendall_tau(a, b) == pytest.approx(expected, abs=1e-12)


def test_methods_command_in_every_format(cli: Cli, write: Callable[[str], Any]) -> None:
    crits = {f"c{j}": crit(weight=w) for j, w in enumerate(PROMETHEE_EXAMPLE[1])}
    rows = {
        f"a{i + 1}": {"name": f"A{i + 1}", "values": {f"c{j}": x for j, x in enumerate(row)}}
        for i, row in enumerate(PROMETHEE_EXAMPLE[0])
    }
    path = str(write(dataset_toml(crits, rows)))
    doc = json.loads(cli("methods", "--data", path, "-f", "json").stdout)
    assert doc["methods"] == ["wsm", "topsis", "wpm", "vikor", "promethee"]
    assert [(r["slug"], r["borda"], r["ranks"]["vikor"]) for r in doc["results"]] == [
        ("a1", 7.5, 1),
        ("a3", 6.5, 1),
        ("a2", 1, 3),
    ]
    assert doc["results"][1]["scores"]["promethee"] == 60.0
    assert doc["most_method_dependent"] == ["a3", "a1", "a2"]
    table = list(csv.DictReader(io.StringIO(cli("methods", "--data", path, "-f", "csv").stdout)))
    assert [(r["consensus_rank"], r["slug"], r["rank_wpm"], r["worst_rank"]) for r in table] == [
        ("1", "a1", "1", "2"),
        ("2", "a3", "3", "3"),
        ("3", "a2", "2", "3"),
    ]
    md = cli("methods", "--data", path, "-f", "markdown").stdout
    assert md.splitlines()[0] == (
        "| # | Destination | weighted sum | TOPSIS | weighted product | VIKOR | PROMETHEE II "
        "| Borda | Ranks |"
    )
    assert "| 1 | A1 | 2 | 1 | 1 | 1 | 2 | 7.5 | 1-2 |" in md
    text = " ".join(cli("methods", "--data", path, env={"COLUMNS": "80"}).stdout.split())
    assert "The methods disagree on first place: A3 (weighted sum, PROMETHEE II);" in text
    assert "Rank depends most on the method: A3 (ranks 1-3)" in text
    assert "Least alike: weighted sum and weighted product (tau -0.33)." in text


def test_methods_leaves_out_a_method_that_cannot_score_and_says_why(cli: Cli) -> None:
    doc = json.loads(cli("methods", "--data", "open", "-f", "json").stdout)
    assert doc["methods"] == ["wsm", "topsis", "vikor", "promethee"]
    assert doc["skipped"] == [
        {
            "method": "wpm",
            "reason": "wpm multiplies ratios of values, so every value must be above 0, but "
            "'overlap_berlin' of 'Australia' is 0; choose another method",
        }
    ]
    assert len(doc["results"]) == 101 and len(doc["kendall_tau"]) == 6
    top = cli("methods", "--data", "open", "--top", "3", "-f", "csv").stdout.splitlines()
    # the best 3 by consensus, with any tied at the cut
    leading = [r["slug"] for r in doc["results"] if r["consensus_rank"] <= 3]
    assert [row.split(",")[1] for row in top[1:]] == leading and len(leading) >= 3
