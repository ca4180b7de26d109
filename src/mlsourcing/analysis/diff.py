"""What changed between two versions of a dataset: rank movement and values.

Both versions are ranked under the same weights, method and missing-value
policy; destinations may come and go. Pure functions, no I/O.
"""

from __future__ import annotations

from typing import NamedTuple

from mlsourcing.data.dataset import Dataset
from mlsourcing.errors import DatasetError
from mlsourcing.mcda.scoring import DIGITS, Ranking


class ValueChange(NamedTuple):
    criterion: str
    old: float | None
    new: float | None


class Change(NamedTuple):
    """One destination across two versions (None where it is absent from one)."""

    slug: str
    name: str
    old_rank: int | None
    new_rank: int | None
    old_score: float | None
    new_score: float | None
    values: tuple[ValueChange, ...]  # the values that differ

    @property
    def moved(self) -> int | None:
        """Places gained (positive: up), None when it is in only one version."""
        if self.old_rank is None or self.new_rank is None:
            return None
        return self.old_rank - self.new_rank

    @property
    def score_change(self) -> float | None:
        if self.old_score is None or self.new_score is None:
            return None
        return round(self.new_score - self.old_score, DIGITS)

    @property
    def status(self) -> str:
        if self.old_rank is None:
            return "new"
        if self.new_rank is None:
            return "gone"
        return "same" if self.moved == 0 else ("up" if (self.moved or 0) > 0 else "down")


def check_comparable(old: Dataset, new: Dataset) -> None:
    """Both versions must have the same criteria (keys); their order may differ."""
    if set(old.criteria) != set(new.criteria):
        only_old = sorted(set(old.criteria) - set(new.criteria))
        only_new = sorted(set(new.criteria) - set(old.criteria))
        parts = []
        if only_old:
            parts.append(f"only in {old.path}: {', '.join(only_old)}")
        if only_new:
            parts.append(f"only in {new.path}: {', '.join(only_new)}")
        raise DatasetError(
            new.path, ["has other criteria than " + old.path + " (" + "; ".join(parts) + ")"]
        )


def diff(old: Dataset, new: Dataset, before: Ranking, after: Ranking) -> tuple[Change, ...]:
    """Every destination of either version: by new rank, then those that went."""
    keys = list(new.criteria)
    was = {r.slug: r for r in before.results}
    out = []
    for r in after.results:
        prior = was.pop(r.slug, None)
        values: tuple[ValueChange, ...] = ()
        if prior is not None:
            old_values = old.destinations[r.slug].values
            new_values = new.destinations[r.slug].values
            values = tuple(
                ValueChange(k, old_values.get(k), new_values.get(k))
                for k in keys
                if old_values.get(k) != new_values.get(k)
            )
        out.append(
            Change(
                r.slug,
                r.name,
                None if prior is None else prior.rank,
                r.rank,
                None if prior is None else prior.score,
                r.score,
                values,
            )
        )
    for prior in was.values():  # in their old order
        out.append(Change(prior.slug, prior.name, prior.rank, None, prior.score, None, ()))
    return tuple(out)
