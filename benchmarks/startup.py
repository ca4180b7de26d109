"""Start-up: how long a small command takes, against what Python needs to import.

    python benchmarks/startup.py [--runs 21]

Floors: `python -c "import typer, tomli, pydantic_core"` (the third-party
imports a CSV run really makes) for the CSV run, and the same plus `import
rich.console, rich.table` for the table run. Targets: within 1.3x of each.
"""

from __future__ import annotations

import argparse

from _measure import interleaved, machine, mlsourcing, python

FLOOR = "import typer, tomli, pydantic_core"
TABLE_FLOOR = FLOOR + "; import rich.console, rich.table"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    print(f"machine: {machine()}; median of {args.runs} interleaved runs")
    result = interleaved(
        {
            "floor (typer, tomli, pydantic_core)": python(FLOOR),
            "mlsourcing rank --format csv": mlsourcing("rank", "--format", "csv"),
            "floor + rich.console, rich.table": python(TABLE_FLOOR),
            "mlsourcing rank (table)": mlsourcing("rank"),
            "python -c pass": python("pass"),
            "mlsourcing --help": mlsourcing("--help"),
        },
        args.runs,
    )
    for name, (seconds, peak) in result.items():
        print(f"  {name:36} {seconds * 1000:7.1f} ms  {peak / 1024:6.1f} MiB")
    csv_ratio = (
        result["mlsourcing rank --format csv"][0] / result["floor (typer, tomli, pydantic_core)"][0]
    )
    table_ratio = (
        result["mlsourcing rank (table)"][0] / result["floor + rich.console, rich.table"][0]
    )
    print(f"rank --format csv / floor:        {csv_ratio:.2f}x (target 1.30x)")
    print(f"rank (table) / floor with Rich:   {table_ratio:.2f}x (target 1.30x)")


if __name__ == "__main__":
    main()
