"""Portfolios: `portfolio --size 3` against `sensitivity` at the same draws.

    python benchmarks/portfolio.py [--samples 2000] [--runs 5]

Target (issue 21): within 3x of sensitivity on the open dataset at 2,000 draws:
the draws' scores are computed once and the combinations counted in numpy.
"""

from __future__ import annotations

import argparse

from _measure import interleaved, machine, mlsourcing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    s = str(args.samples)
    print(f"machine: {machine()}; open dataset, {args.samples:,} draws, {args.runs} runs")
    result = interleaved(
        {
            "sensitivity": mlsourcing("sensitivity", "--data", "open", "-s", s, "-f", "json"),
            "portfolio --size 3": mlsourcing(
                "portfolio", "--data", "open", "--size", "3", "-s", s, "-f", "json"
            ),
        },
        args.runs,
    )
    for name, (seconds, peak) in result.items():
        print(f"  {name:22} {seconds:6.2f} s  {peak / 1024:6.1f} MiB")
    ratio = result["portfolio --size 3"][0] / result["sensitivity"][0]
    print(f"portfolio / sensitivity: {ratio:.2f}x (target 3x)")


if __name__ == "__main__":
    main()
