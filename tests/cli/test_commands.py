"""CLI of the analysis commands: sensitivity, compare, profiles, init, --method, --profile."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import THREE

Cli = Callable[..., Any]
Write = Callable[[str | bytes], Path]


def test_sensitivity_json_shape_and_reproducibility(cli: Cli) -> None:
    args = ("sensitivity", "-f", "json", "--samples", "300", "--seed", "7", "--distribution")
    first = cli(*args)
    assert first.exit_code == 0, first.stderr
    assert cli(*args).stdout == first.stdout  # byte-identical for the same seed
    assert (
        cli("sensitivity", "-f", "json", "--samples", "300", "--seed", "8").stdout != first.stdout
    )
    doc = json.loads(first.stdout)
    assert (doc["samples"], doc["seed"], doc["spread"], doc["method"]) == (300, 7, 0.5, "wsm")
    top = doc["results"][0]
    assert {"slug", "name", "rank", "p_first", "rank_p05", "rank_median", "rank_p95"} <= set(top)
    assert sum(top["rank_distribution"].values()) == pytest.approx(1.0)
    # the full distribution is asked for: a large dataset's would be huge
    plain = json.loads(cli("sensitivity", "-f", "json", "--samples", "300").stdout)
    assert "rank_distribution" not in plain["results"][0]
    assert cli("sensitivity", "--distribution").exit_code == 2
    assert sum(r["p_first"] for r in doc["results"]) == pytest.approx(1.0)
    talent = doc["tipping"][0]
    assert (talent["criterion"], talent["weight"], talent["low"], talent["above"]) == (
        "talent",
        0.25,
        0.0,
        "poland",
    )
    assert doc["verdict"].startswith("Robust: Ukraine ranks first in 100%")


def test_sensitivity_default_seed_is_fixed_and_printed(cli: Cli) -> None:
    out = cli("sensitivity", "--samples", "50").stdout
    assert "seed 20261125" in " ".join(out.split())
    assert "Tipping points" in out and "Poland takes over" in out


def test_sensitivity_csv_and_any_spread(cli: Cli) -> None:
    out = cli("sensitivity", "-f", "csv", "--spread", "any", "--samples", "500").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "rank",
        "slug",
        "name",
        "score",
        "p_first",
        "rank_p05",
        "rank_median",
        "rank_p95",
    ]
    assert [r["slug"] for r in rows] == ["ukraine", "romania", "poland", "belarus"]
    assert 0.5 < float(rows[0]["p_first"]) < 1.0  # any weights at all: Poland sometimes wins


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--samples", "0"], "--samples: must be at least 1, not 0"),
        (["--samples", "-5"], "--samples: must be at least 1"),
        (["--spread", "-0.1"], "--spread: must be between 0 and 1"),
        (["--spread", "2"], "--spread: must be between 0 and 1"),
        (["--spread", "wide"], "--spread: 'wide' is not a number or 'any'"),
        (["--method", "ahp"], "Invalid value for '--method'"),
        (["--profile", "fast"], "--profile: unknown profile 'fast'; did you mean 'fast_team'?"),
    ],
)
def test_sensitivity_bad_options_exit_2(cli: Cli, args: list[str], message: str) -> None:
    result = cli("sensitivity", *args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_method_topsis_on_rank(cli: Cli, write: Write) -> None:
    out = cli("rank", "-d", str(write(THREE)), "-f", "csv", "--method", "topsis").stdout
    assert out.splitlines()[0] == "rank,slug,name,score,speed,cost"
    assert [line.split(",")[1] for line in out.splitlines()[1:]] == ["c", "b", "a"]
    assert json.loads(cli("rank", "-f", "json", "-m", "topsis").stdout)["method"] == "topsis"
    bad = cli("rank", "-m", "topsis", "--explain")
    assert bad.exit_code == 2 and "--explain" in bad.stderr


def test_profiles(cli: Cli) -> None:
    doc = json.loads(cli("profiles", "-f", "json").stdout)
    names = [p["name"] for p in doc["profiles"]]
    assert names == ["fast_team", "low_poaching", "long_term"]
    low = doc["profiles"][1]["effective_weights"]
    assert low == {"talent": 0.125, "local_firms": 0.25, "big_tech": 0.5, "community": 0.125}
    ranked = json.loads(cli("rank", "-f", "json", "--profile", "low_poaching").stdout)
    assert ranked["weights"] == low
    # --weights override the profile's weights
    over = json.loads(cli("rank", "-f", "json", "-p", "low_poaching", "-w", "big_tech=1").stdout)
    assert over["weights"]["big_tech"] == pytest.approx(1 / 5)
    table = cli("profiles").stdout
    assert "fast_team" in table and "37.5%" in table


def test_profile_unknown_and_none_defined(cli: Cli, write: Write) -> None:
    result = cli("rank", "--profile", "lowpoaching")
    assert result.exit_code == 2
    assert "did you mean 'low_poaching'?" in result.stderr
    result = cli("rank", "-d", str(write(THREE)), "--profile", "x")
    assert result.exit_code == 2 and "the dataset defines none" in result.stderr
    out = cli("profiles", "-d", str(write(THREE))).stdout
    assert "defines no profiles" in " ".join(out.split())  # prose wraps at the width


def test_compare_gap_breakdown(cli: Cli) -> None:
    doc = json.loads(cli("compare", "poland", "Ukraine", "-f", "json").stdout)
    assert [d["slug"] for d in doc["destinations"]] == ["ukraine", "poland"]  # by rank
    gap = doc["gaps"][0]
    assert (gap["from"], gap["to"]) == ("ukraine", "poland")
    assert sum(gap["by_criterion"].values()) == pytest.approx(gap["score_gap"])
    assert gap["by_criterion"]["big_tech"] == 25
    assert gap["score_gap"] == pytest.approx(88.545454545 - 50)
    table = " ".join(cli("compare", "poland", "ukraine").stdout.split())
    assert "Ukraine beats Poland by 38.55 points: Big-tech competition +25" in table


def test_compare_three_with_topsis(cli: Cli) -> None:
    doc = json.loads(
        cli("compare", "belarus", "romania", "poland", "-m", "topsis", "-f", "json").stdout
    )
    assert [d["slug"] for d in doc["destinations"]] == ["romania", "poland", "belarus"]
    assert [g["to"] for g in doc["gaps"]] == ["poland", "belarus"]
    assert "position_gap" in doc["gaps"][0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["poland"], "name at least two destinations"),
        (["poland", "POLAND"], "'POLAND' is named twice"),
        (["poland", "ukrane"], "unknown destination 'ukrane'; did you mean 'Ukraine'?"),
        ([], "Missing argument"),
    ],
)
def test_compare_errors(cli: Cli, args: list[str], message: str) -> None:
    result = cli("compare", *args)
    assert result.exit_code == 2
    assert message in result.stderr
