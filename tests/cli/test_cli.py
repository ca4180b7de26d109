"""The CLI end to end: CliRunner in-process, and real subprocesses for pipes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mlsourcing import __version__
from mlsourcing.mcda import scoring

from conftest import THREE, crit, dataset_toml

Cli = Callable[..., Any]
Write = Callable[[str | bytes], Path]
ANSI = "\x1b["


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"mlsourcing {__version__}\n"


def test_rank_csv_exact(cli: Cli, write: Write) -> None:
    result = cli("rank", "--data", str(write(THREE)), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "rank,slug,name,score,speed,cost\n"
        "1,c,Gamma,75,30,100\n"
        "2,b,Beta,50,20,50\n"
        "3,a,Alpha,25,10,0\n"
    )
    assert result.stderr == ""


def test_rank_csv_explain_points_sum_to_score(cli: Cli, write: Write) -> None:
    result = cli("rank", "-d", str(write(THREE)), "-f", "csv", "--explain", "-w", "speed=1,cost=1")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "rank",
        "slug",
        "name",
        "score",
        "speed",
        "cost",
        "speed_points",
        "cost_points",
    ]
    for row in rows:
        assert float(row["speed_points"]) + float(row["cost_points"]) == pytest.approx(
            float(row["score"])
        )
    assert [(r["slug"], r["score"]) for r in rows] == [("a", "50"), ("b", "50"), ("c", "50")]
    assert [r["rank"] for r in rows] == ["1", "1", "1"]


def test_rank_weights_repeatable_and_top(cli: Cli, write: Write) -> None:
    path = str(write(THREE))
    result = cli("rank", "-d", path, "-f", "csv", "-w", "speed=1", "-w", "cost=3", "--top", "2")
    assert result.stdout.splitlines() == [
        "rank,slug,name,score,speed,cost",
        "1,a,Alpha,75,10,0",
        "2,b,Beta,50,20,50",
    ]


def test_rank_json(cli: Cli, write: Write) -> None:
    path = str(write(THREE))
    doc = json.loads(cli("rank", "-d", path, "-f", "json").stdout)
    assert doc["weights"] == {"speed": 0.75, "cost": 0.25}
    assert doc["method"] == "wsm"
    assert doc["dataset"] == path
    assert [(r["rank"], r["slug"], r["name"], r["score"]) for r in doc["results"]] == [
        (1, "c", "Gamma", 75),
        (2, "b", "Beta", 50),
        (3, "a", "Alpha", 25),
    ]
    assert doc["results"][0]["values"] == {"speed": 30, "cost": 100}
    assert doc["results"][0]["points"] == {"speed": 75, "cost": 0}
    assert doc["criteria"][1]["bounds_used"] == [0, 100]


def test_rank_json_missing_value_is_null(cli: Cli, write: Write) -> None:
    text = dataset_toml(
        {"x": crit(), "y": crit()},
        {"p": {"name": "P", "values": {"x": 1}}, "q": {"name": "Q", "values": {"x": 2, "y": 1}}},
    )
    doc = json.loads(cli("rank", "-d", str(write(text)), "-f", "json").stdout)
    p = next(r for r in doc["results"] if r["slug"] == "p")
    assert p["values"] == {"x": 1, "y": None}
    assert p["missing"] == ["y"]
    csv_out = cli("rank", "-d", str(write(text)), "-f", "csv").stdout
    assert "2,p,P,0,1,\n" in csv_out


def test_rank_markdown(cli: Cli, write: Write) -> None:
    out = cli("rank", "-d", str(write(THREE)), "-f", "markdown").stdout
    lines = out.splitlines()
    assert lines[0] == "| Rank | Destination | Score | Speed | Cost |"
    assert lines[1] == "|---:|:---|---:|---:|---:|"
    assert lines[2] == "| 1 | Gamma | 75.0 | 30 | 100 |"
    assert (
        "Weights: speed (Speed) 75%, cost (Cost) 25%; method: weighted sum; missing values: worst."
        in out
    )


def test_rank_table_has_caption_and_missing_note(cli: Cli) -> None:
    result = cli("rank")
    assert result.exit_code == 0
    out = result.stdout
    assert ANSI not in out
    assert "Ukraine" in out and "88.5" in out
    assert "talent (Talent pool) 25%" in " ".join(out.split())
    assert "Belarus: Talent pool, Big-tech competition." in " ".join(out.split())
    explained = cli("rank", "--explain", "-w", "talent=3,big_tech=2").stdout
    assert "pts" in explained and "42.9%" in explained  # talent 3/7 of the weight


def test_weights_change_the_bundled_ranking(cli: Cli) -> None:
    out = cli("rank", "-f", "csv", "-w", "talent=1,local_firms=0,big_tech=0,community=0").stdout
    assert [line.split(",")[1] for line in out.splitlines()[1:]] == [
        "poland",
        "romania",
        "ukraine",
        "belarus",
    ]


def test_data_from_environment(cli: Cli, write: Write) -> None:
    path = str(write(THREE))
    result = cli("rank", "-f", "csv", env={"MLSOURCING_DATA": path})
    assert result.stdout.splitlines()[1] == "1,c,Gamma,75,30,100"


def test_show(cli: Cli) -> None:
    result = cli("show", "POLAND", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    assert "Poland (poland) rank 3 of 4, score 50.0 / 100" in flat
    assert "About 5,500 ML specialists, according to LinkedIn." in flat
    assert "https://hirededicatedteam.com/" in result.stdout.replace("\n", "")


def test_show_json(cli: Cli) -> None:
    doc = json.loads(cli("show", "ukraine", "-f", "json", "-w", "talent=2").stdout)
    assert doc["slug"] == "ukraine" and doc["name"] == "Ukraine"
    assert doc["values"] == {"talent": 2980, "local_firms": 5, "big_tech": 1, "community": 5}
    talent = doc["criteria"][0]
    assert talent["weight"] == 0.4
    assert talent["source"]["url"].startswith("https://www.n-ix.com/")
    assert talent["points"] == pytest.approx(100 * 0.4 * 2980 / 5500, abs=1e-9)
    assert sum(c["points"] for c in doc["criteria"]) == pytest.approx(doc["score"])
    assert doc["rank"] == 1


def test_show_missing_values_are_flagged(cli: Cli) -> None:
    doc = json.loads(cli("show", "Belarus", "-f", "json").stdout)
    assert [c["criterion"] for c in doc["criteria"] if c["missing"]] == ["talent", "big_tech"]
    assert doc["values"]["talent"] is None


def test_criteria_formats(cli: Cli, write: Write) -> None:
    path = str(write(THREE))
    assert cli("criteria", "-d", path, "-f", "csv").stdout.splitlines() == [
        "key,label,direction,unit,min,max,default_weight,description,scale,as_of",
        "speed,Speed,benefit,,,,3,,linear,",
        "cost,Cost,cost,,0,100,1,,linear,",
    ]
    doc = json.loads(cli("criteria", "-d", path, "-f", "json").stdout)
    assert [c["key"] for c in doc["criteria"]] == ["speed", "cost"]
    assert [c["as_of"] for c in doc["criteria"]] == [None, None]
    dated = json.loads(cli("criteria", "--data", "open", "-f", "json").stdout)["criteria"]
    assert {c["key"]: c["as_of"] for c in dated}["ml_share"] == "2024 Q1"
    shown = " ".join(cli("show", "PL", "--data", "open", env={"COLUMNS": "120"}).stdout.split())
    assert "as of 2023 Q2 to 2024 Q1" in shown
    spans = {
        d["name"]: d["figures"]
        for d in json.loads(cli("datasets", "-f", "json").stdout)["datasets"]
    }
    assert spans == {"countries": None, "open": "2023-2025"}
    table = cli("criteria").stdout
    assert "big_tech" in table and "cost" in table


def test_validate(cli: Cli, write: Write) -> None:
    good = str(write(THREE))
    result = cli("validate", good)
    assert result.exit_code == 0
    assert (
        result.stdout
        == f"{good}: valid: 2 criteria, 3 destinations, 0 sources, 0 profiles, 0 missing values\n"
    )
    one = str(
        write('[criteria.x]\nlabel = "X"\ndirection = "cost"\n[destinations.a]\nname = "A"\n')
    )
    assert cli("validate", one).stdout == (
        f"{one}: valid: 1 criterion, 1 destination, 0 sources, 0 profiles, 1 missing value\n"
    )
    bad = str(write('[criteria.x]\nlabel = 1\ndirection = "up"\n'))
    result = cli("validate", bad)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"mlsourcing: error: {bad}: criteria.x.label: must be a string, not a number (1)",
        f'mlsourcing: error: {bad}: criteria.x.direction: must be "benefit" or "cost", not \'up\'',
        f"mlsourcing: error: {bad}: destinations: required key is missing",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rank", "-w", "talent"], "--weights: 'talent' is not of the form criterion=number"),
        (["rank", "-w", "talnt=2"], "--weights: unknown criterion 'talnt'; did you mean 'talent'?"),
        (["rank", "-w", "talent=abc"], "--weights: 'abc' for talent is not a number"),
        (["rank", "-w", "talent=-1"], "--weights: talent=-1 is negative"),
        (["rank", "-w", "talent=nan"], "--weights: talent=nan must be a finite number"),
        (["rank", "-w", "talent=inf"], "--weights: talent=inf must be a finite number"),
        (["rank", "-w", "talent=0,local_firms=0,big_tech=0,community=0"], "every weight is 0"),
        (["show", "polnd"], "unknown destination 'polnd'; did you mean 'Poland'?"),
        (["rank", "-f", "xml"], "Invalid value for '--format'"),
        (["rank", "--top", "0"], "Invalid value for '--top'"),
        (["rank", "--nope"], "No such option: --nope"),
        (["rnk"], "No such command 'rnk'"),
        (["rank", "--data", ""], "--data: the path is empty"),
    ],
)
def test_usage_errors_exit_2_with_one_line(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlsourcing: error: "), lines
    assert message in lines[0]


@pytest.mark.parametrize("command", [["rank"], ["show", "x"], ["criteria"], ["validate"]])
def test_dataset_errors_exit_1(cli: Cli, write: Write, command: list[str]) -> None:
    bad = str(write("not toml at all"))
    args = [*command, bad] if command == ["validate"] else [*command, "--data", bad]
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"mlsourcing: error: {bad}: TOML syntax error")
    assert "Traceback" not in result.output


def test_missing_dataset_file(cli: Cli, tmp_path: Path) -> None:
    result = cli("rank", "--data", str(tmp_path / "none.toml"))
    assert result.exit_code == 1
    assert result.stderr == f"mlsourcing: error: {tmp_path / 'none.toml'}: file not found\n"


def test_internal_error_is_one_line_without_locals(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "s3cr3t-local-value"

    def boom(*args: Any, **kwargs: Any) -> Any:
        token = secret  # a local that must never be printed
        raise RuntimeError("kaboom" + token[:0])

    monkeypatch.setattr(scoring, "rank", boom)
    result = cli("rank")
    assert result.exit_code == 70
    assert result.stderr.count("\n") == 1
    assert "internal error (RuntimeError: kaboom)" in result.stderr
    assert "please report it" in result.stderr and "--debug" in result.stderr
    assert secret not in result.output and "Traceback" not in result.output


def test_csv_injection_guard(cli: Cli, write: Write) -> None:
    text = dataset_toml(
        {"x": crit()},
        {
            "a": {"name": '=HYPERLINK("http://evil")', "values": {"x": -5}},
            "b": {"name": "+1", "values": {"x": 1}},
            "c": {"name": "-cmd", "values": {"x": 2}},
            "d": {"name": "@SUM(A1)", "values": {"x": 3}},
            "e": {"name": "\tTab", "values": {"x": 4}},
            "g": {"name": "Plain, with comma", "values": {"x": 6}},
        },
    )
    out = cli("rank", "-d", str(write(text)), "-f", "csv").stdout
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["a"]["name"] == '\'=HYPERLINK("http://evil")'
    assert rows["a"]["x"] == "-5"  # numbers are left alone
    assert rows["b"]["name"] == "'+1"
    assert rows["c"]["name"] == "'-cmd"
    assert rows["d"]["name"] == "'@SUM(A1)"
    assert rows["e"]["name"] == "'\tTab"
    assert rows["g"]["name"] == "Plain, with comma"


def test_markup_in_names_is_printed_literally(cli: Cli, write: Write) -> None:
    text = dataset_toml(
        {"x": crit()}, {"a": {"name": "[bold red]Evil[/bold red]", "values": {"x": 1}}}
    )
    out = cli("rank", "-d", str(write(text))).stdout
    assert "[bold red]Evil[/bold red]" in out


# ---------------------------------------------------------------------------
# Real subprocesses: the installed console script and python -m.


def run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MLSOURCING_DATA", "NO_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "mlsourcing", *args],
        capture_output=True,
        text=True,
        env=env,
        **kwargs,
    )


def test_subprocess_rank_csv_and_errors(tmp_path: Path) -> None:
    result = run(["rank", "--format", "csv"], cwd=tmp_path)
    assert result.returncode == 0
    assert (
        result.stdout.splitlines()[0]
        == "rank,slug,name,score,talent,local_firms,big_tech,community,talent_low,talent_high"
    )
    assert result.stdout.splitlines()[1].startswith("1,ukraine,Ukraine,88.5454")
    bad = run(["rank", "-w", "speed=1"], cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr == (
        "mlsourcing: error: --weights: unknown criterion 'speed'; "
        "choose from: talent, local_firms, big_tech, community\n"
    )


def test_subprocess_table_output_has_no_escape_codes_when_piped() -> None:
    result = run(["rank"])
    assert result.returncode == 0 and ANSI not in result.stdout
    assert ANSI not in run(["show", "romania"]).stdout


def test_closed_pipe_is_silent() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlsourcing", "rank", "--format", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -n 1`
    stderr = proc.stderr.read()
    proc.wait()
    assert (
        first
        == b"rank,slug,name,score,talent,local_firms,big_tech,community,talent_low,talent_high\n"
    )
    assert stderr == b""


def test_shell_pipe_to_head_prints_no_error() -> None:
    result = subprocess.run(
        f"'{sys.executable}' -m mlsourcing rank --format csv | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
    )
    assert (
        result.stdout
        == "rank,slug,name,score,talent,local_firms,big_tech,community,talent_low,talent_high\n"
    )
    assert result.stderr == ""


# ---------------------------------------------------------------------------
# Start-up: what each kind of run imports (speed itself is measured in benchmarks/).


def imported_modules(args: list[str], env: dict[str, str] | None = None) -> set[str]:
    code = (
        "import os, runpy, sys\n"
        "def _exit(code):\n"  # the CLI ends with os._exit: see what it imported first
        "    raise SystemExit(code)\n"
        "os._exit = _exit\n"
        f"sys.argv = ['mlsourcing', *{args!r}]\n"
        "try:\n"
        "    runpy.run_module('mlsourcing', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('\\n'.join(sorted(sys.modules)))\n"
    )
    full_env = {**{k: v for k, v in os.environ.items() if k != "MLSOURCING_DATA"}, **(env or {})}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full_env
    )
    return set(result.stderr.split())


def test_csv_run_imports_neither_rich_nor_numpy() -> None:
    modules = imported_modules(["rank", "--format", "csv"])
    assert "mlsourcing.mcda.scoring" in modules
    heavy = (
        "rich",
        "numpy",
        "openpyxl",
        "tomlkit",
        "jinja2",
        "matplotlib",
        "textual",
        "playwright",
    )
    assert not {m for m in modules if m.split(".")[0] in heavy}
    assert "mlsourcing.analysis.robustness" not in modules


def test_piped_table_run_imports_neither_rich_nor_numpy() -> None:
    # a table is laid out by mlsourcing.render.listing; Rich only styles it, on a
    # colour terminal (test_terminals.py shows that in a pseudo-terminal)
    modules = imported_modules(["rank"])
    assert "mlsourcing.render.listing" in modules
    assert not {m for m in modules if m.split(".")[0] in ("rich", "numpy")}


def test_shell_completion_does_not_load_the_dataset_machinery() -> None:
    env = {
        "_MLSOURCING_COMPLETE": "complete_bash",
        "COMP_WORDS": "mlsourcing ra",
        "COMP_CWORD": "1",
    }
    modules = imported_modules([], env)
    assert "mlsourcing.cli" in modules
    assert not {"mlsourcing.data.dataset", "mlsourcing.mcda.scoring", "tomli", "numpy"} & modules


@pytest.mark.parametrize(("given", "seen"), [(None, "1"), ("3", "3")])
def test_numpy_linear_algebra_runs_on_one_thread_unless_told(given: str | None, seen: str) -> None:
    """The console script sets OPENBLAS_NUM_THREADS (and MKL's, OpenMP's) to 1 before
    numpy loads, keeping a value the user set."""
    code = (
        "import os, mlsourcing.cli as c\n"
        "c.app = lambda **k: (print(os.environ['OPENBLAS_NUM_THREADS'],"
        " os.environ['OMP_NUM_THREADS']), exit(0))\n"
        "c.main()\n"
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
    }
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [seen, "1"]
