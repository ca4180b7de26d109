"""Scale: rank and analyse a synthetic 10,000 x 20 dataset, against a bare TOML parse.

    python benchmarks/scale.py [--destinations 10000] [--criteria 20] [--runs 7]

Floor: `python -c "import tomli; tomli.load(open(PATH, 'rb'))"` on the same
file. Targets: `rank --format csv` within 1.5x of it; `sensitivity` with
1,000 samples as JSON within 3x, its peak memory within 3x the parse's.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _measure import interleaved, machine, mib, mlsourcing, python
from generate import ensure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--destinations", type=int, default=10_000)
    parser.add_argument("--criteria", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = ensure(args.destinations, args.criteria, Path(tmp))
        size = path.stat().st_size
        print(f"machine: {machine()}; median of {args.runs} interleaved runs")
        print(
            f"dataset: {args.destinations:,} destinations x {args.criteria} criteria, {size:,} bytes"
        )
        p = str(path)
        result = interleaved(
            {
                "floor: tomli.load": python(f"import tomli; tomli.load(open({p!r}, 'rb'))"),
                "rank --format csv": mlsourcing("rank", "--data", p, "--format", "csv"),
                "rank --format json": mlsourcing("rank", "--data", p, "--format", "json"),
                "rank --method topsis --format csv": mlsourcing(
                    "rank", "--data", p, "--format", "csv", "--method", "topsis"
                ),
                "sensitivity --samples 1000 --format csv": mlsourcing(
                    "sensitivity", "--data", p, "--samples", "1000", "--format", "csv"
                ),
                "sensitivity --samples 1000 --format json": mlsourcing(
                    "sensitivity", "--data", p, "--samples", "1000", "--format", "json"
                ),
                # every draw of the values is normalised afresh (numpy, for wsm)
                "sensitivity --vary both --samples 1000": mlsourcing(
                    "sensitivity",
                    "--data",
                    p,
                    "--samples",
                    "1000",
                    "--format",
                    "csv",
                    "--vary",
                    "both",
                    "--value-spread",
                    "0.1",
                ),
                "methods --format csv": mlsourcing("methods", "--data", p, "--format", "csv"),
            },
            args.runs,
        )
    floor_s, floor_kib = result["floor: tomli.load"]
    targets = {"rank --format csv": 1.5, "sensitivity --samples 1000 --format json": 3.0}
    for name, (seconds, peak) in result.items():
        ratio = seconds / floor_s
        target = f" (target {targets[name]:.1f}x)" if name in targets else ""
        print(
            f"  {name:40} {seconds:6.2f} s  {ratio:4.2f}x{target:15}  peak {mib(peak):>8} "
            f"({peak / floor_kib:.1f}x the parse's)"
        )
    csv_s, csv_kib = result["rank --format csv"]
    json_s, json_kib = result["rank --format json"]
    print(
        f"rank json / csv: {json_s / csv_s:.2f}x the time (target 1.3x), "
        f"{json_kib / csv_kib:.2f}x the peak memory"
    )


if __name__ == "__main__":
    main()
