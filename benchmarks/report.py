"""The HTML report of a synthetic dataset, against `rank --format csv` of the same file.

    python benchmarks/report.py [--destinations 1000] [--criteria 20] [--runs 7]

Target (issue 22): `report -o FILE` within 5x `rank --format csv` at 1,000 x 20.
The report draws three charts (pygal), runs the sensitivity analysis (1,000
draws) and ranks under every method; it also prints the page's size.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _measure import interleaved, machine, mib, mlsourcing
from generate import ensure

TARGET = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--destinations", type=int, default=1_000)
    parser.add_argument("--criteria", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = ensure(args.destinations, args.criteria, Path(tmp))
        page = Path(tmp) / "report.html"
        print(f"machine: {machine()}; median of {args.runs} interleaved runs")
        print(f"dataset: {args.destinations:,} destinations x {args.criteria} criteria")
        p = str(path)
        commands = {
            "rank --format csv": mlsourcing("rank", "--data", p, "--format", "csv"),
            "report -o FILE": mlsourcing("report", "--data", p, "-o", str(page), "--force"),
        }
        result = interleaved(commands, args.runs)
        size = page.stat().st_size
    base_s, _ = result["rank --format csv"]
    for name, (seconds, peak) in result.items():
        print(f"  {name:20} {seconds:6.3f} s  {seconds / base_s:5.2f}x  peak {mib(peak):>8}")
    seconds, _ = result["report -o FILE"]
    print(
        f"report / rank csv: {seconds / base_s:.2f}x the time (target {TARGET:.0f}x); "
        f"the page {size / 1024:,.0f} KiB"
    )


if __name__ == "__main__":
    main()
