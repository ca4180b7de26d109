"""Uncertain values (ranges, sensitivity --vary) and hard requirements (--require)."""

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

from mlsourcing.analysis import robustness
from mlsourcing.analysis.values import ValueDraws
from mlsourcing.data import dataset, requirements
from mlsourcing.errors import DatasetError, InputError
from mlsourcing.mcda import scoring
from mlsourcing.mcda.methods import names as method_names
from mlsourcing.vocab import Method, Missing
from strategies import documents_for, weights_for

from conftest import crit, dataset_toml

Cli = Callable[..., Any]
Write = Callable[[str], Path]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def text(cli: Cli, *args: str) -> str:
    result = cli(*args, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.split())


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
    table = text(cli, "rank", "--data", path)
    assert "~5" in table and "~1.5" in table
    assert "~ = the point estimate of a range, which ranking uses: B y 1-3; A x 2-8." in table
    shown_text = text(cli, "show", "a", "--data", path)
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

COIN = dataset_toml(
    {"x": crit(min=0, max=10)},
    {
        "a": {"name": "A", "values": {"x": {"low": 0, "high": 10}}},
        "b": {"name": "B", "values": {"x": 6}},
    },
)


def test_varying_values_gives_the_chance_of_each_winner() -> None:
    """A is uniform on [0, 10] against B's 6: A wins in 40 % of the draws."""
    ds = dataset.loads(COIN)
    sens = robustness.sensitivity(ds, samples=20_000, vary="values", seed=3)
    shares = {r.slug: r.p_first for r in sens.results}
    assert shares["a"] == pytest.approx(0.4, abs=0.015)
    assert shares["a"] + shares["b"] == pytest.approx(1.0)
    # at the point estimates (A 5) B leads; varying only the weights changes nothing
    assert sens.results[0].slug == "b"
    assert robustness.sensitivity(ds, samples=500).results[0].p_first == 1.0


def test_value_spread_moves_every_value_within_its_bounds() -> None:
    ds = dataset.loads(
        dataset_toml(
            {"x": crit(min=1, max=5)},
            {"a": {"name": "A", "values": {"x": 5}}, "b": {"name": "B", "values": {"x": 1}}},
        )
    )
    draws = ValueDraws(ds, Method.wsm, Missing.worst, 0.5)
    rng = np.random.default_rng(0)
    seen = np.array([draws.draw(rng) for _ in range(2000)])
    assert seen.min() >= 1 and seen.max() <= 5
    assert seen[:, 0, 0].min() == pytest.approx(2.5, abs=0.01)  # 5 x (1 - 0.5)
    assert seen[:, 1, 0].max() == pytest.approx(1.5, abs=0.01)  # 1 x (1 + 0.5)


def test_vary_in_the_cli_same_seed_same_bytes(cli: Cli, write: Write) -> None:
    path = str(write(COIN))
    args = ("sensitivity", "--data", path, "--vary", "both", "--value-spread", "0.1", "-f", "json")
    first, again = cli(*args).stdout, cli(*args).stdout
    assert first == again
    doc = json.loads(first)
    assert (doc["vary"], doc["value_spread"]) == ("both", 0.1)
    assert doc["verdict"].endswith(
        "of 1,000 draws of weights and values (each weight varied by up to ±50%; values drawn "
        "within their ranges, the others by up to ±10%); also first: A 41.3%."
    )
    other = cli(*args[:-2], "--seed", "7", "-f", "json").stdout
    assert other != first
    assert "values drawn within their ranges; weights fixed" in text(
        cli, "sensitivity", "--data", path, "--vary", "values"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--vary", "values", "--data", "open"),
            "--vary: values: no value of open.toml (bundled) is a range; give --value-spread X",
        ),
        (("--value-spread", "0.1"), "--value-spread: goes with --vary values or --vary both"),
        (
            ("--vary", "both", "--value-spread", "1"),
            "--value-spread: must be at least 0 and below 1",
        ),
        (("--vary", "everything"), "'everything' is not one of 'weights', 'values', 'both'"),
    ],
)
def test_vary_mistakes_are_one_line_errors(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli("sensitivity", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.splitlines()) == 1


# ---------------------------------------------------------------------------
# Requirements

THREE = dataset_toml(
    {"x": crit(), "y": crit("cost", unit="hours")},
    {
        "a": {"name": "A", "values": {"x": 10, "y": 1}},
        "b": {"name": "B", "values": {"x": 20, "y": 4}},
        "c": {"name": "C", "values": {"x": 30}},
    },
)


def test_set_aside_destinations_leave_the_bounds_to_the_ones_ranked() -> None:
    ds = dataset.loads(THREE)
    kept = requirements.apply(ds, [requirements.parse("x>=20", ds.criteria)])
    assert [(a.slug, a.reasons) for a in kept.set_aside] == [("a", ("x 10 is below 20",))]
    # x now spans 20-30, so B's 20 is the worst (0), not the middle
    ranking = scoring.rank(kept, {"x": 1, "y": 0})
    assert [(r.slug, r.score) for r in ranking.results] == [("c", 100.0), ("b", 0.0)]
    assert kept.applied == ("x >= 20",)


@pytest.mark.parametrize(
    ("spec", "kept"),
    [
        ("x>=20", ["b", "c"]),
        ("x > 20", ["c"]),
        ("x<=20", ["a", "b"]),
        ("x<20", ["a"]),
        ("x=20", ["b"]),
        ("x==20", ["b"]),
        ("x!=20", ["a", "c"]),
        ("y<=3", ["a"]),  # C lacks y: set aside
    ],
)
def test_every_operator(spec: str, kept: list[str]) -> None:
    ds = dataset.loads(THREE)
    assert list(requirements.apply(ds, [requirements.parse(spec, ds.criteria)]).destinations) == (
        kept
    )


def test_requirement_reasons_name_the_value_and_the_gap() -> None:
    ds = dataset.loads(THREE)
    reqs = [requirements.parse(s, ds.criteria) for s in ("y<=3", "x!=30")]
    aside = {a.slug: a.reasons for a in requirements.apply(ds, reqs).set_aside}
    assert aside == {
        "b": ("y 4 hours is above 3",),
        "c": ("y is missing (needs y <= 3)", "x is 30 (needs x != 30)"),
    }


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("talent", "'talent' is not a requirement; write CRITERION OP NUMBER"),
        ("talnet>=3000", "unknown criterion 'talnet'; did you mean 'talent'?"),
        ("talent>=lots", "'lots' is not a number"),
        ("talent>=1e999", "is not a finite number"),
        ("talent>=1e9", "no destination meets talent >= 1000000000 (all 4 set aside)"),
    ],
)
def test_bad_requirements_are_usage_errors(cli: Cli, spec: str, message: str) -> None:
    result = cli("rank", "--require", spec)
    assert result.exit_code == 2
    assert result.stderr.startswith("mlsourcing: error: --require: ") and message in result.stderr


