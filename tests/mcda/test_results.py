"""A ranking's rows are built only when read: what the columns say and what the rows
say must be the same, for every slice, method and missing-value policy."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mlsourcing.data import dataset
from mlsourcing.mcda import scoring
from mlsourcing.mcda.methods import names as method_names
from mlsourcing.mcda.results import Results
from mlsourcing.views import rankings
from mlsourcing.vocab import Missing
from strategies import documents_for


@given(st.data(), st.sampled_from(list(method_names())), st.sampled_from(list(Missing)))
def test_columns_and_rows_agree(data: st.DataObject, method: str, policy: Missing) -> None:
    doc: dict[str, Any] = data.draw(documents_for(method, max_destinations=12))
    ds = dataset.from_document(doc)
    ranking = scoring.rank(ds, None, method, missing=policy)
    results = ranking.results
    assert isinstance(results, Results)
    start = data.draw(st.integers(0, len(results)))
    stop = data.draw(st.integers(start, len(results)))
    part = results[start:stop]
    rows = tuple(results)[start:stop]
    assert isinstance(part, Results) and len(part) == len(rows)
    assert tuple(part) == rows and part == rows
    assert part.ranks == [r.rank for r in rows]
    assert part.slugs == [r.slug for r in rows]
    assert part.names == [r.name for r in rows]
    assert part.scores == [r.score for r in rows]
    assert part.missing() == [r.missing for r in rows]
    for key in ds.criteria:
        assert part.values(key) == [r.values[key] for r in rows]
    assert part.ranged() == {k for r in rows for k in r.ranges}
    # the view's notes on missing values are the same read from columns or from rows
    cols = rankings.columns(ds, ranking.weights, ranking.bounds)
    assert rankings.missing_of(cols, part) == rankings.missing_of(cols, list(rows))


def test_rows_are_built_once_and_only_when_read() -> None:
    ds = dataset.loads(
        '[criteria.a]\nlabel = "A"\ndirection = "benefit"\n'
        '[destinations.x]\nname = "X"\nvalues = { a = 1 }\n'
        '[destinations.y]\nname = "Y"\nvalues = { a = 3 }\n'
        '[destinations.z]\nname = "Z"\nvalues = {}\n'
    )
    results = scoring.rank(ds).results
    assert results._rows is None  # columns are read without building a row
    assert results.slugs == ["y", "x", "z"] and results.scores == [100.0, 0.0, 0.0]
    assert results.ranks == [1, 2, 2] and results.missing() == [(), (), ("a",)]
    assert results._rows is None
    first = results[0]
    assert (first.slug, first.score, first.point_row) == ("y", 100.0, (100.0,))
    assert results.rows() is results.rows()
