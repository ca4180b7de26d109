"""Issue 9's reproductions, kept: big datasets, files and devices, bad input,
TOPSIS and missing values. Each test stands for a class of bug."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mlsourcing.analysis import ranks, robustness
from mlsourcing.data import dataset
from mlsourcing.errors import DatasetError
from mlsourcing.mcda import scoring

from conftest import crit, dataset_toml

Cli = Callable[..., Any]
Write = Callable[[str | bytes], Path]


def many(n: int, criteria: int = 3, missing_every: int = 0) -> str:
    keys = [f"k{j}" for j in range(criteria)]
    crits = {
        k: crit("benefit" if j % 2 == 0 else "cost", label=f"K{j}") for j, k in enumerate(keys)
    }
    dests = {}
    for i in range(n):
        values = {
            k: float((i * 37 + j * 101) % 997)
            for j, k in enumerate(keys)
            if not (missing_every and (i + j) % missing_every == 0)
        }
        dests[f"d{i}"] = {"name": f"Place {i:05d}", "values": values}
    return dataset_toml(crits, dests)


def run(*args: str, stdout: Any = subprocess.PIPE, **kw: Any) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MLSOURCING_DATA", "NO_COLOR")}
    env["COLUMNS"] = "100"
    return subprocess.run(
        [sys.executable, "-m", "mlsourcing", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kw,
    )


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


def test_sensitivity_top_keeps_ties_and_follows_only_those() -> None:
    ds = dataset.loads(TIED)
    sens = robustness.sensitivity(ds, samples=200, top=1)
    assert [r.slug for r in sens.results] == ["a", "b"] and sens.total == 3


def dense_reference(ds: dataset.Dataset, samples: int, seed: int) -> dict[str, list[int]]:
    """Every destination's ranks over the draws, the straightforward way."""
    model = scoring.prepare(ds)
    w = scoring.effective_weights(ds)
    central = np.array([w[k] for k in ds.criteria])
    draws = robustness.draw_weights(central, samples, 0.5, np.random.default_rng(seed))
    ranks = robustness.batch_ranks(
        robustness.batch_scores(model, robustness.positions_matrix(model), draws)
    )
    return {slug: sorted(ranks[:, i].tolist()) for i, slug in enumerate(model.slugs)}