def test_every_scoring_command_sets_aside_and_says_why(cli: Cli, tmp_path: Path) -> None:
    req = ("--require", "talent>=3000")
    why = (
        "Requirements: talent >= 3000. Set aside, not ranked: Ukraine (talent 2,980 ML "
        "specialists is below 3,000); Belarus (talent is missing (needs talent >= 3000))."
    )
    for command in (["rank"], ["compare", "poland", "romania"], ["sensitivity"], ["methods"]):
        assert why in text(cli, *command, *req), command
        doc = json.loads(cli(*command, *req, "-f", "json").stdout)
        assert doc["requirements"] == ["talent >= 3000"], command
        assert [a["slug"] for a in doc["set_aside"]] == ["ukraine", "belarus"], command
    assert "Requirements: talent >= 3000" in text(cli, "show", "poland", *req)
    shown = cli("show", "ukraine", *req)
    assert shown.exit_code == 2
    assert shown.stderr == (
        "mlsourcing: error: Ukraine is set aside by the requirements (talent 2,980 ML "
        "specialists is below 3,000); drop the --require, or give --require none for the "
        "dataset's own\n"
    )
    # found by code too, as show finds a destination
    by_code = cli("show", "pl", "--data", "open", "-r", "ml_share>=4")
    assert by_code.exit_code == 2 and "Poland is set aside by the requirements" in by_code.stderr
    rows = list(csv.DictReader(io.StringIO(cli("rank", *req, "-f", "csv").stdout)))
    assert [(r["rank"], r["slug"], r["set_aside"]) for r in rows] == [
        ("1", "romania", ""),
        ("2", "poland", ""),
        ("", "ukraine", "talent 2,980 ML specialists is below 3,000"),
        ("", "belarus", "talent is missing (needs talent >= 3000)"),
    ]
    for name in ("sensitivity", "methods"):
        rows = list(csv.DictReader(io.StringIO(cli(name, *req, "-f", "csv").stdout)))
        assert [(r["slug"], r["set_aside"] != "") for r in rows] == [
            ("romania", False),
            ("poland", False),
            ("ukraine", True),
            ("belarus", True),
        ], name
    report = tmp_path / "r.html"
    assert cli("report", *req, "-o", str(report), "--samples", "200").exit_code == 0
    page = report.read_text(encoding="utf-8")
    assert "talent &gt;= 3000" in page and "talent 2,980 ML specialists is below 3,000" in page


def test_a_datasets_own_requirements_and_how_the_command_line_changes_them(
    cli: Cli, write: Write
) -> None:
    extra = '[requirements]\nx = ">= 20"\ny = ["<= 4", "> 0"]\n'
    path = str(write(dataset_toml({"x": crit(), "y": crit("cost")}, _three_values(), extra)))
    doc = json.loads(cli("rank", "--data", path, "-f", "json").stdout)
    assert doc["requirements"] == ["x >= 20", "y <= 4", "y > 0"]
    assert [r["slug"] for r in doc["results"]] == ["b"]
    # a --require on x replaces the dataset's on x, and keeps those on y
    doc = json.loads(cli("rank", "--data", path, "-r", "x>=5", "-f", "json").stdout)
    assert doc["requirements"] == ["y <= 4", "y > 0", "x >= 5"]
    assert [r["slug"] for r in doc["results"]] == ["a", "b"]
    doc = json.loads(cli("rank", "--data", path, "-r", "none", "-f", "json").stdout)
    assert (doc["requirements"], len(doc["results"])) == ([], 3)


