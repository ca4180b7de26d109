"""Files a command reads and writes: devices, FIFOs, folders, links, modes, failures, closed pipes."""

from __future__ import annotations

import importlib
import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mlsourcing import files
from mlsourcing.data import dataset
from mlsourcing.errors import WriteError

from conftest import crit, dataset_toml

Cli = Callable[..., Any]


def big_dataset(tmp_path: Path, rows: int = 3000) -> Path:
    criteria = {"x": crit(), "y": crit("cost"), "z": crit(min=0, max=1)}
    dests = {
        f"d{i}": {
            "name": f"Destination {i}",
            "values": {"x": i % 97, "y": i % 13, "z": (i % 10) / 10},
        }
        for i in range(rows)
    }
    path = tmp_path / "big.toml"
    path.write_text(
        dataset_toml(criteria, dests, extra="[profiles.p]\nweights = { x = 2 }\n"), encoding="utf-8"
    )
    return path


PIPED = [
    ["rank"],
    ["rank", "-f", "csv"],
    ["rank", "-f", "json"],
    ["rank", "-f", "markdown", "--explain"],
    ["rank", "-m", "topsis", "-f", "csv"],
    ["show", "d1"],
    ["show", "d1", "-f", "json"],
    ["compare", "d1", "d2", "-f", "json"],
    ["criteria", "-f", "csv"],
    ["profiles", "-f", "json"],
    ["sensitivity", "-f", "json", "--samples", "30"],
    ["sensitivity", "-f", "csv", "--samples", "30"],
    ["sensitivity", "--samples", "30"],
    ["validate"],
    ["init", "-"],
]


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


@pytest.mark.parametrize("command", PIPED, ids=[" ".join(c) for c in PIPED])
def test_closed_pipes_are_silent(tmp_path: Path, command: list[str]) -> None:
    path = big_dataset(tmp_path)
    args = [*command, str(path)] if command == ["validate"] else command
    if command[0] not in ("validate", "init"):
        args = [*args, "--data", str(path)]
    env = {k: v for k, v in os.environ.items() if k != "MLSOURCING_DATA"}
    result = subprocess.run(
        f"'{sys.executable}' -m mlsourcing {' '.join(args)} | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1


def test_interrupted_write_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlsourcing import files

    target = tmp_path / "data.toml"
    target.write_text("precious\n", encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_new(target, "replacement", force=True)
    assert target.read_text(encoding="utf-8") == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["data.toml"]


def test_init_writes_valid_datasets(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    result = cli("init", str(target))
    assert result.exit_code == 0
    assert "wrote" in result.stderr and result.stdout == ""
    assert dataset.load(target).destinations.keys() == dataset.load().destinations.keys()
    blank = tmp_path / "blank.toml"
    assert cli("init", str(blank), "--blank").exit_code == 0
    assert cli("validate", str(blank)).exit_code == 0
    assert blank.read_text(encoding="utf-8").startswith("# A starter mlsourcing dataset")
    assert cli("init", "-").stdout == dataset.bundled_path().read_text(encoding="utf-8")


def test_init_never_overwrites_without_force(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("my precious data\n", encoding="utf-8")
    result = cli("init", str(target))
    assert result.exit_code == 1
    assert (
        result.stderr == f"mlsourcing: error: {target}: already exists; use --force to replace it\n"
    )
    assert target.read_text(encoding="utf-8") == "my precious data\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.toml"]  # no temporary left
    assert cli("init", str(target), "--force", "--blank").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# A starter")


def test_init_failing_write_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("original\n", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(WriteError, match="No space left on device"):
        files.write_new(target, "new text", force=True)
    assert target.read_text(encoding="utf-8") == "original\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.toml"]


def test_init_into_missing_folder_or_directory(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", str(tmp_path / "no" / "such.toml"))
    assert result.exit_code == 1 and "does not exist" in result.stderr
    result = cli("init", str(tmp_path))
    assert result.exit_code == 1 and "is a directory" in result.stderr


def test_a_read_only_file_is_never_replaced(cli: Cli, tmp_path: Path) -> None:
    """The owner's chmod is their word: not with --force, not by weigh's edit."""
    mine = tmp_path / "mine.toml"
    assert cli("init", str(mine)).exit_code == 0
    before = mine.read_bytes()
    mine.chmod(0o444)
    read_only = f"mlsourcing: error: {mine}: is read-only, so it is not replaced; make it "
    weigh = ["weigh", "--order", "talent>big_tech>local_firms=community", "-d", str(mine)]
    for args in (
        [*weigh, "--save-profile", "cto"],
        [*weigh, "--save-profile", "cto", "--force"],
        ["init", str(mine), "--force"],
        ["rank", "-f", "csv", "-o", str(mine), "--force"],
    ):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert result.stderr == read_only + "writable (chmod u+w) if it should be\n", args
        assert mine.read_bytes() == before and stat.S_IMODE(mine.stat().st_mode) == 0o444
    mine.chmod(0o644)
    assert cli("rank", "-f", "csv", "-o", str(mine), "--force").exit_code == 0


@pytest.mark.parametrize(
    ("command", "heavy"),
    [
        (["sensitivity", "-f", "json"], "mlsourcing.analysis.robustness.sensitivity"),
        (["rank", "-f", "xlsx"], "mlsourcing.mcda.scoring.rank"),
        (["methods", "-f", "csv"], "mlsourcing.analysis.agreement.agreement"),
        (["report"], "mlsourcing.analysis.robustness.sensitivity"),
    ],
    ids=lambda x: x[0] if isinstance(x, list) else "",
)
def test_where_the_output_goes_is_checked_before_the_work(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], heavy: str
) -> None:
    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("computed before the output was checked")

    module, name = heavy.rsplit(".", 1)
    monkeypatch.setattr(importlib.import_module(module), name, never)
    there = tmp_path / "there.out"
    there.write_text("keep\n", encoding="utf-8")
    cases = {
        str(there): f"{there}: already exists; use --force to replace it",
        str(tmp_path / "no" / "such.out"): f"{tmp_path / 'no' / 'such.out'}: the folder "
        f"{tmp_path / 'no'} does not exist",
        str(tmp_path): f"{tmp_path}: is a directory, not a regular file; name a file to write",
        "/dev/full": "/dev/full: is a character device, not a regular file; name a file to write",
    }
    for target, message in cases.items():
        result = cli(*command, "-o", target)
        assert (result.exit_code, result.stderr) == (1, f"mlsourcing: error: {message}\n")
    assert there.read_text(encoding="utf-8") == "keep\n"
    needs = cli("rank", "-f", "xlsx")
    assert needs.exit_code == 2
    assert needs.stderr == "mlsourcing: error: --format xlsx writes a file: give -o FILE\n"
