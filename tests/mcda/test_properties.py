"""Invariants of the scoring model, searched for counter-examples with Hypothesis."""

from __future__ import annotations

import csv
import io
import json
import math
import random
import sys
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mlsourcing.data import dataset
from mlsourcing.data.dataset import Criterion, Dataset
from mlsourcing.mcda import scoring
from mlsourcing.mcda.methods import names as method_names
from mlsourcing.render import csv as render_csv
from mlsourcing.render import json as render_json
from mlsourcing.views import rankings
from strategies import SAFE_CHARACTERS, documents, documents_for, weights_for

METHODS = list(method_names())


def load(doc: dict[str, Any]) -> Dataset:
    return dataset.from_document(doc)


def pref(ds: Dataset, key: str, value: float | None) -> float:
    """How good a value is on its criterion: higher is better, missing is worst."""
    if value is None:
        return -math.inf
    return value if ds.criteria[key].direction == "benefit" else -value


def improved(data: st.DataObject, crit: Criterion, x: float) -> float:
    """A value at least as good as x on the criterion, within its bounds."""
    step = data.draw(st.floats(0, 1)) * max(abs(x), 1.0)
    better = x + step if crit.direction == "benefit" else x - step
    if crit.max is not None:
        better = min(better, crit.max)
    if crit.min is not None:
        better = max(better, crit.min)
    assume(math.isfinite(better))
    return better


@given(st.data(), st.sampled_from(METHODS))
def test_scores_are_finite_bounded_and_ranks_are_competition_ranks(
    data: st.DataObject, method: str
) -> None:
    doc = data.draw(documents_for(method))
    ds = load(doc)
    ranking = scoring.rank(ds, data.draw(weights_for(doc)), method)
    scores = [r.score for r in ranking.results]
    assert all(math.isfinite(s) and 0 <= s <= 100 for s in scores)
    assert scores == sorted(scores, reverse=True)
    for i, r in enumerate(ranking.results):
        assert r.rank == 1 + sum(1 for s in scores if s > r.score)
        if i:
            prev = ranking.results[i - 1]
            if prev.score == r.score:
                assert (prev.name.casefold(), prev.slug) < (r.name.casefold(), r.slug)
    assert sorted(r.slug for r in ranking.results) == sorted(ds.destinations)
    assert math.fsum(ranking.weights.values()) == pytest.approx(1.0)


@given(st.data(), st.sampled_from(METHODS), st.integers(-20, 20))
def test_scaling_all_weights_changes_nothing(data: st.DataObject, method: str, power: int) -> None:
    doc = data.draw(documents_for(method, max_destinations=40))
    ds = load(doc)
    weights = data.draw(weights_for(doc))
    base = scoring.rank(ds, weights, method)
    # By a power of two the division is exact, so the results are identical; not so
    # for subnormal weights (below 2.2e-308), which lose bits when scaled.
    assume(all(v == 0 or min(v, v * 2.0**power) >= sys.float_info.min for v in weights.values()))
    exact = scoring.rank(ds, {k: v * 2.0**power for k, v in weights.items()}, method)
    assert exact == base
    factor = data.draw(st.floats(1e-3, 1e3))
    scaled = scoring.rank(ds, {k: v * factor for k, v in weights.items()}, method)
    by_slug = {r.slug: r for r in base.results}
    for r in scaled.results:
        assert r.score == pytest.approx(by_slug[r.slug].score, abs=1e-7)


@given(st.data(), st.sampled_from(METHODS), st.randoms(use_true_random=False))
def test_shuffling_destinations_and_criteria_changes_nothing(
    data: st.DataObject, method: str, rnd: random.Random
) -> None:
    doc = data.draw(documents_for(method, max_destinations=60))
    weights = data.draw(weights_for(doc))
    base = scoring.rank(load(doc), weights, method)
    crits = list(doc["criteria"].items())
    dests = list(doc["destinations"].items())
    rnd.shuffle(crits)
    rnd.shuffle(dests)
    shuffled = scoring.rank(
        load({"criteria": dict(crits), "destinations": dict(dests)}), weights, method
    )
    assert [(r.rank, r.slug, r.score) for r in shuffled.results] == [
        (r.rank, r.slug, r.score) for r in base.results
    ]


