"""Each normalisation rule's numpy form gives the numbers of its pure-Python form."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlsourcing.analysis.values import ValueDraws
from mlsourcing.data import dataset
from mlsourcing.mcda import scoring
from mlsourcing.mcda.methods import names as method_names
from mlsourcing.vocab import Method, Missing
from strategies import documents_for


@given(st.data(), st.sampled_from(list(Missing)), st.sampled_from(list(method_names())))
def test_numpy_draws_normalise_exactly_as_prepare_does(
    data: st.DataObject, missing: Missing, method: Method
) -> None:
    """Each method's vectorised normalisation of a value draw against the library's
    own prepare: positions, and TOPSIS's gaps."""
    from mlsourcing.mcda.batch import positions_matrix

    positive = method is Method.wpm or data.draw(st.booleans())  # then log scales too
    doc = data.draw(
        documents_for("wpm" if positive else "wsm", max_destinations=30, max_criteria=5)
    )
    for crit_doc in doc["criteria"].values():
        if positive and data.draw(st.booleans()):
            crit_doc["scale"] = "log"
    ds = dataset.from_document(doc)
    draws = ValueDraws(ds, method, missing, data.draw(st.sampled_from([0.0, 0.3])))
    drawn = draws.draw(np.random.default_rng(data.draw(st.integers(0, 1000))))
    cols = {
        key: [None if x != x else x for x in drawn[:, j].tolist()]
        for j, key in enumerate(ds.criteria)
    }
    model = scoring.prepare(ds, method, missing, cols)
    got_model, got = draws.positions(drawn)
    np.testing.assert_allclose(got, positions_matrix(model), rtol=1e-9, atol=1e-12)
    if model.gaps is not None:
        assert got_model.gaps is not None
        assert list(got_model.gaps.values()) == pytest.approx(
            list(model.gaps.values()), rel=1e-9, abs=1e-12
        )
