"""What a person sees at a terminal: every table, at 80, 100 and 200 columns, for 4,
8, 14 and 20 criteria.

A table may wrap headers, fold names or leave criteria out, but it never cuts
or splits a number, never cuts the score, and names every column it leaves out.
The layouts are rendered in-process, through an Environment that is a terminal
of that width; a smoke test checks that a real pseudo-terminal shows the same
screen, and another that colour reaches one and NO_COLOR keeps it away.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlsourcing.cli import app
from mlsourcing.numbers import human_number
from mlsourcing.render.env import Environment
from mlsourcing.render.listing import cell_len

from conftest import dataset_toml, run_in_pty

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
KEYS = [
    "talent",
    "local_firms",
    "big_tech",
    "community",
    "developer_growth",
    "hours_from_us_east",
    "it_exports",
    "ai_talent",
    "ml_practitioners",
    "ml_share",
    "english",
    "hours_from_cet",
    "salary_median_usd",
    "universities",
    "startups",
    "vc_funding",
    "attrition",
    "visa",
    "office_rent",
    "stability",
]


GREEK = [
    "Alpha",
    "Beta",
    "Gamma",
    "Delta",
    "Epsilon",
    "Zeta",
    "Eta",
    "Theta",
    "Iota",
    "Kappa",
    "Lambda",
    "Mu",
]


def dataset(path: Path, criteria: int, destinations: int = 12) -> Path:
    keys = KEYS[:criteria]
    crits = {
        k: {
            "label": k.replace("_", " ").title(),
            "direction": "benefit" if j % 3 else "cost",
            "weight": 1 + j % 4,
            "unit": "units of measure" if j % 5 == 0 else "",
        }
        for j, k in enumerate(keys)
    }
    dests = {}
    for i in range(destinations):
        values = {
            k: round(((i * 7919 + j * 104729) % 100000) / 7.3, 2)
            for j, k in enumerate(keys)
            if (i + j) % 9
        }
        dests[f"d{i}"] = {"name": f"Destination called {GREEK[i]}", "values": values}
    extra = (
        "[profiles.buyer]\n"
        'description = "A buyer who cares most about the first and last criteria, '
        'and then about everything else in equal measure."\n'
        f"weights = {{ {keys[0]} = 5, {keys[-1]} = 3 }}\n"
    )
    path.write_text(dataset_toml(crits, dests, extra), encoding="utf-8")
    return path


def in_terminal(args: list[str], columns: int) -> str:
    """What mlsourcing shows on a terminal ``columns`` wide (rendered in-process)."""
    env = Environment(io.StringIO(), io.StringIO(), True, False, False, columns)
    result = CliRunner().invoke(app, args, obj=env)
    assert result.exit_code == 0, (result.output, env.stderr)
    assert isinstance(env.stdout, io.StringIO)
    return env.stdout.getvalue()


def in_real_terminal(args: list[str], columns: int) -> str:
    """Run mlsourcing in a pseudo-terminal ``columns`` wide; the screen's text."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"
    code, data = run_in_pty(args, env, columns)
    assert code == 0, data.decode()
    return ANSI.sub("", data.decode()).replace("\r\n", "\n")


def csv_json(args: list[str]) -> Any:
    env = Environment(io.StringIO(), io.StringIO())
    result = CliRunner().invoke(app, args, obj=env)
    assert result.exit_code == 0 and isinstance(env.stdout, io.StringIO)
    return json.loads(env.stdout.getvalue())


def left_out(screen: str) -> list[str]:
    found = re.search(r"Not shown at \d+ columns: (.*?)\. To see", " ".join(screen.split()))
    return found.group(1).split(", ") if found else []


def fits(screen: str, columns: int) -> None:
    assert "…" not in screen  # nothing was cut with an ellipsis
    for line in screen.splitlines():
        assert cell_len(line) <= columns or "://" in line, line


SIZES = [4, 8, 14, 20]
WIDTHS = [80, 100, 200]


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("terminals")
    return {n: dataset(folder / f"c{n}.toml", n) for n in SIZES}


