"""Bad command lines: checked up front, one line each, the user's text capped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import ROOT, crit, dataset_toml

Cli = Callable[..., Any]
EXAMPLE = ROOT / "examples" / "stakeholders.toml"


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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rank", "--aggregate", "geometric"], "--aggregate: goes with --stakeholders"),
        (
            ["sensitivity", "--stakeholders", "--spread", "any", "-d", str(EXAMPLE)],
            "--spread: does not apply with --stakeholders",
        ),
        (["sensitivity", "--vary", "values", "--spread", "0.2"], "--spread: does not apply"),
        (["rank", "-r", ""], "--require: a condition is empty; write it as talent>=3000"),
    ],
)
def test_an_option_that_cannot_apply_is_refused(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"mlsourcing: error: {message}")


def test_the_stakeholders_command_blames_the_dataset(cli: Cli) -> None:
    result = cli("stakeholders")
    assert (result.exit_code, result.stderr) == (
        1,
        "mlsourcing: error: countries.toml (bundled): defines no [stakeholders] tables; "
        "add one per person (see docs/dataset.md)\n",
    )


def test_a_datasets_own_requirements_that_leave_nobody(cli: Cli, write: Any) -> None:
    text = dataset_toml(
        {"x": crit()},
        {"a": {"name": "A", "values": {"x": 1}}, "b": {"name": "B", "values": {"x": 2}}},
        '[requirements]\nx = ">= 5"\n',
    )
    path = str(write(text))
    checked = cli("validate", path)
    assert checked.exit_code == 0 and checked.stdout.startswith(f"{path}: valid:")
    assert checked.stderr == (
        f"mlsourcing: warning: {path}: requirements: no destination meets x >= 5 (all 2 set "
        "aside); every command will refuse it\n"
    )
    ranked = cli("rank", "-d", path)
    assert (ranked.exit_code, ranked.stderr) == (
        1,
        f"mlsourcing: error: {path}: requirements: no destination meets x >= 5 (all 2 set aside)\n",
    )
    given = cli("rank", "-d", path, "-r", "x>=9")
    assert given.exit_code == 2 and given.stderr.startswith("mlsourcing: error: --require: ")


def test_debug_works_after_the_command_too(cli: Cli) -> None:
    for args in (["--debug", "rank", "-f", "csv"], ["rank", "-f", "csv", "--debug"]):
        result = cli(*args)
        assert result.exit_code == 0 and result.stdout.startswith("rank,slug,name,score")
