"""Shared helpers: small datasets written as TOML text in the tests themselves."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from mlsourcing.cli import app

TESTS = Path(__file__).resolve().parent  # tests/: snapshots, nasty files, the corpus
ROOT = TESTS.parent  # the repository

# Hypothesis: no per-example deadline (CI machines vary), a budget that keeps the
# whole suite within a few minutes on 2 cores; HYPOTHESIS_PROFILE=thorough hunts longer.
settings.register_profile(
    "default", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", deadline=None, max_examples=2000, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        # a JSON string is a TOML basic string, but for astral characters (written
        # literally here, not as surrogate pairs) and DEL (which TOML wants escaped)
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def dataset_toml(
    criteria: dict[str, dict[str, Any]],
    destinations: dict[str, dict[str, Any]],
    extra: str = "",
) -> str:
    """TOML for a dataset. A destination is {"name": ..., "values": {...}, ...}."""
    lines: list[str] = []
    for key, crit in criteria.items():
        lines.append(f"[criteria.{key}]")
        lines += [f"{k} = {toml_value(v)}" for k, v in crit.items()]
    for slug, dest in destinations.items():
        lines.append(f'[destinations."{slug}"]')
        lines += [f"{k} = {toml_value(v)}" for k, v in dest.items()]
    return "\n".join(lines) + "\n" + extra


def crit(direction: str = "benefit", **fields: Any) -> dict[str, Any]:
    return {"label": fields.pop("label", "C"), "direction": direction, **fields}


def many(n: int, criteria: int = 3, missing_every: int = 0) -> str:
    """A dataset of ``n`` destinations ("Place 00000"...) and ``criteria`` criteria,
    benefit and cost in turn; every ``missing_every``-th value left out."""
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


def screen_words(cli: Callable[..., Any], *args: str) -> str:
    """What a command prints at 100 columns, its words joined by single spaces."""
    result = cli(*args, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.split())


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str], Path]:
    """Write TOML text to a fresh file and return its path."""
    counter = iter(range(10_000))

    def _write(text: str | bytes) -> Path:
        path = tmp_path / f"data{next(counter)}.toml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Run the CLI in-process; returns the CliRunner result."""
    monkeypatch.delenv("MLSOURCING_DATA", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")

    def _run(*args: str, env: dict[str, str] | None = None) -> Any:
        return runner.invoke(app, list(args), env=env)

    return _run


# A small dataset whose scores are worked out by hand in test_scoring.py.
#   speed (benefit, no bounds): a=10, b=20, c=30  -> n = 0, 0.5, 1
#   cost  (cost, bounds 0..100): a=0,  b=50, c=100 -> n = 1, 0.5, 0
THREE = dataset_toml(
    {
        "speed": crit("benefit", label="Speed", weight=3),
        "cost": crit("cost", label="Cost", weight=1, min=0, max=100),
    },
    {
        "a": {"name": "Alpha", "values": {"speed": 10, "cost": 0}},
        "b": {"name": "Beta", "values": {"speed": 20, "cost": 50}},
        "c": {"name": "Gamma", "values": {"speed": 30, "cost": 100}},
    },
)


def run_in_pty(
    args: list[str] | tuple[str, ...], env: dict[str, str], columns: int = 100
) -> tuple[int, bytes]:
    """Run ``python -m mlsourcing ARGS`` in a pseudo-terminal ``columns`` wide:
    its exit code and every byte it wrote, escape codes included."""
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlsourcing", *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
        close_fds=True,
    )
    os.close(secondary)
    chunks = []
    while select.select([main], [], [], 30)[0]:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return proc.wait(30), b"".join(chunks)