@pytest.mark.parametrize("way", ["matrix", "table", "two passes"])
def test_every_way_of_counting_ranks_gives_the_dense_answer(
    write: Write, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    ds = dataset.load(write(many(40, criteria=4, missing_every=5)))
    reference = dense_reference(ds, 700, 3)
    monkeypatch.setattr(robustness, "CHUNK_CELLS", 997)  # many small chunks
    if way != "matrix":
        monkeypatch.setattr(ranks, "MATRIX_CELLS", 0)
    if way == "two passes":
        monkeypatch.setattr(ranks, "TABLE_CELLS", 0)
        monkeypatch.setattr(ranks, "BINS", 7)  # several ranks per bin
    full = robustness.sensitivity(ds, samples=700, seed=3, distribution=way != "two passes")
    followed = robustness.sensitivity(ds, samples=700, seed=3, top=3)  # counting, no sort
    for r in full.results:
        seen = reference[r.slug]
        at = [max(0, int(np.ceil(q * 700)) - 1) for q in (0.05, 0.5, 0.95)]
        assert (r.rank_p05, r.rank_median, r.rank_p95) == tuple(seen[a] for a in at)
        if way != "two passes":
            counts = {k: seen.count(k) / 700 for k in set(seen)}
            assert r.distribution == pytest.approx(counts)
    assert [
        (r.slug, r.rank_p05, r.rank_median, r.rank_p95, r.p_first) for r in followed.results
    ] == [(r.slug, r.rank_p05, r.rank_median, r.rank_p95, r.p_first) for r in full.results[:3]]


def test_draws_beyond_one_block_are_reproducible(write: Write) -> None:
    ds = dataset.load(write(many(5)))
    one = robustness.sensitivity(ds, samples=robustness.DRAW_BLOCK + 1234, seed=9)
    two = robustness.sensitivity(ds, samples=robustness.DRAW_BLOCK + 1234, seed=9)
    assert one == two
    assert sum(r.p_first for r in one.results) == pytest.approx(1.0)


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


def test_init_refuses_devices_fifos_and_directories(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target, kind in (
        ("/dev/null", "a character device"),
        (str(fifo), "a FIFO"),
        (str(tmp_path), "a directory"),
    ):
        result = run("init", target, "--force")
        assert result.returncode == 1
        assert f"is {kind}" in result.stderr and result.stderr.count("\n") == 1
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_init_follows_a_link_and_keeps_modes(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    link = tmp_path / "link.toml"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link.symlink_to(real)
    assert run("init", str(link), "--force").returncode == 0
    assert link.is_symlink() and "[criteria.talent]" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    old = os.umask(0o027)
    try:
        assert run("init", str(tmp_path / "new.toml")).returncode == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o640


@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
def test_data_that_is_not_a_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    target = {"fifo": tmp_path / "f", "device": Path("/dev/zero"), "directory": tmp_path}[kind]
    if kind == "fifo":
        os.mkfifo(target)
    started = time.monotonic()
    result = run("rank", "--data", str(target), timeout=20)
    assert time.monotonic() - started < 15  # a FIFO used to block for ever
    assert result.returncode == 1
    assert result.stderr.startswith(f"mlsourcing: error: {target}: is ")
    assert result.stderr.count("\n") == 1


# ---------------------------------------------------------------------------
# Bad input: exit 2 or 1 with one line, never exit 70


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sensitivity", "--seed", "-1"], "--seed: must be 0 or more, not -1"),
        (["sensitivity", "--samples", "1000000000000"], "--samples: must be at most 100,000,000"),
        (["sensitivity", "--spread", "nan"], "--spread: must be between 0 and 1"),
        (["rank", "-w", "talent=1e309"], "--weights: talent=1e309 is out of range"),
        (["rank", "-w", "talent=inf"], "--weights: talent=inf must be a finite number"),
    ],
)
def test_every_option_is_checked_up_front(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"mlsourcing: error: {message}")
    assert result.stderr.count("\n") == 1


def test_echoed_user_text_is_capped(cli: Cli) -> None:
    for args in (["rank", "-w", "k" * 100_000 + "=1"], ["show", "p" * 100_000]):
        result = cli(*args)
        assert result.exit_code == 2
        assert len(result.stderr) < 400 and "(100,000 characters)" in result.stderr


def test_the_debug_advice_works_as_printed(cli: Cli) -> None:
    result = cli("--debug", "rank")
    assert result.exit_code == 0


WEIGHTLESS = dataset_toml(
    {"x": crit(weight=0), "y": crit(weight=0)}, {"a": {"name": "A", "values": {"x": 1, "y": 2}}}
)


@pytest.mark.parametrize("command", [["validate"], ["profiles"], ["rank"], ["criteria"]])
def test_a_dataset_that_weighs_nothing_is_a_dataset_error(
    cli: Cli, write: Write, command: list[str]
) -> None:
    path = str(write(WEIGHTLESS))
    args = [*command, path] if command == ["validate"] else [*command, "-d", path]
    result = cli(*args)
    assert result.exit_code == 1
    assert "criteria: every criterion's weight is 0" in result.stderr
    assert "--weights" not in result.stderr


FIELDS = [
    ("title", 'title = "{}"\n'),
    ("criteria.x.label", ""),
    ("destinations.a.name", ""),
    ("destinations.a.description", ""),
    ("destinations.a.evidence.x.note", ""),
    ("sources.s.title", ""),
    ("profiles.p.description", ""),
]


def hostile_text(where: str, text: str) -> str:
    crit_label = text if where == "criteria.x.label" else "X"
    name = text if where == "destinations.a.name" else "A"
    desc = text if where == "destinations.a.description" else ""
    note = text if where == "destinations.a.evidence.x.note" else "n"
    title = text if where == "sources.s.title" else "S"
    pdesc = text if where == "profiles.p.description" else ""
    doc = dataset_toml(
        {"x": crit(label=crit_label)},
        {
            "a": {
                "name": name,
                "description": desc,
                "values": {"x": 1},
                "evidence": {"x": {"source": "s", "note": note}},
            }
        },
        extra=f"[sources.s]\ntitle = {json.dumps(title)}\n"
        f"[profiles.p]\ndescription = {json.dumps(pdesc)}\nweights = {{ x = 1 }}\n",
    )
    if where == "title":
        doc = f"title = {json.dumps(text)}\n" + doc
    return doc


@pytest.mark.parametrize("where", [f for f, _ in FIELDS])
@pytest.mark.parametrize(
    ("char", "what"),
    [
        ("\x1b", "a control character (U+001B)"),
        ("\x9b", "a control character (U+009B)"),
        ("\r", "a control character (U+000D)"),
        ("\u202e", "a bidirectional override (U+202E)"),
        ("\u2066", "a bidirectional override (U+2066)"),
    ],
)
def test_control_characters_and_bidi_overrides_are_rejected(
    write: Write, where: str, char: str, what: str
) -> None:
    with pytest.raises(DatasetError) as info:
        dataset.load(write(hostile_text(where, f"evil{char}[2J text")))
    assert info.value.problems == [
        f"{where}: contains {what}, which could garble or reorder what a terminal shows; remove it"
    ]


def test_tab_and_newline_are_allowed(write: Write) -> None:
    ds = dataset.load(write(hostile_text("destinations.a.description", "two\tcolumns\nlines")))
    assert ds.destinations["a"].description == "two\tcolumns\nlines"


def test_a_control_character_in_a_key_is_rejected(write: Write) -> None:
    text = dataset_toml({"x": crit()}, {"a": {"name": "A", "values": {"x": 1}}})
    text += '[profiles."p\\u001b[2J"]\nweights = { x = 1 }\n'
    with pytest.raises(DatasetError, match=r"contains a control character \(U\+001B\)"):
        dataset.load(write(text))


def test_a_name_that_is_another_destinations_slug_is_rejected(cli: Cli, write: Write) -> None:
    text = dataset_toml(
        {"x": crit()},
        {
            "romania": {"name": "Poland", "values": {"x": 1}},
            "poland": {"name": "Romania", "values": {"x": 2}},
        },
    )
    result = cli("validate", str(write(text)))
    assert result.exit_code == 1
    assert (
        "destinations.romania.name: 'Poland' is the slug of destinations.poland, so one of them "
        "could not be named; choose another name" in result.stderr
    )
    assert result.stderr.count("\n") == 2  # both are named


def test_output_failures_say_it_was_the_output(tmp_path: Path) -> None:
    closed = subprocess.run(
        f"'{sys.executable}' -m mlsourcing rank >&-", shell=True, capture_output=True, text=True
    )
    assert closed.returncode == 74
    assert (
        closed.stderr == "mlsourcing: error: cannot write the output: standard output is closed\n"
    )
    if os.path.exists("/dev/full"):
        for fmt in ("csv", "table"):
            with open("/dev/full", "w") as full:
                result = run("rank", "-f", fmt, stdout=full)
            assert result.returncode == 74
            assert result.stderr == (
                "mlsourcing: error: cannot write the output: No space left on device\n"
            )


@pytest.mark.parametrize(
    "command",
    [
        "rank",
        "rank -f csv",
        "rank -f json",
        "rank -f markdown",
        "show poland",
        "compare poland romania",
        "sensitivity --samples 50",
        "profiles",
        "criteria -f csv",
        "init -",
    ],
)
def test_a_closed_pipe_is_silent_with_exit_0_for_every_command(command: str) -> None:
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; '{sys.executable}' -m mlsourcing {command} | head -c 1"],
        capture_output=True,
        text=True,
    )
    assert result.stderr == "" and result.returncode == 0


