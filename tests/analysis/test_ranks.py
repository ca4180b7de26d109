"""Counting each destination's ranks over the draws: every way gives the dense answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mlsourcing.analysis import ranks, robustness
from mlsourcing.data import dataset
from mlsourcing.mcda import scoring

from conftest import crit, dataset_toml, many

Cli = Callable[..., Any]


Write = Callable[[str | bytes], Path]


TIED = dataset_toml(
    {"x": crit()},
    {
        "a": {"name": "A", "values": {"x": 5}},
        "b": {"name": "B", "values": {"x": 5}},
        "c": {"name": "C", "values": {"x": 1}},
    },
)


def dense_reference(ds: dataset.Dataset, samples: int, seed: int) -> dict[str, list[int]]:
    """Every destination's ranks over the draws, the straightforward way."""
    model = scoring.prepare(ds)
    w = scoring.effective_weights(ds)
    central = np.array([w[k] for k in ds.criteria])
    draws = robustness.draw_weights(central, samples, 0.5, np.random.default_rng(seed))
    ranks = robustness.batch_ranks(
        robustness.batch_scores(model, robustness.positions_matrix(model), draws)
    )
    return {slug: sorted(ranks[:, i].tolist()) for i, slug in enumerate(model.slugs)}


def test_sensitivity_top_keeps_ties_and_follows_only_those() -> None:
    ds = dataset.loads(TIED)
    sens = robustness.sensitivity(ds, samples=200, top=1)
    assert [r.slug for r in sens.results] == ["a", "b"] and sens.total == 3


@pytest.mark.parametrize("way", ["matrix", "table", "two passes"])
def test_every_way_of_counting_ranks_gives_the_dense_answer(
    write: Write, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    ds = dataset.load(write(many(40, criteria=4, missing_every=5)))
    reference = dense_reference(ds, 700, 3)
    monkeypatch.setattr(robustness, "CHUNK_CELLS", 997)  # many small chunks
    if way != "matrix":
        monkeypatch.setattr(ranks, "MATRIX_CELLS", 0)
    if way == "two passes":
        monkeypatch.setattr(ranks, "TABLE_CELLS", 0)
        monkeypatch.setattr(ranks, "BINS", 7)  # several ranks per bin
    full = robustness.sensitivity(ds, samples=700, seed=3, distribution=way != "two passes")
    followed = robustness.sensitivity(ds, samples=700, seed=3, top=3)  # counting, no sort
    for r in full.results:
        seen = reference[r.slug]
        at = [max(0, int(np.ceil(q * 700)) - 1) for q in (0.05, 0.5, 0.95)]
        assert (r.rank_p05, r.rank_median, r.rank_p95) == tuple(seen[a] for a in at)
        if way != "two passes":
            counts = {k: seen.count(k) / 700 for k in set(seen)}
            assert r.distribution == pytest.approx(counts)
    assert [
        (r.slug, r.rank_p05, r.rank_median, r.rank_p95, r.p_first) for r in followed.results
    ] == [(r.slug, r.rank_p05, r.rank_median, r.rank_p95, r.p_first) for r in full.results[:3]]


def test_draws_beyond_one_block_are_reproducible(write: Write) -> None:
    ds = dataset.load(write(many(5)))
    one = robustness.sensitivity(ds, samples=robustness.DRAW_BLOCK + 1234, seed=9)
    two = robustness.sensitivity(ds, samples=robustness.DRAW_BLOCK + 1234, seed=9)
    assert one == two
    assert sum(r.p_first for r in one.results) == pytest.approx(1.0)


def test_spread_minus_zero_and_a_single_draw(cli: Cli) -> None:
    out = " ".join(cli("sensitivity", "--spread", "-0", "--samples", "300").stdout.split())
    assert "±0%" in out and "±-0%" not in out
    one = " ".join(cli("sensitivity", "--samples", "1").stdout.split())
    assert "1 draw," in one and "1 draws" not in one
    assert "Too few draws to judge" in one and "Robust:" not in one
    doc = json.loads(cli("sensitivity", "--samples", "1", "-f", "json").stdout)
    assert doc["verdict"].startswith(
        "Too few draws to judge: Ukraine ranks first in 100% of 1 weight draw "
    )
