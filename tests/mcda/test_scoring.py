"""Exact scores and ranks on small datasets worked out by hand."""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mlsourcing.data import dataset
from mlsourcing.errors import InputError
from mlsourcing.mcda import scoring
from mlsourcing.mcda.methods import names as method_names
from mlsourcing.vocab import Method

from conftest import TESTS, THREE, crit, dataset_toml

NASTY = TESTS / "nasty"


Cli = Callable[..., Any]

Write = Callable[[str | bytes], Path]


def scores(
    text: str, weights: dict[str, float] | None = None, method: str = "wsm"
) -> list[tuple[int, str, float]]:
    ranking = scoring.rank(dataset.loads(text), weights, method)
    return [(r.rank, r.slug, r.score) for r in ranking.results]


def test_weighted_sum_exact() -> None:
    # weights 3:1 -> 0.75, 0.25. a: .75*0 + .25*1 = 25; b: 50; c: 75
    assert scores(THREE) == [(1, "c", 75.0), (2, "b", 50.0), (3, "a", 25.0)]


def test_weight_overrides_and_points_sum_to_score() -> None:
    ranking = scoring.rank(dataset.loads(THREE), {"speed": 1, "cost": 3})
    assert [(r.slug, r.score) for r in ranking.results] == [("a", 75.0), ("b", 50.0), ("c", 25.0)]
    assert ranking.weights == {"speed": 0.25, "cost": 0.75}
    for r in ranking.results:
        assert r.points is not None
        assert sum(r.points.values()) == pytest.approx(r.score, abs=1e-9)
    assert ranking.by_slug("a").points == {"speed": 0.0, "cost": 75.0}


def test_cost_only_weights() -> None:
    assert scores(THREE, {"speed": 0, "cost": 5}) == [
        (1, "a", 100.0),
        (2, "b", 50.0),
        (3, "c", 0.0),
    ]


def test_fixed_bounds_are_used_instead_of_the_values_present() -> None:
    text = dataset_toml(
        {"x": crit("benefit", min=0, max=200)},
        {"p": {"name": "P", "values": {"x": 50}}, "q": {"name": "Q", "values": {"x": 150}}},
    )
    assert scores(text) == [(1, "q", 75.0), (2, "p", 25.0)]


def test_one_fixed_bound_and_the_other_from_the_data() -> None:
    text = dataset_toml(
        {"x": crit("benefit", min=0)},
        {"p": {"name": "P", "values": {"x": 25}}, "q": {"name": "Q", "values": {"x": 100}}},
    )
    ranking = scoring.rank(dataset.loads(text))
    assert [(r.slug, r.score) for r in ranking.results] == [("q", 100.0), ("p", 25.0)]
    assert ranking.bounds == {"x": (0.0, 100.0)}


def test_ties_share_a_rank_and_are_listed_by_name() -> None:
    text = dataset_toml(
        {"x": crit()},
        {
            "z": {"name": "Zulu", "values": {"x": 5}},
            "y": {"name": "alpha", "values": {"x": 5}},
            "w": {"name": "Mike", "values": {"x": 1}},
        },
    )
    assert scores(text) == [(1, "y", 100.0), (1, "z", 100.0), (3, "w", 0.0)]


def test_constant_criterion_gives_everyone_one() -> None:
    text = dataset_toml(
        {"x": crit(), "k": crit("cost")},
        {
            "p": {"name": "P", "values": {"x": 1, "k": 7}},
            "q": {"name": "Q", "values": {"x": 3, "k": 7}},
        },
    )
    ranking = scoring.rank(dataset.loads(text))
    assert [(r.slug, r.score) for r in ranking.results] == [("q", 100.0), ("p", 50.0)]
    assert ranking.by_slug("p").normalised["k"] == 1.0


def test_missing_value_scores_zero_and_is_flagged() -> None:
    text = dataset_toml(
        {"x": crit(), "y": crit("cost")},
        {
            "p": {"name": "P", "values": {"x": 10, "y": 1}},
            "q": {"name": "Q", "values": {"y": 3}},
            "r": {"name": "R", "values": {"x": 20}},
        },
    )
    ranking = scoring.rank(dataset.loads(text))
    # x: bounds 10..20 from P and R; y (cost): bounds 1..3 from P and Q
    assert [(r.slug, r.score, r.missing) for r in ranking.results] == [
        ("p", 50.0, ()),
        ("r", 50.0, ("y",)),
        ("q", 0.0, ("x",)),
    ]
    assert ranking.by_slug("q").values == {"x": None, "y": 3.0}
    assert ranking.results[0].rank == ranking.results[1].rank == 1


