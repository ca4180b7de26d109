"""Values drawn within their uncertainty: sensitivity --vary values|both and --value-spread."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mlsourcing.analysis import robustness
from mlsourcing.analysis.values import ValueDraws
from mlsourcing.data import dataset
from mlsourcing.errors import InputError
from mlsourcing.vocab import Method, Missing

from conftest import crit, dataset_toml, screen_words

Cli = Callable[..., Any]


Write = Callable[[str], Path]


COIN = dataset_toml(
    {"x": crit(min=0, max=10)},
    {
        "a": {"name": "A", "values": {"x": {"low": 0, "high": 10}}},
        "b": {"name": "B", "values": {"x": 6}},
    },
)


def test_varying_values_gives_the_chance_of_each_winner() -> None:
    """A is uniform on [0, 10] against B's 6: A wins in 40 % of the draws."""
    ds = dataset.loads(COIN)
    sens = robustness.sensitivity(ds, samples=20_000, vary="values", seed=3)
    shares = {r.slug: r.p_first for r in sens.results}
    assert shares["a"] == pytest.approx(0.4, abs=0.015)
    assert shares["a"] + shares["b"] == pytest.approx(1.0)
    # at the point estimates (A 5) B leads; varying only the weights changes nothing
    assert sens.results[0].slug == "b"
    assert robustness.sensitivity(ds, samples=500).results[0].p_first == 1.0


def test_value_spread_moves_every_value_within_its_bounds() -> None:
    ds = dataset.loads(
        dataset_toml(
            {"x": crit(min=1, max=5)},
            {"a": {"name": "A", "values": {"x": 5}}, "b": {"name": "B", "values": {"x": 1}}},
        )
    )
    draws = ValueDraws(ds, Method.wsm, Missing.worst, 0.5)
    rng = np.random.default_rng(0)
    seen = np.array([draws.draw(rng) for _ in range(2000)])
    assert seen.min() >= 1 and seen.max() <= 5
    assert seen[:, 0, 0].min() == pytest.approx(2.5, abs=0.01)  # 5 x (1 - 0.5)
    assert seen[:, 1, 0].max() == pytest.approx(1.5, abs=0.01)  # 1 x (1 + 0.5)


def test_vary_in_the_cli_same_seed_same_bytes(cli: Cli, write: Write) -> None:
    path = str(write(COIN))
    args = ("sensitivity", "--data", path, "--vary", "both", "--value-spread", "0.1", "-f", "json")
    first, again = cli(*args).stdout, cli(*args).stdout
    assert first == again
    doc = json.loads(first)
    assert (doc["vary"], doc["value_spread"]) == ("both", 0.1)
    assert doc["verdict"].endswith(
        "of 1,000 draws of weights and values (each weight varied by up to ±50%; values drawn "
        "within their ranges, the others by up to ±10%); also first: A 41.3%."
    )
    other = cli(*args[:-2], "--seed", "7", "-f", "json").stdout
    assert other != first
    assert "values drawn within their ranges; weights fixed" in screen_words(
        cli, "sensitivity", "--data", path, "--vary", "values"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--value-spread", "0.1"), "--value-spread: goes with --vary values or --vary both"),
        (
            ("--vary", "both", "--value-spread", "1"),
            "--value-spread: must be at least 0 and below 1",
        ),
        (("--vary", "everything"), "'everything' is not one of 'weights', 'values', 'both'"),
    ],
)
def test_vary_mistakes_are_one_line_errors(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli("sensitivity", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_the_library_names_a_mistyped_kind_of_draw() -> None:
    with pytest.raises(InputError) as info:
        robustness.sensitivity(dataset.loads(COIN), vary="valeus")
    assert (info.value.subject, info.value.message) == (
        "vary",
        "unknown kind of draw 'valeus'; did you mean 'values'?",
    )


def test_varying_values_needs_a_range_or_a_spread(cli: Cli, tmp_path: Path) -> None:
    plain = tmp_path / "plain.toml"
    plain.write_text(
        '[criteria.a]\nlabel = "A"\ndirection = "benefit"\n'
        '[destinations.x]\nname = "X"\nvalues = { a = 1 }\n'
        '[destinations.y]\nname = "Y"\nvalues = { a = 2 }\n',
        encoding="utf-8",
    )
    result = cli("sensitivity", "--vary", "values", "--data", str(plain))
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlsourcing: error: --vary: values: no value of {plain} is a range; "
        "give --value-spread X to vary every value by up to +/-100 x X %\n"
    )


def test_draws_on_two_threads_are_the_draws_of_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second half of a chunk's draws, scored on a worker thread from a generator
    moved to where the first half ends, gives the same scores, and leaves the
    stream where one thread would."""
    from mlsourcing.analysis import values

    ds = dataset.load("open")
    draws = ValueDraws(ds, Method.wsm, Missing.worst, 0.2)
    weights = np.full((7, len(ds.criteria)), 1 / len(ds.criteria))
    monkeypatch.setattr(values, "THREADED_FROM", 10**12)
    one, rng_one = draws.scores(weights, rng := np.random.default_rng(5)), rng
    monkeypatch.setattr(values, "THREADED_FROM", 1)
    monkeypatch.setattr(values, "processors", lambda: 2)
    two, rng_two = draws.scores(weights, rng := np.random.default_rng(5)), rng
    assert np.array_equal(one, two)
    after = rng_one.random()
    assert rng_two.random() == after  # the stream goes on alike

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("can't start new thread")

    from mlsourcing.parallel import threads

    monkeypatch.setattr(threads(), "submit", refused)  # a process limit: in line
    three, rng_three = draws.scores(weights, rng := np.random.default_rng(5)), rng
    assert np.array_equal(one, three) and rng_three.random() == after
