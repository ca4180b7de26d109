"""Hard requirements: parsing, setting aside and saying why, in every command."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mlsourcing.data import dataset, requirements
from mlsourcing.errors import InputError
from mlsourcing.mcda import scoring

from conftest import ROOT, crit, dataset_toml, screen_words

Cli = Callable[..., Any]


Write = Callable[[str], Path]


EXAMPLES = ROOT / "examples"


THREE = dataset_toml(
    {"x": crit(), "y": crit("cost", unit="hours")},
    {
        "a": {"name": "A", "values": {"x": 10, "y": 1}},
        "b": {"name": "B", "values": {"x": 20, "y": 4}},
        "c": {"name": "C", "values": {"x": 30}},
    },
)


def _three_values() -> dict[str, dict[str, Any]]:
    return {
        "a": {"name": "A", "values": {"x": 10, "y": 1}},
        "b": {"name": "B", "values": {"x": 20, "y": 4}},
        "c": {"name": "C", "values": {"x": 30}},
    }


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
        assert why in screen_words(cli, *command, *req), command
        doc = json.loads(cli(*command, *req, "-f", "json").stdout)
        assert doc["requirements"] == ["talent >= 3000"], command
        assert [a["slug"] for a in doc["set_aside"]] == ["ukraine", "belarus"], command
    assert "Requirements: talent >= 3000" in screen_words(cli, "show", "poland", *req)
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