# ---------------------------------------------------------------------------
# Small ones


def test_spread_minus_zero_and_a_single_draw(cli: Cli) -> None:
    out = " ".join(cli("sensitivity", "--spread", "-0", "--samples", "300").stdout.split())
    assert "±0%" in out and "±-0%" not in out
    one = " ".join(cli("sensitivity", "--samples", "1").stdout.split())
    assert "1 draw," in one and "1 draws" not in one
    assert "Too few draws to judge" in one and "Robust:" not in one
    doc = json.loads(cli("sensitivity", "--samples", "1", "-f", "json").stdout)
    assert doc["verdict"].startswith(
        "Too few draws to judge: Ukraine ranks first in 100% of 1 weight draw "
    )


def test_explained_points_add_up_to_the_score_shown(cli: Cli) -> None:
    for args in (
        ["rank", "--explain", "-w", "talent=3,big_tech=2"],
        ["rank", "--explain", "-w", "community=7"],
    ):
        out = cli(*args, env={"COLUMNS": "120"}).stdout
        for line in out.splitlines():
            m = re.match(r"\s+\d+\s+\w+\s+([\d.]+)\s+\S+\s+(.*)$", line)
            if m:
                points = [float(p.rstrip("*")) for p in m.group(2).split()]
                assert round(sum(points), 1) == float(m.group(1)), line
    show = cli("show", "poland", "-w", "talent=3,big_tech=2").stdout
    score = float(re.search(r"score ([\d.]+) / 100", show).group(1))  # type: ignore[union-attr]
    points = [
        float(line.split()[-1]) for line in show.splitlines() if re.search(r"\d%\s+[\d.]+$", line)
    ]
    assert len(points) == 4 and round(sum(points), 1) == score