def test_input_order_never_changes_the_result() -> None:
    crits = {
        f"c{i}": crit(random.Random(i).choice(["benefit", "cost"]), weight=i + 1) for i in range(5)
    }
    rng = random.Random(7)
    dests = {
        f"d{j}": {
            "name": f"D{j}",
            "values": {k: rng.choice([0.1, 0.2, 1 / 3, 7.0, 2.5]) for k in crits},
        }
        for j in range(12)
    }
    expected = scores(dataset_toml(crits, dests))
    for seed in range(5):
        shuffle = random.Random(seed)
        c_items = list(crits.items())
        d_items = list(dests.items())
        shuffle.shuffle(c_items)
        shuffle.shuffle(d_items)
        assert scores(dataset_toml(dict(c_items), dict(d_items))) == expected


def test_extreme_finite_values_give_finite_scores() -> None:
    text = dataset_toml(
        {"x": crit(), "y": crit("cost")},
        {
            "p": {"name": "P", "values": {"x": 1e308, "y": -1e308}},
            "q": {"name": "Q", "values": {"x": -1e308, "y": 1e308}},
            "r": {"name": "R", "values": {"x": 0.0, "y": 0.0}},
        },
    )
    for method in [m for m in method_names() if m != Method.wpm]:
        assert scores(text, method=method)[0][:2] == (1, "p")
        assert [s for *_, s in scores(text, method=method)] == sorted(
            (s for *_, s in scores(text, method=method)), reverse=True
        )
    assert scores(text) == [(1, "p", 100.0), (2, "r", 50.0), (3, "q", 0.0)]
    # the weighted product takes positive values only, as extreme as they come
    positive = dataset_toml(
        {"x": crit(), "y": crit("cost")},
        {
            "p": {"name": "P", "values": {"x": 1e308, "y": 5e-324}},
            "q": {"name": "Q", "values": {"x": 5e-324, "y": 1e308}},
            "r": {"name": "R", "values": {"x": 1.0, "y": 1.0}},
        },
    )
    # R's product, about 1e-314, and Q's are 0 at the 9 decimals scores keep: a tie
    assert scores(positive, method="wpm") == [(1, "p", 100.0), (2, "q", 0.0), (2, "r", 0.0)]


def test_all_zero_weights_and_unknown_method_are_usage_errors() -> None:
    ds = dataset.loads(THREE)
    with pytest.raises(InputError, match="every weight is 0"):
        scoring.rank(ds, {"speed": 0, "cost": 0})
    with pytest.raises(InputError, match="unknown method 'tops'; did you mean 'topsis'"):
        scoring.rank(ds, method="tops")
    with pytest.raises(InputError, match="unknown criterion 'sped'; did you mean 'speed'"):
        scoring.rank(ds, {"sped": 1})


def test_huge_weights_do_not_overflow() -> None:
    assert scores(THREE, {"speed": 1e308, "cost": 1e308}) == [
        (1, "a", 50.0),
        (1, "b", 50.0),
        (1, "c", 50.0),
    ]


def test_competition_ranks() -> None:
    assert scoring.competition_ranks([9, 9, 5, 5, 5, 1]) == [1, 1, 3, 3, 3, 6]
    assert scoring.competition_ranks([]) == []


def test_bundled_dataset_ranking() -> None:
    ranking = scoring.rank(dataset.load())
    assert [r.slug for r in ranking.results] == ["ukraine", "romania", "poland", "belarus"]
    belarus = ranking.by_slug("belarus")
    assert belarus.missing == ("talent", "big_tech")
    # local_firms 3 on 1..5 -> 0.5; community 2 -> 0.25; weights 1/4 each
    assert belarus.score == 18.75
    # talent normalised from 0: Poland 5500 is the top; Ukraine 2980 / 5500
    assert ranking.by_slug("ukraine").normalised["talent"] == pytest.approx(2980 / 5500)


