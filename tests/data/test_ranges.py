"""Values given as ranges: read, checked, scored at their point estimate, shown everywhere."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mlsourcing.analysis.values import ValueDraws
from mlsourcing.data import dataset
from mlsourcing.errors import DatasetError
from mlsourcing.mcda import scoring
from mlsourcing.mcda.methods import names as method_names
from mlsourcing.vocab import Method, Missing
from strategies import documents_for, weights_for

from conftest import crit, dataset_toml, screen_words

Cli = Callable[..., Any]
Write = Callable[[str], Path]


# ---------------------------------------------------------------------------
# Ranges in the file

RANGED = dataset_toml(
    {"x": crit(min=0, max=10), "y": crit("cost")},
    {
        "a": {"name": "A", "values": {"x": {"low": 2, "high": 8}, "y": 5}},
        "b": {"name": "B", "values": {"x": 6, "y": {"low": 1, "high": 3, "value": 1.5}}},
    },
)


def test_a_range_is_scored_at_its_point_estimate() -> None:
    ds = dataset.loads(RANGED)
    a, b = ds.destinations["a"], ds.destinations["b"]
    assert (a.values, a.ranges) == ({"x": 5, "y": 5}, {"x": (2, 8)})  # midpoint
    assert (b.values, b.ranges) == ({"x": 6, "y": 1.5}, {"y": (1, 3)})  # value given
    ranking = scoring.rank(ds)
    # x within fixed 0-10: a 0.5, b 0.6; y cost over 1.5-5: a 0, b 1
    assert [(r.slug, r.score) for r in ranking.results] == [("b", 80.0), ("a", 25.0)]
    assert ranking.by_slug("a").ranges == {"x": (2, 8)}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{ low = 3, high = 2 }", "destinations.a.values.x: low (3) is above high (2)"),
        (
            "{ low = 1, high = 2, value = 5 }",
            "destinations.a.values.x: value (5) is outside the range [1, 2]",
        ),
        ("{ low = 1 }", "destinations.a.values.x.high: required key is missing"),
        (
            "{ low = 1, hgih = 2 }",
            "destinations.a.values.x.hgih: unknown key 'hgih'; did you mean 'high'?",
        ),
        (
            "{ low = -1, high = 2 }",
            "destinations.a.values.x: the range [-1, 2] goes beyond the criterion's bounds",
        ),
        ('{ low = "1", high = 2 }', "destinations.a.values.x.low: must be a number"),
    ],
)
def test_a_bad_range_is_named_in_one_line(cli: Cli, write: Write, value: str, message: str) -> None:
    path = write(
        '[criteria.x]\nlabel = "X"\ndirection = "benefit"\nmin = 0\n'
        f'[destinations.a]\nname = "A"\nvalues = {{ x = {value} }}\n'
    )
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("mlsourcing: error: ") and f"{path}: {message}" in result.stderr


def test_a_log_scale_range_must_stay_above_zero() -> None:
    with pytest.raises(DatasetError, match="low \\(0\\) is not above 0 on a log scale"):
        dataset.loads(
            '[criteria.x]\nlabel = "X"\ndirection = "benefit"\nscale = "log"\n'
            '[destinations.a]\nname = "A"\nvalues = { x = { low = 0, high = 2, value = 1 } }\n'
        )


def test_show_csv_json_and_the_table_give_the_range(cli: Cli, write: Write) -> None:
    path = str(write(RANGED))
    shown = json.loads(cli("show", "a", "--data", path, "-f", "json").stdout)
    assert [(c["criterion"], c["value"], c["range"]) for c in shown["criteria"]] == [
        ("x", 5, [2, 8]),
        ("y", 5, None),
    ]
    ranked = json.loads(cli("rank", "--data", path, "-f", "json").stdout)
    assert [r["ranges"] for r in ranked["results"]] == [{"y": [1, 3]}, {"x": [2, 8]}]
    rows = list(csv.DictReader(io.StringIO(cli("rank", "--data", path, "-f", "csv").stdout)))
    assert [(r["slug"], r["x"], r["x_low"], r["x_high"], r["y_low"]) for r in rows] == [
        ("b", "6", "", "", "1"),
        ("a", "5", "2", "8", ""),
    ]
    table = screen_words(cli, "rank", "--data", path)
    assert "~5" in table and "~1.5" in table
    assert "~ = the point estimate of a range, which ranking uses: B y 1-3; A x 2-8." in table
    shown_text = screen_words(cli, "show", "a", "--data", path)
    assert "(2-8)" in shown_text and "(low-high) = the value is a range" in shown_text


def test_the_bundled_talent_figures_are_ranges_with_their_reasoning() -> None:
    ds = dataset.load()
    assert {s: d.ranges.get("talent") for s, d in ds.destinations.items()} == {
        "ukraine": (2980, 3500),
        "poland": (5250, 5750),
        "romania": (2700, 3000),
        "belarus": None,
    }
    for slug in ("ukraine", "poland", "romania"):
        assert "recorded as" in ds.destinations[slug].evidence["talent"].note
    # the point estimates are the figures the sources give: the ranking is unchanged
    assert [(r.slug, round(r.score, 2)) for r in scoring.rank(ds).results] == [
        ("ukraine", 88.55),
        ("romania", 57.39),
        ("poland", 50.0),
        ("belarus", 18.75),
    ]


@given(st.data(), st.sampled_from(list(method_names())))
def test_a_range_of_zero_width_gives_the_same_results_as_the_plain_value(
    data: st.DataObject, method: str
) -> None:
    doc = data.draw(documents_for(method, max_destinations=12, max_criteria=4))
    cells = [(s, k) for s, d in doc["destinations"].items() for k in d["values"]]
    assume(cells)
    chosen = data.draw(st.lists(st.sampled_from(cells), min_size=1, unique=True))
    ranged = copy.deepcopy(doc)
    for slug, key in chosen:
        x = ranged["destinations"][slug]["values"][key]
        ranged["destinations"][slug]["values"][key] = {"low": x, "high": x}
    plain_ds, ranged_ds = dataset.from_document(doc), dataset.from_document(ranged)
    weights = data.draw(weights_for(doc))
    plain = scoring.rank(plain_ds, weights, method)
    same = scoring.rank(ranged_ds, weights, method)
    assert [(r.rank, r.slug, r.score, r.value_row) for r in same.results] == [
        (r.rank, r.slug, r.score, r.value_row) for r in plain.results
    ]
    # and drawing values within them draws exactly the plain value
    draws = ValueDraws(ranged_ds, Method(method), Missing.worst)
    assert not draws.uncertain
    rng = np.random.default_rng(1)
    np.testing.assert_array_equal(
        draws.draw(rng), ValueDraws(plain_ds, Method(method), Missing.worst).base
    )


# ---------------------------------------------------------------------------
# sensitivity --vary


# ---------------------------------------------------------------------------
# Requirements


def test_the_workbook_carries_ranges_and_requirements(cli: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "r.xlsx"
    assert cli("rank", "-r", "talent>=3000", "-f", "xlsx", "-o", str(path)).exit_code == 0
    book = load_workbook(path)
    ws = book["Ranking"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][-2:] == ["talent_low", "talent_high"]
    assert rows[1][:2] == [1, "romania"] and rows[1][-2:] == [2700, 3000]
    notes = {r[0].value: r[1].value for r in book["About"].iter_rows(min_row=2)}
    assert notes["requirement"] == "talent >= 3000"
    assert notes["set aside: Ukraine"] == "talent 2,980 ML specialists is below 3,000"


def test_validate_counts_ranges_and_requirements(cli: Cli, write: Write) -> None:
    extra = '[requirements]\nx = [">= 1", "< 9"]\n'
    path = write(
        dataset_toml(
            {"x": crit(min=0, max=10)},
            {"a": {"name": "A", "values": {"x": {"low": 2, "high": 8}}}},
            extra,
        )
    )
    result = cli("validate", str(path))
    assert result.stdout == (
        f"{path}: valid: 1 criterion, 1 destination, 0 sources, 0 profiles, 0 missing values, "
        "1 value given as a range, 2 requirements\n"
    )


def test_a_range_with_a_negative_end_reads_with_to(cli: Cli) -> None:
    """-0.97--0.3 reads as nothing: a range with a negative end is written "to"."""
    from mlsourcing.numbers import human_range

    assert human_range((-0.97, -0.3)) == "-0.97 to -0.3"
    assert human_range((-0.08, 0.46)) == "-0.08 to 0.46"
    assert human_range((2700, 3000)) == "2,700-3,000"
    table = screen_words(cli, "rank", "--data", "open", "--top", "1")
    assert "political_stability -0.97 to -0.3" in table and "--0." not in table
