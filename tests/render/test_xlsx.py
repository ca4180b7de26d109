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
        "a": {
            "name": "=1+1",
            "values": {"x": 1.5, "y": 3},
            "evidence": {
                "x": {"source": "s", "note": "=counted"},
                "y": {"source": "s", "note": "from S"},
            },
        },
        "b": {
            "name": "0012",
            "values": {"x": 2},
            "evidence": {"y": {"source": "s", "note": "no figure published"}},
        },
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
    assert len(table) == 4  # the table alone: nothing under it
    about = rows(out, "About")
    notes = dict(about[1:])
    assert notes["method"] == "weighted sum" and notes["weight: x"] == 0.5
    labels = openpyxl.load_workbook(out)["About"].column_dimensions["A"].width
    assert labels is not None and labels >= max(len(str(label)) for label, _ in about)
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
    # every value with evidence, a missing one included; none for those without
    assert [(r[0], r[2], r[3], r[8]) for r in sources[1:]] == [
        ("a", "x", 1.5, "=counted"),
        ("a", "y", 3, "from S"),
        ("b", "y", None, "no figure published"),
    ]


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
    assert [row[1] for row in table[1:]] == [r["slug"] for r in doc["results"]]
    assert len(doc["results"]) == 101
    sources = rows(out, "Sources")
    assert len(sources) == 1 + 101 * 13  # a row per figure or gap: every one sourced
    assert any("Stack Overflow" in str(row[5]) for row in sources)


def test_the_sensitivity_workbook_has_the_tipping_points_and_compare_the_gaps(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "sens.xlsx"
    assert cli("sensitivity", "-s", "50", "-f", "xlsx", "-o", str(out)).exit_code == 0
    doc = json.loads(cli("sensitivity", "-s", "50", "-f", "json").stdout)
    tipping = rows(out, "Tipping points")
    assert tipping[0] == ("criterion", "weight", "low", "high", "below", "above")
    assert [list(r) for r in tipping[1:]] == [
        [t["criterion"], t["weight"], t["low"], t["high"], t["below"], t["above"]]
        for t in doc["tipping"]
    ]
    out = tmp_path / "compare.xlsx"
    args = ["compare", "ukraine", "poland", "belarus"]
    assert cli(*args, "-f", "xlsx", "-o", str(out)).exit_code == 0
    gaps = rows(out, "Gaps")
    doc = json.loads(cli(*args, "-f", "json").stdout)
    keys = list(doc["weights"])
    assert gaps[0] == ("from", "to", "score_gap", "by", *keys)
    assert [list(g) for g in gaps[1:]] == [
        [g["from"], g["to"], g["score_gap"], "points", *(g["by_criterion"][k] for k in keys)]
        for g in doc["gaps"]
    ]
