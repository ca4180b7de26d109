"""The scoring methods, one module each, and the registry the rest of the code asks.

A method's module holds everything about it: its title, what its [0, 1]
positions mean, whether its score is linear in the weights (then it has points,
``--explain`` and closed-form tipping points), its normalisation of a dataset
(pure Python) and of a matrix of drawn values (numpy), and its scoring of one
weight vector (pure Python) and of many at once (numpy). It ends with
``METHOD = ScoringMethod(...)``.

Adding a method is one new module here and its name in :data:`BUILT_IN`; or, from
outside, :func:`register`. Nothing else names the methods one by one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from mlsourcing.errors import InputError, cap, suggest
from mlsourcing.vocab import Method, Missing

if TYPE_CHECKING:
    from mlsourcing.data.dataset import Dataset
    from mlsourcing.mcda.normalise import Bools, Bounds, Floats

# The methods shipped, in the order they are listed and compared.
BUILT_IN = ("wsm", "topsis", "wpm", "vikor", "promethee")

Columns = dict[str, list[float | None]]  # each criterion's values, in destination order
Positions = dict[str, list[float]]  # each criterion's positions in [0, 1], 1 the best
Gaps = dict[str, float] | None  # TOPSIS: each criterion's ideal-to-anti-ideal spread
Rows = Sequence[tuple[float, ...]]  # per destination, its positions in criteria order
Mask = Sequence[tuple[bool, ...]] | None  # Missing.ignore: which values a destination has


class ScoringMethod(NamedTuple):
    """Everything the rest of the code may ask of a method."""

    name: Method  # as users type it: --method NAME
    title: str  # in captions: "weighted sum"
    short: str  # in narrow table headers: "WSM"
    gist: str  # in --help, after the name: "distance to the ideal"
    position_text: str  # what a destination's [0, 1] figure on one criterion means
    linear: bool  # score = 100 * sum(w * position): points, --explain, exact tipping points
    # the dataset's columns (after the missing-value fill) to positions, and TOPSIS's gaps
    normalise: Callable[[Dataset, Columns, dict[str, Bounds], Missing], tuple[Positions, Gaps]]
    # every destination's score (unrounded) under weights summing to 1
    scores: Callable[[Mapping[str, float], Sequence[str], Rows, Gaps, Mask], list[float]]
    # a matrix of drawn values (NaN where missing) to positions (and gaps), in numpy
    normalise_draw: Callable[[Dataset, Floats, Bools, Missing], tuple[Floats, Floats | None]]
    # scores (draws x destinations) for each row of weights (draws x criteria), in numpy;
    # gaps per criterion (TOPSIS) and the mask of values present (Missing.ignore) or None
    batch_scores: Callable[[Floats, Floats, Floats | None, Floats | None], Floats]


REGISTRY: dict[str, ScoringMethod] = {}


def register(method: ScoringMethod) -> ScoringMethod:
    """Make ``method`` known to every command (rank, methods, sensitivity, explore...)."""
    REGISTRY[str(method.name)] = method
    return method


def get(name: str) -> ScoringMethod:
    """The method called ``name``; an unknown name is an InputError on ``method``."""
    found = REGISTRY.get(str(name))
    if found is None:
        raise InputError(
            "method", f"unknown method '{cap(str(name))}'{suggest(str(name), REGISTRY)}"
        )
    return found


def names() -> tuple[Method, ...]:
    """Every registered method's name, built-in ones first."""
    return tuple(m.name for m in REGISTRY.values())


def is_linear(name: str) -> bool:
    """Whether a method's score is 100 * sum(w * position), so that points add up."""
    return get(name).linear


for _name in BUILT_IN:
    register(importlib.import_module(f"{__name__}.{_name}").METHOD)


def title(name: str) -> str:
    """A method's title for captions ("weighted sum")."""
    return get(name).title
