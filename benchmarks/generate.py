"""Write a synthetic mlsourcing dataset: N destinations x C criteria, fixed seed.

    python benchmarks/generate.py 10000 20 /tmp/synthetic.toml

Criteria alternate benefit/cost; every third has fixed bounds 0..1000; about
5 % of values are missing. The same arguments always give the same file.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path


def generate(destinations: int, criteria: int, seed: int = 12345) -> str:
    rng = random.Random(seed)
    lines = ['title = "Synthetic benchmark dataset"', ""]
    for j in range(criteria):
        lines += [
            f"[criteria.c{j}]",
            f'label = "Criterion {j}"',
            f'direction = "{"benefit" if j % 2 == 0 else "cost"}"',
            f"weight = {rng.randint(1, 5)}",
        ]
        if j % 3 == 0:
            lines += ["min = 0", "max = 1000"]
        lines.append("")
    lines += ["[profiles.even]", 'description = "All criteria equal"', "weights = { c0 = 1 }", ""]
    for i in range(destinations):
        values = ", ".join(
            f"c{j} = {round(rng.uniform(0, 1000), 2)}"
            for j in range(criteria)
            if rng.random() >= 0.05
        )
        lines += [
            f"[destinations.d{i}]",
            f'name = "Destination {i}"',
            f"values = {{ {values} }}",
            "",
        ]
    return "\n".join(lines)


def ensure(destinations: int, criteria: int, folder: Path) -> Path:
    """The generated file for these sizes, written once into ``folder``."""
    path = folder / f"synthetic-{destinations}x{criteria}.toml"
    if not path.exists():
        path.write_text(generate(destinations, criteria), encoding="utf-8")
    return path


if __name__ == "__main__":
    n, c, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    out.write_text(generate(n, c), encoding="utf-8")
    print(f"wrote {out}: {n} destinations x {c} criteria, {out.stat().st_size:,} bytes")
