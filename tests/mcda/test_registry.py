"""The method registry is the one place a method is known: a sixth method, registered
here, is ranked by ``rank``, listed by ``methods`` and taken by ``--method``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from mlsourcing.data import dataset
from mlsourcing.errors import InputError
from mlsourcing.mcda import methods, scoring
from mlsourcing.mcda.methods import Gaps, Mask, Rows, ScoringMethod, wsm
from mlsourcing.vocab import Method

from conftest import crit, dataset_toml

Cli = Callable[..., Any]
Floats = npt.NDArray[np.float64]

# Wald's maximin: a destination is as good as its worst weighted criterion.
#   x (benefit, 0..10): a=10, b=5, c=0 -> 1, 0.5, 0
#   y (benefit, 0..10): a=2,  b=6, c=10 -> 0.2, 0.6, 1
# maximin = 100 * min over weighted criteria: a 20, b 50, c 0
DATA = dataset_toml(
    {"x": crit(min=0, max=10), "y": crit(min=0, max=10)},
    {
        "a": {"name": "A", "values": {"x": 10, "y": 2}},
        "b": {"name": "B", "values": {"x": 5, "y": 6}},
        "c": {"name": "C", "values": {"x": 0, "y": 10}},
    },
)


def maximin_scores(
    w: Mapping[str, float], keys: Sequence[str], rows: Rows, gaps: Gaps, present: Mask
) -> list[float]:
    return [100 * min(n for k, n in zip(keys, row, strict=True) if w[k] > 0) for row in rows]


def maximin_batch(
    positions: Floats, weights: Floats, gaps: Floats | None, mask: Floats | None
) -> Floats:
    counted = np.where(weights[:, None, :] > 0, positions[None, :, :], np.inf)
    result: Floats = 100.0 * counted.min(axis=2)
    return result


MAXIMIN = ScoringMethod(
    name=Method("maximin"),
    title="maximin",
    short="MAXIMIN",
    gist="the worst weighted criterion",
    position_text="normalised value: 0 at the criterion's worst bound, 1 at its best",
    linear=False,
    normalise=wsm.normalise,
    scores=maximin_scores,
    normalise_draw=wsm.normalise_draw,
    batch_scores=maximin_batch,
)


@pytest.fixture
def maximin(monkeypatch: pytest.MonkeyPatch) -> ScoringMethod:
    monkeypatch.setitem(methods.REGISTRY, "maximin", MAXIMIN)
    return MAXIMIN


def test_a_registered_method_is_ranked_by_rank(
    maximin: ScoringMethod, cli: Cli, write: Any
) -> None:
    path = str(write(DATA))
    result = cli("rank", "-d", path, "--method", "maximin", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["slug"], r["rank"], r["score"]) for r in rows] == [
        ("b", "1", "50"),
        ("a", "2", "20"),
        ("c", "3", "0"),
    ]
    table = cli("rank", "-d", path, "-m", "maximin", env={"COLUMNS": "100"})
    assert table.exit_code == 0 and "maximin" in table.stdout


def test_a_registered_method_is_listed_and_compared_by_methods(
    maximin: ScoringMethod, cli: Cli, write: Any
) -> None:
    result = cli("methods", "-d", str(write(DATA)), "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    # C's x of 0 leaves the weighted product out, with why; the sixth method is in
    assert doc["methods"] == ["wsm", "topsis", "vikor", "promethee", "maximin"]
    assert [s["method"] for s in doc["skipped"]] == ["wpm"]
    ranks = {r["slug"]: r["ranks"]["maximin"] for r in doc["results"]}
    scores = {r["slug"]: r["scores"]["maximin"] for r in doc["results"]}
    assert (ranks, scores) == ({"b": 1, "a": 2, "c": 3}, {"b": 50, "a": 20, "c": 0})
    table = cli("methods", "-d", str(write(DATA)), env={"COLUMNS": "120"})
    assert table.exit_code == 0 and "MAXIMIN" in table.stdout


def test_a_registered_method_is_drawn_by_sensitivity(
    maximin: ScoringMethod, cli: Cli, write: Any
) -> None:
    result = cli("sensitivity", "-d", str(write(DATA)), "-m", "maximin", "-s", "50", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    # every weight draw keeps both criteria weighted, so B's worst (0.5) stays the best
    assert doc["results"][0]["slug"] == "b" and doc["results"][0]["p_first"] == 1


def test_the_library_and_the_cli_refuse_a_method_nobody_registered(cli: Cli) -> None:
    ds = dataset.loads(DATA)
    with pytest.raises(InputError, match="unknown method 'maximin'"):
        scoring.rank(ds, method="maximin")
    result = cli("rank", "-m", "maximin")
    assert result.exit_code == 2
    assert "'maximin' is not one of 'wsm', 'topsis', 'wpm', 'vikor', 'promethee'" in result.stderr


def test_every_method_says_what_the_rest_of_the_code_asks() -> None:
    assert methods.names() == ("wsm", "topsis", "wpm", "vikor", "promethee")
    assert [m for m in methods.names() if methods.is_linear(m)] == ["wsm", "promethee"]
    for name in methods.names():
        method = methods.get(name)
        assert method.name == name and method.title and method.short and method.gist
        assert Path(method.scores.__code__.co_filename).parent.name == "methods"