def data_rows(screen: str) -> list[str]:
    lines = screen.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.strip().startswith("─"))
    return [line for line in lines[rule + 1 :] if line.strip()][:3]


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("criteria", SIZES)
def test_rank_never_cuts_a_number_and_names_what_it_leaves_out(
    datasets: dict[int, Path], criteria: int, columns: int
) -> None:
    path = str(datasets[criteria])
    screen = in_terminal(["rank", "-d", path], columns)
    fits(screen, columns)
    doc = csv_json(["rank", "-d", path, "-f", "json"])
    keys = [c["key"] for c in doc["criteria"]]
    missing = left_out(screen)
    assert set(missing) <= set(keys)
    if columns == 200 and criteria <= 8:
        assert missing == []
    shown = [k for k in keys if k not in missing]
    first = doc["results"][0]
    row = data_rows(screen)[0].split()
    # every number of the first row is whole, in order: rank, score, shown values
    expected = [str(first["rank"]), f"{first['score']:.1f}"] + [
        human_number(first["values"][k]) for k in shown
    ]
    numbers = [t for t in row if re.fullmatch(r"[\d,.]+|n/a", t)]
    assert numbers == expected, (row, expected)


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("criteria", SIZES)
@pytest.mark.parametrize(
    "command",
    [
        ["rank", "--explain"],
        ["rank", "-m", "topsis"],
        ["rank", "-m", "promethee", "--explain"],
        ["methods"],
        ["sensitivity", "--samples", "100"],
        ["show", "d3"],
        ["compare", "d1", "d2", "d3"],
        ["profiles"],
        ["criteria"],
    ],
    ids=lambda c: " ".join(c),
)
def test_every_table_fits_and_keeps_its_numbers(
    datasets: dict[int, Path], criteria: int, columns: int, command: list[str]
) -> None:
    path = str(datasets[criteria])
    screen = in_terminal([*command, "-d", path], columns)
    fits(screen, columns)
    keys = KEYS[:criteria]
    if command[0] in ("rank", "profiles"):
        # every criterion is a whole column or is named as left out
        row = data_rows(screen)[0].split()
        numbers = [t for t in row if re.fullmatch(r"[\d,.]+\*?%?|n/a", t)]
        shown = len(keys) - len(left_out(screen))
        assert len(numbers) == shown + (2 if command[0] == "rank" else 0), row
    if command[0] == "rank":
        doc = csv_json([*command, "-d", path, "-f", "json"])
        assert f"{doc['results'][0]['score']:.1f}" in data_rows(screen)[0].split()
    if command[0] == "show":
        doc = csv_json(["show", "d3", "-d", path, "-f", "json"])
        assert f"score {doc['score']:.1f} / 100" in screen
        labels = " ".join(screen.split())
        for c in doc["criteria"]:
            assert c["label"] in labels
    if command[0] == "criteria":
        assert set(keys) <= set(screen.split())
    if command[0] == "sensitivity":
        assert "p(first)" in screen and "Median" in screen
    if command[0] == "methods":
        doc = csv_json(["methods", "-d", path, "-f", "json"])
        first = data_rows(screen)[0].split()
        top = doc["results"][0]
        # consensus rank, then each method's rank as far as the columns go, whole
        assert first[0] == str(top["consensus_rank"])
        assert top["name"].split()[0] == first[1]
        assert "Kendall's tau between the rankings" in screen


def test_piped_tables_carry_no_trailing_spaces(datasets: dict[int, Path]) -> None:
    path = str(datasets[8])
    for command in (
        ["rank"],
        ["rank", "--explain"],
        ["show", "d1"],
        ["compare", "d1", "d2"],
        ["sensitivity", "--samples", "50"],
        ["methods"],
        ["profiles"],
        ["criteria"],
    ):
        out = subprocess.run(
            [sys.executable, "-m", "mlsourcing", *command, "-d", path],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "COLUMNS": "80"},
        ).stdout
        assert out.strip(), command
        for line in out.splitlines():
            assert line == line.rstrip(), (command, line)
            assert cell_len(line) <= 80 or "://" in line, (command, line)


@pytest.mark.parametrize(
    "command", [["rank", "--explain"], ["show", "d3"], ["methods"]], ids=lambda c: " ".join(c)
)
def test_a_real_terminal_shows_what_is_rendered_in_process(
    datasets: dict[int, Path], command: list[str]
) -> None:
    args = [*command, "-d", str(datasets[14])]
    real = [line.rstrip() for line in in_real_terminal(args, 80).rstrip().splitlines()]
    assert real == [line.rstrip() for line in in_terminal(args, 80).rstrip().splitlines()]


def test_a_colour_terminal_gets_styles_and_no_color_gets_none() -> None:
    for no_color, expect in ((None, True), ("1", False)):
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        if no_color:
            env["NO_COLOR"] = no_color
        env["TERM"] = "xterm-256color"
        code, data = run_in_pty(["rank"], env)
        assert code == 0 and b"Ukraine" in data
        assert (b"\x1b[" in data) is expect