def test_help_usage_reads_like_any_cli(cli: Cli) -> None:
    for command, usage in (
        ("show", "DESTINATION"),
        ("compare", "DESTINATION..."),
        ("init", "PATH"),
    ):
        out = cli(command, "--help", env={"COLUMNS": "100"}).stdout
        assert f"Usage: mlsourcing {command} [OPTIONS] {usage}" in out
        assert "{" not in out and "<str>" not in out
    # help is plain text: square brackets are not taken for markup and dropped
    weigh = " ".join(cli("weigh", "--help", env={"COLUMNS": "100"}).stdout.split())
    assert "A TOML file with a [pairwise] table" in weigh
    assert "into the --data file as [profiles.NAME]," in weigh


def test_the_smallest_positive_number_is_not_rounded_away(write: Write) -> None:
    text = dataset_toml(
        {"x": crit()},
        {"a": {"name": "A", "values": {"x": 5e-324}}, "b": {"name": "B", "values": {"x": 0}}},
    )
    ranking = scoring.rank(dataset.load(write(text)))
    assert [(r.slug, r.score) for r in ranking.results] == [("a", 100.0), ("b", 0.0)]


# ---------------------------------------------------------------------------
# TOPSIS and missing values


def test_topsis_counts_a_missing_value_as_the_worst_present() -> None:
    ranking = scoring.rank(dataset.load(), method="topsis")
    assert [(r.slug, round(r.score, 2)) for r in ranking.results] == [
        ("ukraine", 69.14),
        ("romania", 41.44),
        ("poland", 38.11),
        ("belarus", 16.27),
    ]
    text = dataset_toml(
        {"a": crit(), "b": crit()},
        {
            "x": {"name": "X", "values": {"a": 5, "b": 3}},
            "y": {"name": "Y", "values": {"b": 3}},
            "z": {"name": "Z", "values": {"a": 1, "b": 1}},
            "e": {"name": "E"},
        },
    )
    scores = {r.slug: r.score for r in scoring.rank(dataset.loads(text), method="topsis").results}
    assert scores["x"] == 100 and scores["y"] < 100  # no longer a tie with X's real 5
    assert scores["e"] == 0  # no values at all: not 100


def test_topsis_missing_on_a_constant_criterion_still_counts_against() -> None:
    text = dataset_toml(
        {"a": crit()},
        {"x": {"name": "X", "values": {"a": 3}}, "y": {"name": "Y"}},
    )
    scores = {r.slug: r.score for r in scoring.rank(dataset.loads(text), method="topsis").results}
    assert scores == {"x": 100.0, "y": 0.0}


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
