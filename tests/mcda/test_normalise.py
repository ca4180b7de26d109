"""Each normalisation rule's numpy form gives the numbers of its pure-Python form."""

from __future__ import annotations

import itertools
import sys

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mlsourcing.analysis.values import ValueDraws
from mlsourcing.data import dataset
from mlsourcing.errors import InputError
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


ONE_IN_THE_NINTH = 1e-9 * (1 + 1e-6)


@given(st.data(), st.sampled_from(list(Missing)), st.sampled_from(list(method_names())))
@settings(max_examples=150)
def test_a_large_dataset_ranks_in_numpy_as_in_python(
    data: st.DataObject, missing: Missing, method: Method
) -> None:
    """scoring.rank takes the numpy path from a size on (NUMPY_FROM): the same scores,
    points, positions, bounds, gaps and order as the pure-Python path, to 1e-9, for
    every method and missing-value policy; a dataset one path refuses, both refuse."""
    positive = method is Method.wpm or data.draw(st.booleans())
    doc = data.draw(documents_for("wpm" if positive else "wsm", max_criteria=6))
    for crit_doc in doc["criteria"].values():
        if positive and data.draw(st.booleans()):
            crit_doc["scale"] = "log"
    # a subnormal weight (2e-313) keeps about 35 bits: weights re-normalised over a
    # destination's criteria then differ from one path to the other beyond 1e-9
    weights_given = [c.get("weight", 1) for c in doc["criteria"].values()]
    assume(all(w == 0 or abs(w) >= sys.float_info.min for w in weights_given))
    ds = dataset.from_document(doc)
    drawn = data.draw(
        st.fixed_dictionaries({k: st.sampled_from([0.0, 1.0, 2.5]) for k in doc["criteria"]})
    )
    weights = drawn if any(drawn.values()) else None  # all 0: the dataset's own

    def ranked(numpy: bool) -> scoring.Ranking | str:
        before = scoring.NUMPY_FROM, scoring.NUMPY_FROM_OTHERS, scoring.NUMPY_LOADED_FROM
        threshold = 0 if numpy else 10**12
        scoring.NUMPY_FROM, scoring.NUMPY_FROM_OTHERS = {}, threshold
        scoring.NUMPY_LOADED_FROM = threshold
        try:
            assert scoring.in_numpy(ds, method) is numpy
            return scoring.rank(ds, weights, method, missing=missing)
        except InputError as exc:
            return str(exc)
        finally:
            scoring.NUMPY_FROM, scoring.NUMPY_FROM_OTHERS, scoring.NUMPY_LOADED_FROM = before

    python, numpy = ranked(False), ranked(True)
    if isinstance(python, str) or isinstance(numpy, str):
        assert python == numpy
        return
    assert numpy.bounds == python.bounds and numpy.weights == python.weights
    theirs = {r.slug: r for r in python.results}
    for r in numpy.results:
        twin = theirs[r.slug]
        # scores are rounded to the ninth decimal: two that straddle a rounding
        # boundary differ there by one unit, which as floats can read 1.0000001e-9
        assert r.score == pytest.approx(twin.score, abs=ONE_IN_THE_NINTH)
        assert r.position_row == pytest.approx(twin.position_row, rel=1e-9, abs=1e-9)
        assert r.value_row == twin.value_row and r.missing == twin.missing
        if twin.point_row is not None:
            assert r.point_row == pytest.approx(twin.point_row, rel=1e-9, abs=1e-9)
    # the order: the same wherever two scores are more than the rounding apart
    slugs = [r.slug for r in python.results]
    for a, b in itertools.pairwise(numpy.results):
        if a.score - b.score > 2e-9:
            assert slugs.index(a.slug) < slugs.index(b.slug)


def test_which_path_a_size_takes() -> None:
    """Without numpy loaded, numpy pays from 400,000 values under the weighted sum and
    80,000 under the others; once an analysis has loaded it, from 10,000. The
    bundled datasets stay in pure Python either way."""
    import subprocess
    import sys

    code = (
        "import sys; from mlsourcing.data import dataset; from mlsourcing.mcda import scoring\n"
        "from mlsourcing.vocab import Method\n"
        "big = dataset.from_document({'criteria': {f'c{j}': {'label': 'C', 'direction': "
        "'benefit'} for j in range(20)}, 'destinations': {f'd{i}': {'name': f'D{i}', "
        "'values': {'c0': i}} for i in range(1000)}})\n"
        "print(scoring.in_numpy(big, Method.wsm), scoring.in_numpy(big, Method.topsis))\n"
        "import numpy\n"
        "print(scoring.in_numpy(big, Method.wsm), "
        "scoring.in_numpy(dataset.load('open'), Method.topsis))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "True", "False"]
