"""The report's charts (pygal): the heatmap's classes, runs and groups of ranks,
its axis labels, and SVG that carries no script, no date and no random id."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest

from mlsourcing.render import charts


def sensitivity(rows: dict[str, dict[int, float]]) -> Any:
    """What heatmap reads of a sensitivity analysis: each result's name and rank shares."""
    return SimpleNamespace(
        results=[SimpleNamespace(name=n, distribution=d) for n, d in rows.items()]
    )


@pytest.mark.parametrize(
    ("share", "expected"),
    [(0.0, 0), (1e-9, 1), (0.01, 1), (0.0100001, 2), (0.025, 2), (0.05, 3), (0.5, 7), (1.0, 8)],
)
def test_a_share_takes_the_first_class_it_does_not_pass(share: float, expected: int) -> None:
    assert charts.heat_class(share) == expected


def test_the_key_names_every_class() -> None:
    key = [k["share"] for k in charts.heat_scale()]
    assert key[:4] == ["0%", "up to 1%", "1% to 2.5%", "2.5% to 5%"]
    assert key[-1] == "60% to 100%" and len(key) == len(charts.HEAT)


def test_runs_of_one_class() -> None:
    assert charts._runs([0, 0, 1, 1, 1, 0, 2]) == [(0, 1, 2), (1, 3, 5), (0, 6, 6), (2, 7, 7)]
    assert charts._runs([]) == []


@pytest.mark.parametrize(
    ("ranks", "step"),
    [
        (1, 1),
        (15, 1),
        (16, 5),
        (47, 5),
        (80, 5),
        (81, 10),
        (161, 25),
        (401, 50),
        (801, 100),
        (1601, 250),
    ],
)
def test_at_most_sixteen_rank_labels(ranks: int, step: int) -> None:
    assert charts.rank_step(ranks) == step
    assert ranks // step <= 16 or step == 1


def test_a_small_heatmap_has_a_cell_per_run_and_the_figures_as_text() -> None:
    svg = charts.heatmap(sensitivity({"A": {1: 0.7, 2: 0.3}, "B": {1: 0.3, 2: 0.7}}), 30)
    labels = re.findall(r'<desc class="label">([^<]*)</desc>', svg)
    assert sorted(labels) == [
        "A: rank 1 in 60% to 100% of the draws",
        "A: rank 2 in 20% to 35% of the draws",
        "B: rank 1 in 20% to 35% of the draws",
        "B: rank 2 in 60% to 100% of the draws",
    ]
    assert svg.count('class="rect reactive') == 4  # a cell each


def test_past_a_hundred_ranks_a_cell_is_a_group_of_ranks() -> None:
    # 250 ranks: cells of 3 ranks; the first destination takes ranks 1-3 always
    # (1/3 each: the group's 100%), the second is spread thinly over 250
    thin = {k: 1 / 250 for k in range(1, 251)}
    svg = charts.heatmap(sensitivity({"A": {1: 1 / 3, 2: 1 / 3, 3: 1 / 3}, "B": thin}), 30)
    labels = re.findall(r'<desc class="label">([^<]*)</desc>', svg)
    assert "A: ranks 1 to 3, each 3 together in 60% to 100% of the draws" in labels
    assert "A: ranks 4 to 250, each 3 together in 0% of the draws" in labels
    # B: 3/250 = 1.2% a group of three, but the last group holds rank 250 alone (0.4%)
    assert "B: ranks 1 to 249, each 3 together in 1% to 2.5% of the draws" in labels
    assert "B: rank 250 in up to 1% of the draws" in labels
    ticks = re.findall(r'class="">(\d+)</text>', svg)
    assert ticks[:3] == ["1", "25", "50"] and ticks[-1] == "250"


def test_the_same_chart_twice_is_the_same_bytes_with_no_script_or_date() -> None:
    data = sensitivity({"A": {1: 0.5, 2: 0.5}, "B": {1: 0.5, 2: 0.5}})
    first, second = charts.heatmap(data, 30), charts.heatmap(data, 30)
    assert first == second
    assert "<script" not in first and "<!--" not in first
    assert first.startswith("<svg") and 'id="heatmap-svg"' in first
    assert "<title>How often each destination takes each rank</title>" in first
