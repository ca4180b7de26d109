"""Portfolios: `portfolio --size 3` against `sensitivity` at the same draws.

    python benchmarks/portfolio.py [--samples 2000] [--runs 5] [--destinations N]

Target (issue 21): within 3x of sensitivity on the open dataset at 2,000 draws:
the draws' scores are computed once and the combinations counted in numpy.
``--destinations N``: a synthetic dataset of N destinations x 20 criteria instead
(benchmarks/generate.py), where finding which members are alike is the cost.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _measure import interleaved, machine, mlsourcing
from generate import ensure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--destinations", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = "open"
        if args.destinations:
            data = str(ensure(args.destinations, 20, Path(tmp)))
        _measure(data, args.samples, args.runs)


def _measure(data: str, samples: int, runs: int) -> None:
    s = str(samples)
    shown = "open dataset" if data == "open" else Path(data).name
    print(f"machine: {machine()}; {shown}, {samples:,} draws, {runs} runs")
    result = interleaved(
        {
            "sensitivity": mlsourcing("sensitivity", "--data", data, "-s", s, "-f", "json"),
            "portfolio --size 3": mlsourcing(
                "portfolio", "--data", data, "--size", "3", "-s", s, "-f", "json"
            ),
        },
        runs,
    )
    for name, (seconds, peak) in result.items():
        print(f"  {name:22} {seconds:6.2f} s  {peak / 1024:6.1f} MiB")
    ratio = result["portfolio --size 3"][0] / result["sensitivity"][0]
    print(f"portfolio / sensitivity: {ratio:.2f}x (target 3x)")


if __name__ == "__main__":
    main()
