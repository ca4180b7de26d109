"""Dominance (issue 14, in part): who can win under no weights at all."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from mlsourcing.data import dataset
from mlsourcing.mcda import dominance, scoring
from mlsourcing.mcda.methods import names as method_names
from strategies import documents_for, weights_for

Cli = Callable[..., Any]


def test_belarus_is_dominated_on_the_bundled_data(cli: Cli) -> None:
    ds = dataset.load()
    ranking = scoring.rank(ds)
    found = dominance.dominators(ds, ranking, [r.slug for r in ranking.results])
    assert found == {"ukraine": (), "romania": (), "poland": (), "belarus": ("Ukraine", "Romania")}
    out = " ".join(cli("rank", env={"COLUMNS": "100"}).stdout.split())
    assert (
        "Dominated (no better anywhere, worse somewhere: wins under no weights): Belarus by Ukraine, Romania."
        in out
    )
    doc = json.loads(cli("show", "belarus", "-f", "json").stdout)
    assert doc["dominated_by"] == ["Ukraine", "Romania"]
    assert json.loads(cli("show", "poland", "-f", "json").stdout)["dominated_by"] == []
    # said only where it holds: another policy may score a gap above a real value
    assert "Dominated" not in cli("rank", "--missing", "median").stdout


def test_sensitivity_over_any_weights_confirms_it(cli: Cli) -> None:
    doc = json.loads(
        cli("sensitivity", "--spread", "any", "--samples", "3000", "-f", "json").stdout
    )
    belarus = next(r for r in doc["results"] if r["slug"] == "belarus")
    assert belarus["p_first"] == 0 and belarus["rank_p05"] >= 2


@given(st.data(), st.sampled_from(list(method_names())))
def test_a_dominated_destination_never_ranks_above_its_dominator(
    data: st.DataObject, method: str
) -> None:
    doc = data.draw(documents_for(method, max_destinations=30))
    ds = dataset.from_document(doc)
    weights = data.draw(weights_for(doc))
    ranking = scoring.rank(ds, weights, method)
    benefit = [c.direction == "benefit" for c in ds.criteria.values()]
    pairs = [
        (a, b)
        for a in ranking.results
        for b in ranking.results
        if dominance.dominates(a, b, benefit)
    ]
    assume(pairs)
    for a, b in pairs:
        assert a.score >= b.score - 1e-9 and a.rank <= b.rank
    # and the candidates' shortcut misses none
    found = dominance.dominators(ds, ranking, [r.slug for r in ranking.results])
    for a, b in pairs:
        assert a.name in found[b.slug]
