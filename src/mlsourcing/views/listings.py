"""The views of the commands that list or compare beyond one ranking: profiles,
criteria, diff, datasets, weigh, stakeholders and methods (the ranking views are
in :mod:`mlsourcing.views.rankings`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from mlsourcing.data.dataset import Dataset, Source
from mlsourcing.mcda.scoring import Ranking
from mlsourcing.views.rankings import Column, Screen, columns, screen_of
from mlsourcing.vocab import Method
from mlsourcing.vocab import Missing as Policy
from mlsourcing.weights.specs import effective_weights

if TYPE_CHECKING:
    from mlsourcing.analysis.agreement import Agreement, Standing
    from mlsourcing.analysis.concordance import Group
    from mlsourcing.analysis.diff import Change
    from mlsourcing.weights.elicit import Elicited


class ProfileRow(NamedTuple):
    name: str
    description: str
    weights: dict[str, float]  # as written
    effective: dict[str, float]  # exactly the weights that --profile NAME ranks with
    requirements: tuple[str, ...] = ()  # what choosing it requires, as the table writes it


class ProfilesView(NamedTuple):
    dataset: str
    columns: tuple[Column, ...]
    profiles: tuple[ProfileRow, ...]


def profiles_view(dataset: Dataset) -> ProfilesView:
    rows = tuple(
        ProfileRow(
            name,
            p.description,
            p.weights,
            effective_weights(dataset, p.weights),
            tuple(
                f"{key} {condition}"
                for key, conditions in p.requirements.items()
                for condition in ([conditions] if isinstance(conditions, str) else conditions)
            ),
        )
        for name, p in dataset.profiles.items()
    )
    return ProfilesView(dataset.path, columns(dataset), rows)


class CriteriaView(NamedTuple):
    dataset: str
    columns: tuple[Column, ...]


def criteria_view(dataset: Dataset) -> CriteriaView:
    return CriteriaView(dataset.path, columns(dataset))


class DiffView(NamedTuple):
    old: str
    new: str
    method: Method
    policy: Policy
    columns: tuple[Column, ...]
    changes: tuple[Change, ...]


def diff_view(old: Dataset, new: Dataset, before: Ranking, after: Ranking) -> DiffView:
    from mlsourcing.analysis.diff import diff

    cols = columns(new, after.weights, after.bounds)
    changes = diff(old, new, before, after)
    return DiffView(old.path, new.path, after.method, after.policy, cols, changes)


class DatasetRow(NamedTuple):
    name: str
    file: str
    title: str
    destinations: int
    criteria: int
    as_of: str | None
    sources: tuple[str, ...]  # each source's title and publisher, as credit() gives it
    figures: str = ""  # the years its criteria's figures stand for: "2023-2025"


class DatasetsView(NamedTuple):
    rows: tuple[DatasetRow, ...]


def _years(periods: Iterable[str]) -> str:
    """The span of the years named in the criteria's periods ("2023-2025"), or ""."""
    import re

    dated = [p for p in periods if not p.startswith("undated")]
    years = sorted({int(y) for p in dated for y in re.findall(r"\b(?:19|20)\d\d\b", p)})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}-{years[-1]}"


def credit(source: Source) -> str:
    """A source as it is credited: its title, then its publisher after a dash unless
    the title names the publisher already (two sources of one title, an original
    and a copy, then read apart)."""
    publisher = source.publisher
    if not publisher or publisher.lower() in source.title.lower():
        return source.title
    return f"{source.title} — {publisher}"


def datasets_view(bundled: Sequence[tuple[str, Dataset]]) -> DatasetsView:
    return DatasetsView(
        tuple(
            DatasetRow(
                name,
                ds.path,
                ds.title,
                len(ds.destinations),
                len(ds.criteria),
                None if ds.as_of is None else str(ds.as_of),
                tuple(map(credit, ds.sources.values())),
                _years(c.as_of for c in ds.criteria.values()),
            )
            for name, ds in bundled
        )
    )


class WeighView(NamedTuple):
    method: str
    weights: dict[str, float]
    labels: dict[str, str]
    consistency_ratio: float | None
    worst: tuple[tuple[tuple[str, str], float, float], ...]
    spec: str
    saved: str | None  # "profile NAME in PATH", when saved
    consistent: bool  # the consistency ratio is at most the threshold (or there is none)
    threshold: float  # above it, pairwise judgements contradict each other


def weigh_view(dataset: Dataset, result: Elicited, saved: str | None) -> WeighView:
    from mlsourcing.weights.elicit import CONSISTENT, spec

    labels = {k: c.label for k, c in dataset.criteria.items()}
    return WeighView(
        result.method,
        result.weights,
        labels,
        result.consistency_ratio,
        result.worst,
        spec(result.weights),
        saved,
        result.consistent,
        CONSISTENT,
    )


class StakeholdersView(NamedTuple):
    dataset: str
    columns: tuple[Column, ...]
    group: Group
    method: Method
    policy: Policy
    screen: Screen = Screen()
    threshold: float = 0.10  # above it, pairwise judgements contradict each other


def stakeholders_view(
    dataset: Dataset, group: Group, method: Method, policy: Policy
) -> StakeholdersView:
    from mlsourcing.weights.elicit import CONSISTENT

    return StakeholdersView(
        dataset.path, columns(dataset), group, method, policy, screen_of(dataset), CONSISTENT
    )


class MethodsView(NamedTuple):
    dataset: str
    columns: tuple[Column, ...]  # with the effective weights every method used
    agreement: Agreement
    standings: tuple[Standing, ...]  # those shown (all, or the leading ones)
    screen: Screen = Screen()


def methods_view(dataset: Dataset, found: Agreement, rows: int | None = None) -> MethodsView:
    return MethodsView(
        dataset.path,
        columns(dataset, found.weights),
        found,
        found.leading(rows),
        screen_of(dataset),
    )