def a_present_value(
    data: st.DataObject, method: str = "wsm"
) -> tuple[dict[str, Any], Dataset, dict[str, float], str, str]:
    """A random dataset ``method`` can score, weights, and one destination's present
    value (slug, key)."""
    doc = data.draw(documents_for(method, max_destinations=40))
    ds = load(doc)
    weights = data.draw(weights_for(doc))
    slug = data.draw(st.sampled_from(sorted(ds.destinations)))
    present = sorted(ds.destinations[slug].values)
    assume(present)
    return doc, ds, weights, slug, data.draw(st.sampled_from(present))


@given(st.data())
def test_improving_a_value_never_lowers_the_score(data: st.DataObject) -> None:
    doc, ds, weights, slug, key = a_present_value(data)
    better = improved(data, ds.criteria[key], ds.destinations[slug].values[key])
    before = scoring.rank(ds, weights).by_slug(slug).score
    doc["destinations"][slug]["values"][key] = better
    after = scoring.rank(load(doc), weights).by_slug(slug).score
    assert after >= before


@given(st.data())
def test_a_dominating_destination_is_never_ranked_below(data: st.DataObject) -> None:
    doc = data.draw(documents(max_destinations=40))
    ds = load(doc)
    weights = data.draw(weights_for(doc))
    base = data.draw(st.sampled_from(sorted(ds.destinations)))
    better = {}
    for key, crit in ds.criteria.items():
        x = ds.destinations[base].values.get(key)
        if x is None:  # a missing value is the worst: any value dominates it
            x = crit.min if crit.min is not None else 0.0
        better[key] = improved(data, crit, x)
    doc["destinations"]["dominant"] = {"name": "Dominant", "values": better}
    ranking = scoring.rank(load(doc), weights)
    assert ranking.by_slug("dominant").rank <= ranking.by_slug(base).rank
    assert ranking.by_slug("dominant").score >= ranking.by_slug(base).score


@given(st.data(), st.sampled_from(METHODS))
def test_one_nonzero_weight_orders_by_that_criterion_alone(
    data: st.DataObject, method: str
) -> None:
    doc = data.draw(documents_for(method, max_destinations=60))
    ds = load(doc)
    key = data.draw(st.sampled_from(sorted(ds.criteria)))
    ranking = scoring.rank(ds, {k: float(k == key) for k in ds.criteria}, method)
    for a in ranking.results:
        for b in ranking.results:
            if pref(ds, key, a.values[key]) > pref(ds, key, b.values[key]):
                assert a.rank <= b.rank, (a, b)
            if a.values[key] == b.values[key]:
                assert a.rank == b.rank


