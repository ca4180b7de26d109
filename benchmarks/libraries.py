"""Side by side: mlsourcing against scikit-criteria and pymcdm, same data, same methods.

    pip install scikit-criteria pymcdm     # into the same environment
    python benchmarks/libraries.py [--destinations 1000] [--criteria 20] [--runs 7]

Each tool ranks the same complete synthetic dataset (no missing values, no
fixed bounds, so every tool's min-max and vector normalisation apply as is)
with every method both offer (scikit-criteria: the weighted sum and TOPSIS;
pymcdm: those two and the weighted product, VIKOR (v = 0.5) and PROMETHEE II
with the usual preference function), as a whole process that reads the TOML
file and prints the scores. The scores are compared on mlsourcing's 0-100
scale (see THEIRS_TO_OURS; the weighted product up to a common factor), and
the rankings, then time and peak memory. A tool that is not installed is
skipped.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import os
import subprocess
import tempfile
from pathlib import Path

from _measure import interleaved, machine, mib, mlsourcing, python

LOAD = """
import json, sys, tomli
doc = tomli.load(open(sys.argv[1], 'rb'))
keys = list(doc['criteria'])
rows = [[d['values'][k] for k in keys] for d in doc['destinations'].values()]
weights = [doc['criteria'][k].get('weight', 1) for k in keys]
benefit = [doc['criteria'][k]['direction'] == 'benefit' for k in keys]
"""

TOOLS = {
    ("pymcdm", "wsm"): LOAD
    + """
import numpy as np
from pymcdm.methods import WSM
from pymcdm.normalizations import minmax_normalization
w = np.array(weights, float) / sum(weights)
types = np.array([1 if b else -1 for b in benefit])
print(json.dumps(list(WSM(minmax_normalization)(np.array(rows, float), w, types))))
""",
    ("pymcdm", "topsis"): LOAD
    + """
import numpy as np
from pymcdm.methods import TOPSIS
from pymcdm.normalizations import vector_normalization
w = np.array(weights, float) / sum(weights)
types = np.array([1 if b else -1 for b in benefit])
print(json.dumps(list(TOPSIS(vector_normalization)(np.array(rows, float), w, types))))
""",
    ("pymcdm", "wpm"): LOAD
    + """
import numpy as np
from pymcdm.methods import WPM
w = np.array(weights, float) / sum(weights)
types = np.array([1 if b else -1 for b in benefit])
print(json.dumps(list(WPM()(np.array(rows, float), w, types))))
""",
    ("pymcdm", "vikor"): LOAD
    + """
import numpy as np
from pymcdm.methods import VIKOR
w = np.array(weights, float) / sum(weights)
types = np.array([1 if b else -1 for b in benefit])
print(json.dumps(list(VIKOR(v=0.5)(np.array(rows, float), w, types))))
""",
    ("pymcdm", "promethee"): LOAD
    + """
import numpy as np
from pymcdm.methods import PROMETHEE_II
w = np.array(weights, float) / sum(weights)
types = np.array([1 if b else -1 for b in benefit])
print(json.dumps(list(PROMETHEE_II('usual')(np.array(rows, float), w, types))))
""",
    ("skcriteria", "wsm"): LOAD
    + """
import warnings; warnings.simplefilter('ignore')
import skcriteria as skc
from skcriteria.pipeline import mkpipe
from skcriteria.preprocessing.invert_objectives import NegateMinimize
from skcriteria.preprocessing.scalers import MinMaxScaler, SumScaler
from skcriteria.agg.simple import WeightedSumModel
dm = skc.mkdm(rows, [max if b else min for b in benefit], weights=weights)
pipe = mkpipe(NegateMinimize(), MinMaxScaler(target='matrix'), SumScaler(target='weights'), WeightedSumModel())
print(json.dumps(list(pipe.evaluate(dm).e_.score)))
""",
    ("skcriteria", "topsis"): LOAD
    + """
