"""Shared by the benchmarks: run whole processes, interleaved, and report medians.

Each command runs as its own process; its wall time is measured around it and
its peak memory (maximum resident set size) is read from the kernel when it
ends (os.wait4). Commands of one comparison run interleaved (a, b, a, b, ...)
so that a change in the machine's load hits them alike.
"""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

BIN = Path(sys.executable).parent
PYTHON = sys.executable


def mlsourcing(*args: str) -> list[str]:
    return [str(BIN / "mlsourcing"), *args]


def python(code: str) -> list[str]:
    return [PYTHON, "-c", code]


def run_once(cmd: Sequence[str]) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of one run; output discarded; fails loudly."""
    # PYTHONDONTWRITEBYTECODE would make every run compile our modules anew:
    # an installed package always has its .pyc files.
    drop = ("MLSOURCING_DATA", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    if proc.stderr:
        proc.stderr.close()
    return elapsed, usage.ru_maxrss


def interleaved(commands: Mapping[str, Sequence[str]], runs: int) -> dict[str, tuple[float, int]]:
    """Median seconds and median peak KiB per command, over ``runs`` interleaved rounds."""
    for cmd in commands.values():  # warm the file cache and the .pyc files
        run_once(cmd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[int]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            seconds, peak = run_once(cmd)
            times[name].append(seconds)
            peaks[name].append(peak)
    return {
        name: (statistics.median(times[name]), int(statistics.median(peaks[name])))
        for name in commands
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{datetime.date.today().isoformat()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"
