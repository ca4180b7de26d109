"""Growth: time and peak memory from 100 to 100,000 destinations (20 criteria).

    python benchmarks/growth.py [--sizes 100,1000,10000,100000] [--runs 3]

For each size: the bare TOML parse, `rank --format csv`, and `sensitivity`
with 1,000 samples (up to 10,000 destinations; at 100,000 its rank matrix
alone is 400 MB). Per 1,000 destinations the figures should stay flat.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _measure import interleaved, machine, mlsourcing, python
from generate import ensure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000,100000")
    parser.add_argument("--criteria", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {machine()}; median of {args.runs} interleaved runs; {args.criteria} criteria")
    print(
        f"  {'destinations':>12} | {'parse s':>8} {'MiB':>5} | {'rank s':>7} {'MiB':>5} "
        f"{'ms/1k':>6} | {'sens s':>7} {'MiB':>5} {'ms/1k':>6}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            p = str(ensure(n, args.criteria, Path(tmp)))
            commands = {
                "parse": python(f"import tomli; tomli.load(open({p!r}, 'rb'))"),
                "rank": mlsourcing("rank", "--data", p, "--format", "csv"),
            }
            if n <= 10_000:
                commands["sens"] = mlsourcing(
                    "sensitivity", "--data", p, "--samples", "1000", "--format", "csv"
                )
            r = interleaved(commands, args.runs)
            line = (
                f"  {n:>12,} | {r['parse'][0]:8.3f} {r['parse'][1] / 1024:5.0f} | "
                f"{r['rank'][0]:7.3f} {r['rank'][1] / 1024:5.0f} {r['rank'][0] / n * 1e6:6.1f}"
            )
            if "sens" in r:
                line += f" | {r['sens'][0]:7.3f} {r['sens'][1] / 1024:5.0f} {r['sens'][0] / n * 1e6:6.1f}"
            print(line)


if __name__ == "__main__":
    main()
