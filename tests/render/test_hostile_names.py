"""Hostile names and notes: printed literally, one cell each, in every format."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mlsourcing.render import csv as render_csv
from mlsourcing.render.listing import cell_len

from conftest import crit, dataset_toml, run_in_pty

Cli = Callable[..., Any]


Write = Callable[[str | bytes], Path]


ESC = "\x1b"


HOSTILE = [
    "[bold red]Evil[/bold red]",
    "two\nlines",
    "comma, \"quoted\" 'single'",
    "مرحبا بالعالم",
    "東京 ソウル 北京",
    "rocket 🚀 family 👨‍👩‍👧",
    "=cmd|' /C calc'!A0",
    "x" * 5000,
]


def hostile_dataset(write: Write) -> Path:
    dests = {
        f"d{i}": {"name": name, "values": {"x": i, "y": 10 - i}} for i, name in enumerate(HOSTILE)
    }
    criteria = {"x": crit(label="[red]Label[/red]"), "y": crit("cost", label="@SUM(1)")}
    return write(dataset_toml(criteria, dests))


def test_hostile_names_round_trip_through_csv_and_json(cli: Cli, write: Write) -> None:
    path = str(hostile_dataset(write))
    import csv
    import io

    rows = list(
        csv.DictReader(io.StringIO(cli("rank", "-d", path, "-f", "csv").stdout, newline=""))
    )
    guarded = {n: ("'" + n if n[:1] in "=+-@\t\r" else n) for n in HOSTILE}
    assert sorted(r["name"] for r in rows) == sorted(guarded.values())
    doc = json.loads(cli("rank", "-d", path, "-f", "json").stdout)
    assert sorted(r["name"] for r in doc["results"]) == sorted(HOSTILE)
    crit_rows = cli("criteria", "-d", path, "-f", "csv").stdout.splitlines()
    assert crit_rows[1].startswith("x,[red]Label[/red],") and crit_rows[2].startswith("y,'@SUM(1),")


@pytest.mark.parametrize(
    "command",
    [
        ["rank"],
        ["rank", "--explain"],
        ["rank", "-m", "topsis"],
        ["show", "d0"],
        ["compare", "d0", "d1", "d7"],
        ["criteria"],
        ["sensitivity", "--samples", "50"],
    ],
)
def test_hostile_names_print_literally_without_breaking_tables(
    cli: Cli, write: Write, command: list[str]
) -> None:
    from rich.cells import cell_len

    path = str(hostile_dataset(write))
    result = cli(*command, "--data", path, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert ESC not in out
    if command[0] == "criteria":
        assert "[red]Label[/red]" in out
    elif command[0] != "show":
        assert "[bold red]Evil[/bold red]" in out.replace("\n", "")
    # Tables fit the 120 columns: no table was broken. Only prose may run longer
    # (printed unwrapped, so the terminal wraps it and URLs stay whole).
    for line in out.splitlines():
        if cell_len(line) > 120:
            assert not line.startswith(" "), line[:80]
            assert not any("\u2500" <= ch <= "\u257f" for ch in line), line[:80]


def test_top_never_cuts_a_quoted_field(cli: Cli, write: Write) -> None:
    import csv
    import io

    path = str(hostile_dataset(write))
    # ranked by x, the name with a newline (x = 1) comes 7th of 8: the last row kept
    out = cli("rank", "-d", path, "-f", "csv", "--top", "7").stdout
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert len(rows) == 8 and len({len(r) for r in rows}) == 1
    assert rows[-1][2] == "two\nlines"
    sens = cli("sensitivity", "-d", path, "-f", "csv", "--top", "2", "--samples", "10").stdout
    assert len(list(csv.reader(io.StringIO(sens, newline="")))) == 3
    doc = json.loads(
        cli("sensitivity", "-d", path, "-f", "json", "--top", "1", "--samples", "10").stdout
    )
    assert len(doc["results"]) == 1


def test_markdown_keeps_hostile_names_in_one_cell(cli: Cli, write: Write) -> None:
    out = cli("rank", "-d", str(hostile_dataset(write)), "-f", "markdown").stdout
    table = [line for line in out.splitlines() if line.startswith("|")]
    assert len(table) == 2 + len(HOSTILE)
    assert all(line.count(" | ") == table[0].count(" | ") for line in table[2:])


def test_no_escape_codes_with_no_color_on_a_terminal() -> None:
    """In a real pseudo-terminal Rich would style the output; NO_COLOR turns it all off."""

    def in_pty(env: dict[str, str], args: tuple[str, ...] = ("rank", "--explain")) -> bytes:
        return run_in_pty(args, env)[1]

    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "MLSOURCING_DATA")}
    base["TERM"] = "xterm-256color"
    styled = in_pty(base)
    assert b"Ukraine" in styled and ESC.encode() in styled  # the check can fail
    plain = in_pty({**base, "NO_COLOR": "1"})
    assert b"Ukraine" in plain and ESC.encode() not in plain
    for args in (
        ("--help",),
        ("rank", "--help"),
        ("sensitivity", "--samples", "20"),
        ("show", "x"),
    ):
        assert ESC.encode() not in in_pty({**base, "NO_COLOR": "1"}, args), args


def test_render_helpers_guard_every_text_cell() -> None:
    assert render_csv.safe_cell("=1+1") == "'=1+1"
    assert render_csv.safe_cell("-") == "'-"
    assert render_csv.safe_cell("plain") == "plain"
    assert render_csv.to_csv(["a"], [["x\ry"]]) == 'a\n"x\ry"\n'
    # a field holding "\r\n" itself keeps it; only the terminators become "\n"
    assert render_csv.to_csv(["a", "b"], [["x\r\ny", 1], [2, "z"]]) == 'a,b\n"x\r\ny",1\n2,z\n'


def test_a_joined_emoji_takes_two_columns_and_keeps_the_score_column(
    cli: Cli, write: Write
) -> None:
    family = "family 👨\u200d👩\u200d👧 here"
    assert cell_len("👨\u200d👩\u200d👧") == 2 and cell_len("e\u0301") == 1
    text = dataset_toml(
        {"x": crit()},
        {
            "a": {"name": family, "values": {"x": 2}},
            "b": {"name": "plain name here", "values": {"x": 1}},
        },
    )
    out = cli("rank", "-d", str(write(text)), env={"COLUMNS": "80"}).stdout.splitlines()
    rows = [line for line in out if line.lstrip().startswith(("1 ", "2 "))]
    assert len(rows) == 2 and "family" in rows[0]
    ends = [
        cell_len(line[: line.index(score) + len(score)])
        for line, score in zip(rows, ("100.0", "0.0"), strict=True)
    ]
    assert ends[0] == ends[1], rows


def test_methods_at_40_columns_names_the_tau_columns_it_leaves_out(cli: Cli) -> None:
    out = " ".join(cli("methods", env={"COLUMNS": "40"}).stdout.split())
    tau = out.split("Kendall's tau between the rankings")[1]
    assert "Not shown at 40 columns:" in tau and "To see every tau" in tau
