"""Tables against CSV: the same command's terminal table and its CSV, by size.

    python benchmarks/tables.py [--sizes 200,2000,20000] [--criteria 8] [--runs 5]

Output goes to a pipe, as a table does when it is saved or paged; the table is
laid out at 100 columns. Target: every table within 1.3x the same command's
CSV time (with --all, every row; by default a table of more than 100
destinations shows the top 50). Sensitivity uses 1,000 draws.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from _measure import interleaved, machine, mib, mlsourcing
from generate import ensure

TARGET = 1.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000,20000")
    parser.add_argument("--criteria", type=int, default=8)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ["COLUMNS"] = "100"
    print(f"machine: {machine()}; median of {args.runs} interleaved runs")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            p = str(ensure(n, args.criteria, Path(tmp)))
            commands = {
                "rank --format csv": mlsourcing("rank", "-d", p, "-f", "csv"),
                "rank (table)": mlsourcing("rank", "-d", p),
                "rank --all (table)": mlsourcing("rank", "-d", p, "--all"),
                "sensitivity --format csv": mlsourcing(
                    "sensitivity", "-d", p, "-f", "csv", "--samples", "1000"
                ),
                "sensitivity (table)": mlsourcing("sensitivity", "-d", p, "--samples", "1000"),
                "sensitivity --all (table)": mlsourcing(
                    "sensitivity", "-d", p, "--all", "--samples", "1000"
                ),
            }
            result = interleaved(commands, args.runs)
            print(f"{n:,} destinations x {args.criteria} criteria:")
            for name, (seconds, peak) in result.items():
                base = result[name.split(" ")[0] + " --format csv"][0]
                ratio = seconds / base
                if "table" in name:
                    worst = max(worst, ratio)
                note = f"{ratio:5.2f}x the CSV" if "table" in name else ""
                print(f"  {name:28} {seconds:6.2f} s  {mib(peak):>8}  {note}")
    print(f"worst table / CSV: {worst:.2f}x (target {TARGET:.1f}x)")


if __name__ == "__main__":
    main()
