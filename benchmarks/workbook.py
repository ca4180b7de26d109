"""Workbooks: `rank --format xlsx` against `rank --format csv` on the same file.

    python benchmarks/workbook.py [--destinations 10000] [--criteria 20] [--runs 3]

Target (issue 19): a workbook within 4x the CSV's time. openpyxl's write-only
mode writes the sheets row by row instead of holding every cell as an object.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _measure import interleaved, machine, mlsourcing
from generate import ensure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--destinations", type=int, default=10_000)
    parser.add_argument("--criteria", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.gettempdir()) / "mlsourcing-bench"
    folder.mkdir(exist_ok=True)
    data = str(ensure(args.destinations, args.criteria, folder))
    out = str(folder / "ranking.xlsx")
    print(f"machine: {machine()}; {args.destinations:,} x {args.criteria}, {args.runs} runs")
    result = interleaved(
        {
            "rank --format csv": mlsourcing("rank", "-d", data, "-f", "csv"),
            "rank --format xlsx -o FILE": mlsourcing(
                "rank", "-d", data, "-f", "xlsx", "-o", out, "--force"
            ),
        },
        args.runs,
    )
    for name, (seconds, peak) in result.items():
        print(f"  {name:28} {seconds:7.2f} s  {peak / 1024:7.1f} MiB")
    ratio = result["rank --format xlsx -o FILE"][0] / result["rank --format csv"][0]
    print(f"xlsx / csv: {ratio:.2f}x (target 4x)")


if __name__ == "__main__":
    main()
