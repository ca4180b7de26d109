"""Hypothesis strategies: random valid datasets, as parsed TOML documents."""

from __future__ import annotations

import functools
import operator
from typing import Any

from hypothesis import strategies as st

# Text a dataset may hold: no control characters but tab and newline, no
# bidirectional overrides (validation rejects those; see test_hardening.py).
SAFE_CHARACTERS = st.characters(
    blacklist_categories=("Cc", "Cs"),
    blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
) | st.sampled_from("\t\n")
SCALES = [1.0, 1000.0, 1e-6, 1e150, 1e300]
TIE_PRONE = [-1.0, 0.0, 0.25, 0.5, 1.0]


@st.composite
def documents(
    draw: st.DrawFn, max_destinations: int = 200, max_criteria: int = 12, positive: bool = False
) -> dict[str, Any]:
    """A valid dataset document: 1-12 criteria of both directions, optional fixed
    bounds, 1-200 destinations, missing values and ties, values across magnitudes
    (``positive``: every value above 0, as the weighted product needs)."""
    n = draw(st.integers(1, max_criteria))
    criteria: dict[str, Any] = {}
    values_of: dict[str, st.SearchStrategy[float | None]] = {}
    for j in range(n):
        scale = draw(st.sampled_from(SCALES))
        crit: dict[str, Any] = {
            "label": f"Criterion {j}",
            "direction": draw(st.sampled_from(["benefit", "cost"])),
            "weight": draw(st.sampled_from([0.0, 1.0, 2.0]) | st.floats(0, 100)),
        }
        if draw(st.booleans()):
            crit["min"] = scale * (1e-3 if positive else -draw(st.sampled_from([1.0, 1.5])))
        if draw(st.booleans()):
            crit["max"] = scale * draw(st.sampled_from([1.0, 1.5]))
        criteria[f"c{j}"] = crit
        number = (
            st.sampled_from([0.25, 0.5, 1.0]) | st.floats(1e-3, 1)
            if positive
            else st.sampled_from(TIE_PRONE) | st.floats(-1, 1)
        )
        values_of[f"c{j}"] = st.none() | number.map(functools.partial(operator.mul, scale))
    if not any(c["weight"] > 0 for c in criteria.values()):
        criteria["c0"]["weight"] = 1.0  # a dataset must weigh something (validation says so)
    m = draw(st.integers(1, max_destinations))
    destinations = {}
    for i in range(m):
        values = {}
        for key, strategy in values_of.items():
            value = draw(strategy)
            if value is not None:
                values[key] = value
        destinations[f"d{i}"] = {"name": f"D{i}", "values": values}
    return {"criteria": criteria, "destinations": destinations}


def weights_for(document: dict[str, Any]) -> st.SearchStrategy[dict[str, float]]:
    keys = list(document["criteria"])
    return st.fixed_dictionaries(
        {k: st.sampled_from([0.0, 1.0, 3.0]) | st.floats(0, 1e6) for k in keys}
    ).filter(lambda w: any(v > 0 for v in w.values()))


def documents_for(method: str, **options: Any) -> st.SearchStrategy[dict[str, Any]]:
    """:func:`documents` that ``method`` can score (the weighted product: positive values)."""
    return documents(positive=method == "wpm", **options)
