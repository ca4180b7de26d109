"""Bad command lines: checked up front, one line each, the user's text capped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Cli = Callable[..., Any]


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
