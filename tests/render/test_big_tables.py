"""Big tables: the top 50 of a large dataset, ties kept at every cut, notes summarised."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import crit, dataset_toml, many

Cli = Callable[..., Any]
Write = Callable[[str | bytes], Path]


# ---------------------------------------------------------------------------
# Big datasets


def test_a_large_table_shows_the_top_50_and_says_how_to_see_the_rest(
    cli: Cli, write: Write
) -> None:
    path = str(write(many(300)))
    out = cli("rank", "-d", path, env={"COLUMNS": "100"}).stdout
    rows = [line for line in out.splitlines() if re.match(r"\s+\d+\s+Place", line)]
    assert len(rows) == 50
    text = " ".join(out.split())
    assert "250 more destinations not shown (the top 50 of 300): --all shows every row" in text
    every = cli("rank", "-d", path, "--all", env={"COLUMNS": "100"}).stdout
    assert len([line for line in every.splitlines() if re.match(r"\s+\d+\s+Place", line)]) == 300
    assert "not shown" not in every
    # machine formats are never cut without being asked
    assert len(cli("rank", "-d", path, "-f", "csv").stdout.splitlines()) == 301
    sens = cli("sensitivity", "-d", path, "--samples", "50", env={"COLUMNS": "100"}).stdout
    assert len([line for line in sens.splitlines() if re.match(r"\s+\d+\s+Place", line)]) == 50
    bad = cli("rank", "-d", path, "--all", "--top", "3")
    assert bad.exit_code == 2 and "--all and --top" in bad.stderr


TIED = dataset_toml(
    {"x": crit()},
    {
        "a": {"name": "A", "values": {"x": 5}},
        "b": {"name": "B", "values": {"x": 5}},
        "c": {"name": "C", "values": {"x": 1}},
    },
)


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_top_keeps_ties_at_the_cut_in_every_format(cli: Cli, write: Write, fmt: str) -> None:
    out = cli("rank", "-d", str(write(TIED)), "--top", "1", "-f", fmt).stdout
    if fmt == "json":
        assert [r["slug"] for r in json.loads(out)["results"]] == ["a", "b"]
    elif fmt == "csv":
        assert [r["slug"] for r in csv.DictReader(io.StringIO(out))] == ["a", "b"]
    elif fmt == "markdown":
        assert "| 1 | A |" in out and "| 1 | B |" in out and "| C |" not in out.split("\n", 1)[1]
    else:
        assert re.search(r"\b1\s+A\b", out) and re.search(r"\b1\s+B\b", out)
        assert not re.search(r"\bC\b", out.split("\n\n")[1] if fmt == "table" else out)


def test_the_missing_value_note_is_summarised(cli: Cli, write: Write) -> None:
    path = str(write(many(400, missing_every=4)))
    out = cli("rank", "-d", path, "--all", env={"COLUMNS": "100"}).stdout
    note = " ".join(out[out.index("n/a = missing") :].split())
    note = note[: note.index("Add --explain")]
    assert len(note) < 600
    assert re.search(
        r"\d+ destinations miss a value: K\d \d+ \(Place \d+, Place \d+, Place \d+ and \d+ more\)",
        note,
    )


# ---------------------------------------------------------------------------
# Files and devices


# ---------------------------------------------------------------------------
# Bad input: exit 2 or 1 with one line, never exit 70


# ---------------------------------------------------------------------------
# Small ones


# ---------------------------------------------------------------------------
# TOPSIS and missing values


def test_the_fast_path_for_big_tables_looks_the_same(
    cli: Cli, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlsourcing.render import listing

    path = str(write(many(120, criteria=6, missing_every=7)))
    for args in (
        ["rank", "--all"],
        ["rank", "--all", "--explain"],
        ["sensitivity", "--all", "--samples", "40"],
    ):
        fast = cli(*args, "-d", path, env={"COLUMNS": "80"}).stdout
        monkeypatch.setattr(listing, "_justified", lambda col, width: [None] * len(col.cells))
        slow = cli(*args, "-d", path, env={"COLUMNS": "80"}).stdout
        monkeypatch.undo()
        assert fast == slow and len(fast.splitlines()) > 120


def test_at_equal_weight_the_first_criteria_stay() -> None:
    """Which criteria a narrow table shows is decided: the heaviest, and at equal
    weight the ones the dataset lists first."""
    from mlsourcing.render.listing import Col, fit

    cols = [Col("Destination", ["Spain"], "left", key=None)]
    cols += [Col(f"crit{j}", ["12345"], key=f"c{j}", keep=0.25) for j in range(4)]
    cols.append(Col("heavy", ["12345"], key="h", keep=0.5))
    shown, left_out = fit(cols, 40)
    assert [c.key for c, _ in shown] == [None, "c0", "c1", "h"]
    assert [c.key for c in left_out] == ["c2", "c3"]
