"""Hiring headroom: --team N as a share of each destination's talent pool, and
--max-team-share (or --require team_share<=P) setting aside where it is too big."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import crit, dataset_toml, screen_words

Cli = Callable[..., Any]
Write = Callable[[str], Path]

# people: a 2,000, b 500, c missing; a team of 40 is 2% of a and 8% of b
POOLS = dataset_toml(
    {"people": crit(label="People", unit="engineers", pool=True), "cost": crit("cost")},
    {
        "a": {"name": "A", "values": {"people": 2000, "cost": 5}},
        "b": {"name": "B", "values": {"people": 500, "cost": 1}},
        "c": {"name": "C", "values": {"cost": 3}},
    },
)


@pytest.fixture
def pools(write: Write) -> str:
    return str(write(POOLS))


def test_the_team_is_a_share_of_each_pool_in_every_format(cli: Cli, pools: str) -> None:
    doc = json.loads(cli("rank", "-d", pools, "--team", "40", "-f", "json").stdout)
    assert (doc["team"], doc["pool"]) == (40, "people")
    assert {r["slug"]: r["team_share"] for r in doc["results"]} == {"a": 2, "b": 8, "c": None}
    rows = list(
        csv.DictReader(io.StringIO(cli("rank", "-d", pools, "--team", "40", "-f", "csv").stdout))
    )
    assert {r["slug"]: r["team_share"] for r in rows} == {"a": "2", "b": "8", "c": ""}
    table = cli("rank", "-d", pools, "--team", "40", env={"COLUMNS": "80"}).stdout
    assert "Team/pool" in table and " 2.0% " in table and " 8.0% " in table
    assert (
        "Team/pool = a team of 40 as a share of each destination's people (engineers)."
        in " ".join(table.split())
    )
    words = screen_words(cli, "show", "b", "-d", pools, "--team", "40")
    assert "A team of 40 as a share of the people (engineers): B: 8.0% of 500." in words
    sens = json.loads(
        cli("sensitivity", "-d", pools, "--team", "40", "-s", "20", "-f", "json").stdout
    )
    assert {r["slug"]: r["team_share"] for r in sens["results"]} == {"a": 2, "b": 8, "c": None}
    compared = json.loads(
        cli("compare", "a", "b", "-d", pools, "--team", "40", "-f", "json").stdout
    )
    assert [d["team_share"] for d in compared["destinations"]] == [2, 8]  # A, B
    plain = cli("rank", "-d", pools, "-f", "csv").stdout
    assert "team_share" not in plain  # the header changes only with --team


def test_max_team_share_sets_aside_and_says_why(cli: Cli, pools: str) -> None:
    for args in (["--max-team-share", "5"], ["--require", "team_share<=5"]):
        doc = json.loads(cli("rank", "-d", pools, "--team", "40", *args, "-f", "json").stdout)
        assert [r["slug"] for r in doc["results"]] == ["a"]
        aside = {a["slug"]: a["reasons"] for a in doc["set_aside"]}
        assert aside == {
            "b": ["a team of 40 would be 8% of people (500 engineers), above 5%"],
            "c": ["people is missing (needs a team of 40 at most 5% of people)"],
        }


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--team", "0"], 2, "Invalid value for '--team': 0 is not in the range x>=1"),
        (["--team", "-3"], 2, "Invalid value for '--team': -3 is not in the range x>=1"),
        (
            ["--team", "4", "--max-team-share", "0"],
            2,
            "--max-team-share: must be above 0 and at most 100, not 0",
        ),
        (
            ["--team", "4", "--max-team-share", "120"],
            2,
            "--max-team-share: must be above 0 and at most 100, not 120",
        ),
        (["--max-team-share", "5"], 2, "--max-team-share: goes with --team N"),
        (
            ["--require", "team_share<=5"],
            2,
            "--require: team_share needs the team's size (--team N)",
        ),
        (["--team", "4", "--require", "team_share>=5"], 2, "--require: team_share takes <="),
    ],
)
def test_bad_team_options_are_one_line_errors(
    cli: Cli, pools: str, args: list[str], code: int, message: str
) -> None:
    result = cli("rank", "-d", pools, *args)
    assert result.exit_code == code and result.stdout == ""
    assert result.stderr.startswith(f"mlsourcing: error: {message}"), result.stderr


def test_a_dataset_without_a_pool_refuses_a_team(cli: Cli, write: Write) -> None:
    path = write(dataset_toml({"x": crit()}, {"a": {"name": "A", "values": {"x": 1}}}))
    result = cli("rank", "-d", str(path), "--team", "40")
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlsourcing: error: --team: {path} marks no criterion as the talent pool; add "
        "pool = true to the [criteria.KEY] that counts the people who could be hired\n"
    )


def test_one_pool_that_counts_people(cli: Cli, write: Write) -> None:
    two = write(dataset_toml({"x": crit(pool=True), "y": crit(pool=True)}, {"a": {"name": "A"}}))
    result = cli("validate", str(two))
    assert (
        result.exit_code == 1 and "criteria.y.pool: x is the talent pool already" in result.stderr
    )
    cost = write(dataset_toml({"x": crit("cost", pool=True)}, {"a": {"name": "A"}}))
    result = cli("validate", str(cost))
    assert result.exit_code == 1 and "its direction must be benefit" in result.stderr


def test_the_bundled_datasets_mark_their_pools(cli: Cli) -> None:
    doc = json.loads(cli("rank", "--team", "40", "-f", "json").stdout)
    assert doc["pool"] == "talent" and doc["results"][0]["team_share"] == pytest.approx(4000 / 2980)
    doc = json.loads(cli("rank", "--data", "open", "--team", "40", "-f", "json").stdout)
    assert doc["pool"] == "ml_practitioners"


def test_the_report_and_the_explorer_show_the_team_share(cli: Cli, tmp_path: Path) -> None:
    import asyncio

    from mlsourcing.data import dataset
    from mlsourcing.tui.explore import Explorer

    out = tmp_path / "r.html"
    result = cli("report", "-o", str(out), "--team", "40", "-s", "50")
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert '<th class="num">Team/pool</th>' in html and '<td class="num">1.3%</td>' in html
    ds = dataset.load()
    app = Explorer(ds, None, {k: c.weight for k, c in ds.criteria.items()}, team=40)

    async def drive() -> str:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            from textual.widgets import Static

            return str(app.query_one("#details", Static).content)

    details = " ".join(asyncio.run(drive()).split())
    assert "A team of 40: 1.3% of the talent pool" in details
    assert app.command().endswith("--team 40")
