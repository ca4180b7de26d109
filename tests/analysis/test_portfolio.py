"""Location portfolios: coverage, the best member's score over the draws, and the
command in every format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from mlsourcing.analysis import portfolio, robustness
from mlsourcing.data import dataset
from mlsourcing.errors import InputError

from conftest import crit, dataset_toml

Cli = Callable[..., Any]
Write = Callable[[str], Path]

# A wins when x weighs more than half, B when y does; C scores 50 whatever the weights,
# so it never wins, but a portfolio holding it never scores below 50.
THREE = dataset_toml(
    {"x": crit(min=0, max=1), "y": crit(min=0, max=1)},
    {
        "a": {"name": "A", "values": {"x": 1, "y": 0}},
        "b": {"name": "B", "values": {"x": 0, "y": 1}},
        "c": {"name": "C", "values": {"x": 0.5, "y": 0.5}},
    },
)


def test_coverage_and_the_best_members_score_by_hand() -> None:
    ds = dataset.loads(THREE)
    found = portfolio.portfolios(ds, 2, samples=4000, spread=None)
    by = {frozenset(p.slugs): p for p in found.results}
    ab, ac, bc = by[frozenset("ab")], by[frozenset("ac")], by[frozenset("bc")]
    assert ab.coverage == 1  # every draw's winner is A or B
    assert ac.coverage + bc.coverage == pytest.approx(1)  # A's draws plus B's
    assert ac.coverage == pytest.approx(0.5, abs=0.03)
    assert ab.mean_best == pytest.approx(75, abs=0.5)  # E[100 max(w, 1 - w)], w uniform
    assert ac.p05_best == 50 and bc.p05_best == 50  # C's 50 is the floor
    assert found.results[0].slugs == ab.slugs  # ranked by coverage first


def test_a_portfolio_of_one_is_its_p_first() -> None:
    ds = dataset.load("open")
    found = portfolio.portfolios(ds, 1, samples=800, among=42)
    sens = robustness.sensitivity(ds, samples=800)
    assert {p.slugs[0]: p.coverage for p in found.results if p.coverage > 0} == {
        slug: share for slug, _, _, share in sens.first_places
    }


def test_included_destinations_are_in_every_portfolio() -> None:
    ds = dataset.loads(THREE)
    found = portfolio.portfolios(ds, 2, samples=100, include=["c"], among=2)
    assert found.included == ("c",)
    # A and B lead at equal weights (tied at 50 with C, first by name): C joins each
    assert sorted(p.slugs for p in found.results) == [("a", "c"), ("b", "c")]


@pytest.mark.parametrize(
    ("kwargs", "subject", "message"),
    [
        ({"size": 0}, "size", "must be at least 1, not 0"),
        ({"size": 4}, "size", "4 is more than the 3 destinations to choose from"),
        ({"size": 3, "among": 2}, "among", "must be at least the size (3), not 2"),
        ({"size": 1, "include": ["a", "b"]}, "include", "2 destinations do not fit"),
    ],
)
def test_bad_sizes_name_what_is_wrong(kwargs: dict[str, Any], subject: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        portfolio.portfolios(dataset.loads(THREE), samples=10, **kwargs)
    assert info.value.subject == subject and info.value.message.startswith(message)


def test_the_command_in_every_format(cli: Cli, write: Write, tmp_path: Path) -> None:
    data = str(write(THREE))
    args = ["portfolio", "-d", data, "--size", "2", "--spread", "any", "-s", "500"]
    doc = json.loads(cli(*args, "-f", "json").stdout)
    assert (doc["size"], doc["portfolios"], doc["samples"]) == (2, 3, 500)
    assert doc["results"][0]["slugs"] == ["a", "b"] and doc["results"][0]["coverage"] == 1
    rows = list(csv.DictReader(io.StringIO(cli(*args, "-f", "csv").stdout)))
    assert [r["slugs"] for r in rows] == [";".join(r["slugs"]) for r in doc["results"]]
    markdown = cli(*args, "-f", "markdown").stdout
    assert (
        markdown.startswith("| # | Portfolio | Coverage |") and "| 1 | A + B | 100% |" in markdown
    )
    book = tmp_path / "p.xlsx"
    assert cli(*args, "-f", "xlsx", "-o", str(book)).exit_code == 0
    sheet = [[c.value for c in row] for row in load_workbook(book)["Portfolios"].iter_rows()]
    assert sheet[0][:4] == ["rank", "slugs", "names", "coverage"] and sheet[1][1] == "a;b"
    table = cli(*args, env={"COLUMNS": "80"}).stdout
    assert "A + B" in table and all(len(line) <= 80 for line in table.splitlines())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--size", "0"], "--size: must be at least 1, not 0"),
        (["--size", "5"], "--size: 5 is more than the 4 destinations to choose from"),
        (["--size", "3", "--among", "2"], "--among: must be at least the size (3), not 2"),
        (["--size", "2", "--include", "atlantis"], "unknown destination 'atlantis'"),
    ],
)
def test_the_command_refuses_bad_sizes_in_one_line(cli: Cli, args: list[str], message: str) -> None:
    result = cli("portfolio", *args, "-s", "50")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"mlsourcing: error: {message}")


def test_members_are_alike_where_their_spread_is_a_tenth_of_everyones() -> None:
    # x: A and B 5 apart of 100 (alike); v: 50 apart (not); y: everyone the same
    # (nothing to tell apart); w: B has no value (not known to be alike)
    ds = dataset.loads(
        dataset_toml(
            {"x": crit(), "v": crit(), "y": crit(), "w": crit()},
            {
                "a": {"name": "A", "values": {"x": 10, "v": 0, "y": 5, "w": 1}},
                "b": {"name": "B", "values": {"x": 15, "v": 50, "y": 5}},
                "c": {"name": "C", "values": {"x": 110, "v": 100, "y": 5, "w": 9}},
            },
        )
    )
    spans = portfolio._spans(ds)
    assert spans == {"x": 100, "v": 100, "y": 0, "w": 8}
    assert portfolio._alike(ds, ["a", "b"], spans) == (("x", 10, 15),)
    assert portfolio._alike(ds, ["a", "c"], spans) == ()
    assert portfolio._alike(ds, ["a"], spans) == ()  # one member is alike with nobody
    found = portfolio.portfolios(ds, 2, samples=50)
    by = {frozenset(p.slugs): p.alike for p in found.results}
    assert by[frozenset({"a", "b"})] == (("x", 10, 15),)