@given(st.data())
@settings(max_examples=40)
def test_csv_and_json_round_trip_and_points_sum_to_the_score(data: st.DataObject) -> None:
    doc = data.draw(documents(max_destinations=60))
    names = data.draw(
        st.lists(
            st.text(SAFE_CHARACTERS, min_size=1, max_size=30),
            min_size=len(doc["destinations"]),
            max_size=len(doc["destinations"]),
            unique_by=lambda s: s.strip().casefold(),
        )
    )
    assume(all(n.strip() and n.strip().casefold() not in doc["destinations"] for n in names))
    for dest, name in zip(doc["destinations"].values(), names, strict=True):
        dest["name"] = name
    ds = load(doc)
    ranking = scoring.rank(ds, data.draw(weights_for(doc)))
    rows = list(
        csv.DictReader(
            io.StringIO(
                render_csv.rank(rankings.ranking_view(ds, ranking, explain=True)), newline=""
            )
        )
    )
    parsed = json.loads("".join(render_json.rank(rankings.ranking_view(ds, ranking))))["results"]
    assert len(rows) == len(parsed) == len(ranking.results)
    for r, row, obj in zip(ranking.results, rows, parsed, strict=True):
        unguarded = row["name"][1:] if row["name"][:1] == "'" and r.name[:1] != "'" else row["name"]
        assert (int(row["rank"]), row["slug"], unguarded, float(row["score"])) == (
            r.rank,
            r.slug,
            r.name,
            r.score,
        )
        assert (obj["rank"], obj["slug"], obj["name"], obj["score"]) == (
            r.rank,
            r.slug,
            r.name,
            r.score,
        )
        for key in ds.criteria:
            cell = row[key]
            assert (None if cell == "" else float(cell)) == r.values[key]
            assert obj["values"][key] == r.values[key]
        assert r.points is not None
        assert math.fsum(float(row[f"{k}_points"]) for k in ds.criteria) == pytest.approx(
            r.score, abs=1e-6
        )
        assert math.fsum(obj["points"].values()) == pytest.approx(r.score, abs=1e-6)


def worst_present(ds: Dataset, key: str) -> float:
    present = [d.values[key] for d in ds.destinations.values() if key in d.values]
    return min(present) if ds.criteria[key].direction == "benefit" else max(present)


@given(st.data(), st.sampled_from(METHODS))
def test_a_missing_value_never_scores_better_than_the_worst_value_present(
    data: st.DataObject, method: str
) -> None:
    """The documented rule, for every method (TOPSIS broke it before issue 9: a
    destination with a missing value could tie one with a real, better value)."""
    doc = data.draw(documents_for(method, max_destinations=40))
    ds = load(doc)
    weights = data.draw(weights_for(doc))
    gaps = [(s, k) for s, d in ds.destinations.items() for k in ds.criteria if k not in d.values]
    assume(gaps)
    slug, key = data.draw(st.sampled_from(gaps))
    assume(any(key in d.values for d in ds.destinations.values()))
    missing = scoring.rank(ds, weights, method).by_slug(slug)
    doc["destinations"][slug]["values"][key] = worst_present(ds, key)
    filled = scoring.rank(load(doc), weights, method).by_slug(slug)
    assert missing.score <= filled.score + 1e-9


@given(st.data(), st.sampled_from(METHODS))
def test_losing_a_value_never_raises_the_score(data: st.DataObject, method: str) -> None:
    """Unless, under TOPSIS, the weighted product or VIKOR, the value lost was the
    unique worst on its criterion: a missing value counts as the worst present,
    which is then a better one (TOPSIS: the spread shrinks, and with it every
    distance along it; VIKOR: the others' regrets grow, and its score is relative
    to theirs); a property of normalising by the data (see docs/methods.md)."""
    doc, ds, weights, slug, key = a_present_value(data, method)
    value = ds.destinations[slug].values[key]
    if method in ("topsis", "wpm", "vikor"):
        others = [
            d.values[key] for s, d in ds.destinations.items() if s != slug and key in d.values
        ]
        worse = (
            [v for v in others if v <= value]
            if ds.criteria[key].direction == "benefit"
            else [v for v in others if v >= value]
        )
        assume(worse)  # not the unique worst
    before = scoring.rank(ds, weights, method).by_slug(slug)
    del doc["destinations"][slug]["values"][key]
    ranked_after = scoring.rank(load(doc), weights, method)
    after = ranked_after.by_slug(slug)
    if method == "vikor":  # VIKOR rescales to the set: when nobody differs, all score 100
        assume(len({r.score for r in ranked_after.results}) > 1)
    assert after.score <= before.score + 1e-9
    crit = ds.criteria[key]
    if method == "wsm" and crit.min is not None and crit.max is not None:
        # with fixed bounds nobody else moves, so the rank cannot improve either
        # (with bounds from the data it can: losing the lowest value raises the
        # floor, and those just above it lose points)
        assert after.rank >= before.rank