import warnings; warnings.simplefilter('ignore')
import skcriteria as skc
from skcriteria.pipeline import mkpipe
from skcriteria.preprocessing.scalers import VectorScaler, SumScaler
from skcriteria.agg.topsis import TOPSIS
dm = skc.mkdm(rows, [max if b else min for b in benefit], weights=weights)
pipe = mkpipe(VectorScaler(target='matrix'), SumScaler(target='weights'), TOPSIS())
print(json.dumps(list(pipe.evaluate(dm).e_.similarity)))
""",
}
# pymcdm again, given the matrix ready as a .npy file (and the weights and
# directions as JSON): its floor, without reading the TOML at all.
NPY_LOAD = """
import json, sys
import numpy as np
rows = np.load(sys.argv[1])
meta = json.load(open(sys.argv[2]))
weights, benefit = meta['weights'], meta['benefit']
"""
TOOLS.update(
    {
        ("pymcdm-npy", m): NPY_LOAD + TOOLS[("pymcdm", m)].removeprefix(LOAD)
        for m in ("wsm", "topsis", "wpm", "vikor", "promethee")
    }
)
PAIRWISE_UP_TO = 5_000  # destinations: pymcdm's PROMETHEE II holds n x n matrices
MODULES = {"pymcdm": "pymcdm", "pymcdm-npy": "pymcdm", "skcriteria": "skcriteria"}
# mlsourcing's targets against pymcdm (issue 22): at least this many times faster
TARGETS = {"pymcdm-npy": (1_000, 5.0), "pymcdm": (10_000, 2.0)}
METHODS = ("wsm", "topsis", "wpm", "vikor", "promethee")
# Their preference values on mlsourcing's 0-100, higher-is-better scale.
THEIRS_TO_OURS = {
    "wsm": lambda x: 100 * x,
    "topsis": lambda x: 100 * x,
    "wpm": lambda x: x,  # a product: compared as a ratio, which must be the same for all
    "vikor": lambda x: 100 * (1 - x),  # Q, lower is better
    "promethee": lambda x: 100 * (x + 1) / 2,  # net flow on [-1, 1]
}


def write_dataset(path: Path, destinations: int, criteria: int) -> None:
    import random

    rng = random.Random(7)
    lines = []
    for j in range(criteria):
        direction = "benefit" if j % 2 == 0 else "cost"
        lines += [f"[criteria.c{j}]", f'label = "C{j}"', f'direction = "{direction}"']
        lines += [f"weight = {rng.randint(1, 5)}", ""]
    for i in range(destinations):
        values = ", ".join(f"c{j} = {rng.uniform(1, 1000):.3f}" for j in range(criteria))
        lines += [f"[destinations.d{i}]", f'name = "D{i}"', f"values = {{ {values} }}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_npy(path: Path, folder: Path) -> tuple[Path, Path]:
    """The dataset's matrix as .npy, and its weights and directions as JSON."""
    import numpy as np
    import tomli

    doc = tomli.loads(path.read_text(encoding="utf-8"))
    keys = list(doc["criteria"])
    matrix = np.array([[d["values"][k] for k in keys] for d in doc["destinations"].values()])
    np.save(folder / "matrix.npy", matrix)
    meta = {
        "weights": [doc["criteria"][k].get("weight", 1) for k in keys],
        "benefit": [doc["criteria"][k]["direction"] == "benefit" for k in keys],
    }
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder / "matrix.npy", folder / "meta.json"


def our_scores(path: Path, method: str) -> list[float]:
    out = subprocess.run(
        mlsourcing("rank", "--data", str(path), "--format", "json", "--method", method),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    doc = json.loads(out)
    by_slug = {r["slug"]: r["score"] for r in doc["results"]}
    return [by_slug[f"d{i}"] for i in range(len(by_slug))]


def _order(scores: list[float]) -> list[int]:
    """Indexes, best first."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--destinations", type=int, default=1000)
    parser.add_argument("--criteria", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    installed = {t for t, m in MODULES.items() if importlib.util.find_spec(m) is not None}
    print(f"machine: {machine()}; median of {args.runs} interleaved runs")
    print(f"dataset: {args.destinations:,} destinations x {args.criteria} criteria, complete")
    if not installed:
        print("neither scikit-criteria nor pymcdm is installed: nothing to compare")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.toml"
        write_dataset(path, args.destinations, args.criteria)
        npy, meta = write_npy(path, Path(tmp))
        for method in METHODS:
            ours = our_scores(path, method)
            commands = {
                "mlsourcing": mlsourcing(
                    "rank", "--data", str(path), "--format", "csv", "--method", method
                )
            }
            for tool in sorted(t for t in installed if (t, method) in TOOLS):
                if method == "promethee" and args.destinations > PAIRWISE_UP_TO:
                    print(
                        f"promethee: {tool} skipped: its n x n preference matrices "
                        f"need about 16 GB at 10,000 destinations"
                    )
                    continue
                script = Path(tmp) / f"{tool}_{method}.py"
                script.write_text(TOOLS[(tool, method)], encoding="utf-8")
                inputs = [str(npy), str(meta)] if tool.endswith("-npy") else [str(path)]
                run = [python("")[0], str(script), *inputs]
                theirs = [
                    THEIRS_TO_OURS[method](x)
                    for x in json.loads(
                        subprocess.run(run, capture_output=True, text=True, check=True).stdout
                    )
                ]
                if method == "wpm":
                    ratios = [o / t for o, t in zip(ours, theirs, strict=True)]
                    worst = (max(ratios) - min(ratios)) / max(ratios)
                    what = "relative spread of the score ratios"
                else:
                    worst = max(abs(t - o) for t, o in zip(theirs, ours, strict=True))
                    what = "largest score difference"
                # their order, read in our scores: never rising (beyond our rounding)
                along = [ours[i] for i in _order(theirs)]
                same = all(a >= b - 1e-8 for a, b in itertools.pairwise(along))
                print(
                    f"{method}: {tool} vs mlsourcing: {what} {worst:.2e}; "
                    f"rankings {'the same' if same else 'DIFFER'} (ties within 1e-8 aside)"
                )
                commands[tool] = run
            result = interleaved(commands, args.runs)
            base_s, base_kib = result["mlsourcing"]
            for name, (seconds, peak) in result.items():
                size, target = TARGETS.get(name, (0, 0.0))
                goal = (
                    f" (target {target:.0f}x at {size:,})"
                    if target and args.destinations == size and method in ("wsm", "topsis", "vikor")
                    else ""
                )
                print(
                    f"  {method:9} {name:12} {seconds:6.3f} s  {mib(peak):>8}   "
                    f"x{seconds / base_s:4.2f} time, x{peak / base_kib:4.2f} memory of "
                    f"mlsourcing{goal}"
                )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