def test_explained_points_add_up_to_the_score_shown(cli: Cli) -> None:
    for args in (
        ["rank", "--explain", "-w", "talent=3,big_tech=2"],
        ["rank", "--explain", "-w", "community=7"],
    ):
        out = cli(*args, env={"COLUMNS": "120"}).stdout
        for line in out.splitlines():
            m = re.match(r"\s+\d+\s+\w+\s+([\d.]+)\s+\S+\s+(.*)$", line)
            if m:
                points = [float(p.rstrip("*")) for p in m.group(2).split()]
                assert round(sum(points), 1) == float(m.group(1)), line
    show = cli("show", "poland", "-w", "talent=3,big_tech=2").stdout
    score = float(re.search(r"score ([\d.]+) / 100", show).group(1))  # type: ignore[union-attr]
    points = [
        float(line.split()[-1]) for line in show.splitlines() if re.search(r"\d%\s+[\d.]+$", line)
    ]
    assert len(points) == 4 and round(sum(points), 1) == score


def test_the_smallest_positive_number_is_not_rounded_away(write: Write) -> None:
    text = dataset_toml(
        {"x": crit()},
        {"a": {"name": "A", "values": {"x": 5e-324}}, "b": {"name": "B", "values": {"x": 0}}},
    )
    ranking = scoring.rank(dataset.load(write(text)))
    assert [(r.slug, r.score) for r in ranking.results] == [("a", 100.0), ("b", 0.0)]


def test_topsis_counts_a_missing_value_as_the_worst_present() -> None:
    ranking = scoring.rank(dataset.load(), method="topsis")
    assert [(r.slug, round(r.score, 2)) for r in ranking.results] == [
        ("ukraine", 69.14),
        ("romania", 41.44),
        ("poland", 38.11),
        ("belarus", 16.27),
    ]
    text = dataset_toml(
        {"a": crit(), "b": crit()},
        {
            "x": {"name": "X", "values": {"a": 5, "b": 3}},
            "y": {"name": "Y", "values": {"b": 3}},
            "z": {"name": "Z", "values": {"a": 1, "b": 1}},
            "e": {"name": "E"},
        },
    )
    scores = {r.slug: r.score for r in scoring.rank(dataset.loads(text), method="topsis").results}
    assert scores["x"] == 100 and scores["y"] < 100  # no longer a tie with X's real 5
    assert scores["e"] == 0  # no values at all: not 100


def test_topsis_missing_on_a_constant_criterion_still_counts_against() -> None:
    text = dataset_toml(
        {"a": crit()},
        {"x": {"name": "X", "values": {"a": 3}}, "y": {"name": "Y"}},
    )
    scores = {r.slug: r.score for r in scoring.rank(dataset.loads(text), method="topsis").results}
    assert scores == {"x": 100.0, "y": 0.0}


def test_extreme_values_give_exact_finite_scores() -> None:
    ds = dataset.load(NASTY / "extreme_floats.toml")
    for method in [m for m in method_names() if m != Method.wpm]:  # wpm: values must be > 0
        ranking = scoring.rank(ds, method=method)
        assert ranking.results[0].slug == "p"
        assert all(math.isfinite(r.score) for r in ranking.results)
    wsm = scoring.rank(ds)
    assert [(r.slug, r.score) for r in wsm.results] == [("p", 100.0), ("r", 50.0), ("q", 0.0)]


def test_under_ignore_show_and_explain_give_the_weights_the_points_used(cli: Cli) -> None:
    """pts = 100 x weight x normalised value holds on screen: Belarus has two of four
    values, so each of its equal weights counts for 50%, not the 25% given."""
    args = ["--missing", "ignore", "--weights", "talent=1,local_firms=1,big_tech=1,community=1"]
    shown = cli("show", "belarus", *args, "-f", "json")
    doc = json.loads(shown.stdout)
    rows = {c["criterion"]: (c["weight"], c["normalised"], c["points"]) for c in doc["criteria"]}
    assert rows["local_firms"] == (0.5, 0.5, 25) and rows["talent"] == (0, 0, 0)
    for weight, normalised, points in rows.values():
        assert points == pytest.approx(100 * weight * normalised)
    table = cli("show", "belarus", *args, env={"COLUMNS": "100"}).stdout
    assert re.search(r"Local firms ↑\s+3\s+0\.50\s+50%\s+25\.0", table)
    explained = " ".join(cli("rank", "--explain", *args, env={"COLUMNS": "100"}).stdout.split())
    assert "(each row's weights re-normalised over the criteria it has)" in explained


def test_the_points_footnote_names_what_the_method_multiplies(cli: Cli) -> None:
    for method, figure in (("wsm", "normalised value"), ("promethee", "position")):
        out = " ".join(
            cli("rank", "--explain", "-m", method, env={"COLUMNS": "100"}).stdout.split()
        )
        assert f"pts = 100 x weight x {figure}, to one decimal" in out
