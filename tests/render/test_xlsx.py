"""Workbooks (issue 13, in part): read back with openpyxl and compared with JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import crit, dataset_toml

Cli = Callable[..., Any]
Write = Callable[[str | bytes], Path]

TRICKY = dataset_toml(
    {"x": crit(), "y": crit("cost", min=0, max=10)},
    {
        "a": {"name": "=1+1", "values": {"x": 1.5, "y": 3}},
        "b": {"name": "0012", "values": {"x": 2}},
        "c": {"name": "@SUM(A1)", "values": {"x": 0.5, "y": 9}},
    },
    extra='[sources.s]\ntitle = "S"\nurl = "https://example.org"\n',
)


def rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(path)
    return list(wb[sheet].iter_rows(values_only=True))


def test_rank_workbook_round_trips_against_json(cli: Cli, write: Write, tmp_path: Path) -> None:
    data = str(write(TRICKY))
    out = tmp_path / "rank.xlsx"
    result = cli("rank", "-d", data, "-f", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"wrote {out}" in result.stderr
    doc = json.loads(cli("rank", "-d", data, "-f", "json").stdout)
    table = rows(out, "Ranking")
    assert table[0] == ("rank", "slug", "name", "score", "x", "y")
    for row, r in zip(table[1:4], doc["results"], strict=True):
        assert row[:4] == (r["rank"], r["slug"], r["name"], r["score"])
        assert row[4:] == (r["values"]["x"], r["values"]["y"])
    names = [row[2] for row in table[1:4]]
    assert set(names) == {"=1+1", "0012", "@SUM(A1)"}  # text stays text, not a formula
    wb = openpyxl.load_workbook(out)
    ws = wb["Ranking"]
    assert ws.freeze_panes == "A2"
    assert all(ws.cell(r, 3).data_type == "s" for r in range(2, 5))
    assert isinstance(ws.cell(2, 4).value, float)  # numbers are numbers
    notes = {row[0]: row[1] for row in table[5:] if row[0]}
    assert notes["method"] == "weighted sum" and notes["weight: x"] == 0.5
    sources = rows(out, "Sources")
    assert sources[0] == (
        "slug",
        "name",
        "criterion",
        "value",
        "source",
        "title",
        "url",
        "date",
        "evidence",
    )
    assert len(sources) == 1 + 3 * 2  # every destination x criterion


@pytest.mark.parametrize(
    ("command", "sheet", "first"),
    [
        (["sensitivity", "--samples", "50"], "Sensitivity", "rank"),
        (["compare", "poland", "romania"], "Comparison", "criterion"),
        (["criteria"], "Criteria", "key"),
    ],
)
def test_every_xlsx_command(
    cli: Cli, tmp_path: Path, command: list[str], sheet: str, first: str
) -> None:
    out = tmp_path / "book.xlsx"
    assert cli(*command, "-f", "xlsx", "-o", str(out)).exit_code == 0
    table = rows(out, sheet)
    assert table[0][0] == first and len(table) > 3
    if sheet in ("Sensitivity", "Comparison"):  # every value shown, with its source
        sources = rows(out, "Sources")
        shown = 4 if sheet == "Sensitivity" else 2
        assert len(sources) == 1 + shown * 4
        talent = next(r for r in sources if r[0] == "poland" and r[2] == "talent")
        assert talent[:5] == ("poland", "Poland", "talent", 5500, "seed")


def test_a_workbook_needs_a_file_and_never_replaces_one(cli: Cli, tmp_path: Path) -> None:
    no_file = cli("rank", "-f", "xlsx")
    assert no_file.exit_code == 2 and "--format xlsx writes a file: give -o FILE" in no_file.stderr
    out = tmp_path / "mine.xlsx"
    out.write_bytes(b"precious")
    again = cli("rank", "-f", "xlsx", "-o", str(out))
    assert again.exit_code == 1 and "already exists; use --force" in again.stderr
    assert out.read_bytes() == b"precious"
    assert cli("rank", "-f", "xlsx", "-o", str(out), "--force").exit_code == 0
    assert rows(out, "Ranking")[1][1] == "ukraine"
    csv_out = tmp_path / "r.csv"
    assert cli("rank", "-f", "csv", "-o", str(csv_out)).exit_code == 0
    assert csv_out.read_text(encoding="utf-8").startswith("rank,slug,name,score")


def test_workbooks_of_the_open_dataset(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "open.xlsx"
    assert cli("rank", "--data", "open", "-f", "xlsx", "-o", str(out)).exit_code == 0
    table = rows(out, "Ranking")
    doc = json.loads(cli("rank", "--data", "open", "-f", "json").stdout)
    assert [row[1] for row in table[1:43]] == [r["slug"] for r in doc["results"]]
    sources = rows(out, "Sources")
    assert len(sources) == 1 + 42 * 8
    assert any("Stack Overflow" in str(row[5]) for row in sources)
