"""Scale: rank and analyse a synthetic 10,000 x 20 dataset, against a bare TOML parse.

    python benchmarks/scale.py [--destinations 10000] [--criteria 20] [--runs 7] [--quick]

Floor: `python -c "import tomli; tomli.load(open(PATH, 'rb'))"` on the same
file. Targets: `rank --format csv` within 1.5x of it; `rank --format json`
within 1.3x the CSV; `sensitivity` with 1,000 samples as JSON within 3x, its
peak memory within 3x the parse's; `--distribution` within 3x that and 600
MiB; `--vary both` within 5x the parse. ``--quick``: the parse and `rank`
only (for 100,000 destinations).
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
    parser.add_argument("--quick", action="store_true", help="the parse and rank only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = ensure(args.destinations, args.criteria, Path(tmp))
        size = path.stat().st_size
        print(f"machine: {machine()}; median of {args.runs} interleaved runs")
        print(
            f"dataset: {args.destinations:,} destinations x {args.criteria} criteria, {size:,} bytes"
        )
        p = str(path)
        commands = {
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
            "sensitivity --distribution --format json": mlsourcing(
                "sensitivity",
                "--data",
                p,
                "--samples",
                "1000",
                "--format",
                "json",
                "--distribution",
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
        }
        if args.quick:
            quick = ("floor: tomli.load", "rank --format csv", "rank --format json")
            commands = {name: commands[name] for name in quick}
        result = interleaved(commands, args.runs)
    floor_s, floor_kib = result["floor: tomli.load"]
    targets = {
        "rank --format csv": 1.5,
        "sensitivity --samples 1000 --format json": 3.0,
        "sensitivity --vary both --samples 1000": 5.0,
    }
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
    if "sensitivity --distribution --format json" in result:
        plain_s, _ = result["sensitivity --samples 1000 --format json"]
        dist_s, dist_kib = result["sensitivity --distribution --format json"]
        print(
            f"--distribution / plain sensitivity json: {dist_s / plain_s:.2f}x the time "
            f"(target 3x), peak {mib(dist_kib)} (target 600 MiB)"
        )


if __name__ == "__main__":
    main()