def _three_values() -> dict[str, dict[str, Any]]:
    return {
        "a": {"name": "A", "values": {"x": 10, "y": 1}},
        "b": {"name": "B", "values": {"x": 20, "y": 4}},
        "c": {"name": "C", "values": {"x": 30}},
    }


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('x = "at least 20"', "requirements.x: 'at least 20' is not a condition; write OP NUMBER"),
        ('z = ">= 1"', "requirements.z: unknown criterion 'z'"),
        ("x = 20", 'requirements.x: must be a condition such as ">= 3000", or a list of them'),
    ],
)
def test_a_bad_requirements_table_is_a_dataset_error(
    cli: Cli, write: Write, table: str, message: str
) -> None:
    path = write(
        dataset_toml(
            {"x": crit()}, {"a": {"name": "A", "values": {"x": 1}}}, f"[requirements]\n{table}\n"
        )
    )
    result = cli("validate", str(path))
    assert result.exit_code == 1 and message in result.stderr, result.stderr


def test_library_requirements_raise_input_errors() -> None:
    ds = dataset.loads(THREE)
    with pytest.raises(InputError) as info:
        requirements.parse("x>>3", ds.criteria)
    assert info.value.subject == "require"


def test_the_workbook_carries_ranges_and_requirements(cli: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "r.xlsx"
    assert cli("rank", "-r", "talent>=3000", "-f", "xlsx", "-o", str(path)).exit_code == 0
    ws = load_workbook(path).active
    assert ws is not None
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][-2:] == ["talent_low", "talent_high"]
    assert rows[1][:2] == [1, "romania"] and rows[1][-2:] == [2700, 3000]
    notes = {r[0]: r[1] for r in rows if r and r[0]}
    assert notes["requirement"] == "talent >= 3000"
    assert notes["set aside: Ukraine"] == "talent 2,980 ML specialists is below 3,000"


def test_explore_and_stakeholders_take_requirements_too(cli: Cli) -> None:
    from mlsourcing.tui.explore import Explorer

    ds = requirements.apply(dataset.load(), [requirements.parse("talent>=3000", ["talent"])])
    app = Explorer(ds, None, {"talent": 1.0}, require=["talent>=3000"])
    assert app.command().endswith("--require 'talent>=3000'")
    doc = json.loads(
        cli(
            "stakeholders",
            "--data",
            str(EXAMPLES / "stakeholders.toml"),
            "-r",
            "talent>=3000",
            "-f",
            "json",
        ).stdout
    )
    assert [a["slug"] for a in doc["set_aside"]] == ["ukraine", "belarus"]
    assert doc["group_top"] in ("romania", "poland")


@given(st.data(), st.sampled_from(list(Missing)), st.sampled_from(list(method_names())))
def test_numpy_draws_normalise_exactly_as_prepare_does(
    data: st.DataObject, missing: Missing, method: Method
) -> None:
    """Each method's vectorised normalisation of a value draw against the library's
    own prepare: positions, and TOPSIS's gaps."""
    from mlsourcing.mcda.batch import positions_matrix

    positive = method is Method.wpm or data.draw(st.booleans())  # then log scales too
    doc = data.draw(
        documents_for("wpm" if positive else "wsm", max_destinations=30, max_criteria=5)
    )
    for crit_doc in doc["criteria"].values():
        if positive and data.draw(st.booleans()):
            crit_doc["scale"] = "log"
    ds = dataset.from_document(doc)
    draws = ValueDraws(ds, method, missing, data.draw(st.sampled_from([0.0, 0.3])))
    drawn = draws.draw(np.random.default_rng(data.draw(st.integers(0, 1000))))
    cols = {
        key: [None if x != x else x for x in drawn[:, j].tolist()]
        for j, key in enumerate(ds.criteria)
    }
    model = scoring.prepare(ds, method, missing, cols)
    got_model, got = draws.positions(drawn)
    np.testing.assert_allclose(got, positions_matrix(model), rtol=1e-9, atol=1e-12)
    if model.gaps is not None:
        assert got_model.gaps is not None
        assert list(got_model.gaps.values()) == pytest.approx(
            list(model.gaps.values()), rel=1e-9, abs=1e-12
        )


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


def test_the_library_names_a_mistyped_kind_of_draw() -> None:
    with pytest.raises(InputError) as info:
        robustness.sensitivity(dataset.loads(COIN), vary="valeus")
    assert (info.value.subject, info.value.message) == (
        "vary",
        "unknown kind of draw 'valeus'; did you mean 'values'?",
    )
