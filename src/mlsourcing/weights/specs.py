"""Weights as people write them (``talent=3,big_tech=2``), from profiles, and normalised.

Errors are :class:`~mlsourcing.errors.InputError` with the subject ``weights``
or ``profile``, naming the part at fault; the command line says which option
that was.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from mlsourcing.errors import InputError, cap, suggest

if TYPE_CHECKING:
    from mlsourcing.data.dataset import Dataset


def parse_specs(specs: Iterable[str], criteria: Iterable[str]) -> dict[str, float]:
    """Parse repeated ``key=number[,key=number...]`` specs into weight overrides.

    A later mention of a criterion overrides an earlier one.
    """
    known = list(criteria)
    weights: dict[str, float] = {}
    for spec in specs:
        for part in spec.split(","):
            item = part.strip()
            if not item:
                continue
            key, sep, number = item.partition("=")
            key = key.strip()
            if not sep or not key:
                raise InputError(
                    "weights", f"'{cap(item)}' is not of the form criterion=number (e.g. talent=3)"
                )
            if key not in known:
                raise InputError(
                    "weights", f"unknown criterion '{cap(key)}'{suggest(key[:200], known)}"
                )
            typed = cap(number.strip())
            try:
                value = float(number.strip())
            except ValueError:
                raise InputError("weights", f"'{typed}' for {key} is not a number") from None
            if math.isinf(value) and any(ch.isdigit() for ch in typed):
                raise InputError(
                    "weights", f"{key}={typed} is out of range (at most about 1.8e308)"
                )
            if not math.isfinite(value):
                raise InputError("weights", f"{key}={typed} must be a finite number")
            if value < 0:
                raise InputError("weights", f"{key}={typed} is negative; use 0 or more")
            weights[key] = value
    return weights


def resolve(
    dataset: Dataset, specs: Iterable[str] = (), profile: str | None = None
) -> dict[str, float]:
    """Weight overrides: the profile's, then ``--weights`` on top.

    Criteria named in neither keep the dataset's default weight (see
    :func:`mlsourcing.mcda.scoring.rank`).
    """
    overrides: dict[str, float] = {}
    if profile is not None:
        found = dataset.profiles.get(profile)
        if found is None:
            if not dataset.profiles:
                raise InputError(
                    "profile", f"unknown profile '{cap(profile)}'; the dataset defines none"
                )
            raise InputError(
                "profile",
                f"unknown profile '{cap(profile)}'{suggest(profile[:200], dataset.profiles)}",
            )
        overrides.update(found.weights)
    overrides.update(parse_specs(specs, dataset.criteria))
    return overrides


def normalise(raw: Mapping[str, float]) -> dict[str, float]:
    """Divide weights by their sum; all zero is an error.

    Weights are first scaled by the largest, so huge finite weights cannot overflow.
    """
    largest = max(raw.values(), default=0.0)
    if not largest > 0:
        raise InputError(
            "weights", "every weight is 0; give at least one criterion a positive weight"
        )
    scaled = {key: value / largest for key, value in raw.items()}
    total = math.fsum(scaled.values())
    return {key: value / total for key, value in scaled.items()}


def effective_weights(
    dataset: Dataset, weights: Mapping[str, float] | None = None
) -> dict[str, float]:
    """The dataset's default weights, overridden by ``weights``, divided by their sum."""
    raw = {key: crit.weight for key, crit in dataset.criteria.items()}
    for key, value in (weights or {}).items():
        if key not in raw:
            raise InputError("weights", f"unknown criterion '{cap(key)}'{suggest(key, raw)}")
        raw[key] = value
    return normalise(raw)
