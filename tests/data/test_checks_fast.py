"""The loader's checks find a problem a column at a time and word it row by row:
the fast pass must never let a problem through (each case here would slip past a
careless one)."""

from __future__ import annotations

import pytest

from mlsourcing.data.dataset import loads
from mlsourcing.errors import DatasetError

HEAD = """
[criteria.talent]
label = "Talent"
direction = "benefit"
min = 0
max = 100

[criteria.pay]
label = "Pay"
direction = "cost"
scale = "log"
"""


def _dest(slug: str, name: str, values: str = "talent = 5, pay = 10", code: str = "") -> str:
    extra = f'\ncode = "{code}"' if code else ""
    return f'\n["destinations"."{slug}"]\nname = "{name}"{extra}\nvalues = {{ {values} }}\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (_dest("a\\nb", "A") + _dest("c", "C"), "a destination slug may hold only"),
        (_dest("a", "Same") + _dest("b", " same "), "is also the name of"),
        (_dest("a", "A", code="PL") + _dest("b", "B", code="pl"), "is also the code of"),
        (_dest("a", "b") + _dest("b", "B2"), "is the slug of"),
        (_dest("a", "A") + _dest("b", "B", "talent = 101, pay = 10"), "outside the bounds"),
        (_dest("a", "A") + _dest("b", "B", "talent = 1, pay = 0"), "is not above 0"),
        (_dest("a", "A") + _dest("b", "B", "talent = 1, pai = 3"), "unknown criterion"),
    ],
)
def test_every_problem_is_still_found(body: str, message: str) -> None:
    with pytest.raises(DatasetError) as caught:
        loads(HEAD + body, "t.toml")
    assert message in str(caught.value)


def test_a_clean_dataset_passes() -> None:
    ds = loads(HEAD + _dest("a", "A") + _dest("b", "B", "talent = 100"), "t.toml")
    assert list(ds.destinations) == ["a", "b"]
