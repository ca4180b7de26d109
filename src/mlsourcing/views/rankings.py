"""The views of the commands about one ranking: rank, show, compare, sensitivity,
and the parts they share (columns, missing values, provenance, the screen).

NamedTuples rather than dataclasses: as typed and immutable, and four times
cheaper to define, which every start of the command pays for.

Every writer (terminal, CSV, JSON, Markdown, workbook, HTML) reads these and
nothing else: no writer opens the dataset or decides anything. Numbers stay
numbers here; each writer formats them for its medium.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from mlsourcing.data.dataset import Dataset, Direction, SetAside
from mlsourcing.mcda.methods import is_linear
from mlsourcing.mcda.results import Results
from mlsourcing.mcda.scoring import Gap, Ranking, Result, compare
from mlsourcing.vocab import Method
from mlsourcing.vocab import Missing as Policy

if TYPE_CHECKING:  # analysis imports numpy: only the sensitivity command loads it
    from mlsourcing.analysis.robustness import Robustness, Sensitivity


class Column(NamedTuple):
    """A criterion as outputs show it; ``weight`` is the effective weight (sums to 1)."""

    key: str
    label: str
    direction: Direction
    unit: str
    description: str
    min: float | None
    max: float | None
    default_weight: float
    weight: float | None = None
    bounds: tuple[float | None, float | None] | None = None  # the lo/hi used
    scale: str = "linear"  # "log": normalised on the log of the values
    as_of: str = ""  # the period its figures stand for

    @property
    def title(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


def columns(
    dataset: Dataset,
    weights: Mapping[str, float] | None = None,
    bounds: Mapping[str, tuple[float | None, float | None]] | None = None,
) -> tuple[Column, ...]:
    """The dataset's criteria, with the effective weights and bounds a result used."""
    return tuple(
        Column(
            key,
            c.label,
            c.direction,
            c.unit,
            c.description,
            c.min,
            c.max,
            c.weight,
            None if weights is None else weights[key],
            None if bounds is None else bounds[key],
            c.scale,
            c.as_of,
        )
        for key, c in dataset.criteria.items()
    )


class Missing(NamedTuple):
    """A shown destination's missing values, by criterion label."""

    name: str
    labels: tuple[str, ...]


def missing_of(cols: Sequence[Column], results: Sequence[Result]) -> tuple[Missing, ...]:
    labels = {c.key: c.label for c in cols}
    pairs: Iterable[tuple[str, tuple[str, ...]]]
    if isinstance(results, Results):  # from its columns, building no row
        pairs = zip(results.names, results.missing(), strict=True)
    else:
        pairs = ((r.name, r.missing) for r in results)
    return tuple(Missing(name, tuple(labels[k] for k in keys)) for name, keys in pairs if keys)


class Provenance(NamedTuple):
    """Where one value comes from (or why it is missing)."""

    slug: str
    name: str
    criterion: str
    value: float | None
    source: str
    title: str
    url: str
    date: str
    note: str


def provenance(dataset: Dataset, slugs: Sequence[str]) -> tuple[Provenance, ...]:
    """Where each value of these destinations comes from: its source and the note on
    it, for every value the dataset gives evidence for (a value without evidence
    has nothing to add to the results sheet, which already holds it)."""
    out = []
    for slug in slugs:
        dest = dataset.destinations[slug]
        for key in dataset.criteria:
            ev = dest.evidence.get(key)
            if ev is None:
                continue
            src = dataset.sources.get(ev.source)
            out.append(
                Provenance(
                    slug,
                    dest.name,
                    key,
                    dest.values.get(key),
                    ev.source,
                    src.title if src else "",
                    (src.url or "") if src else "",
                    str(src.date) if src and src.date is not None else "",
                    ev.note,
                )
            )
    return tuple(out)


class Screen(NamedTuple):
    """The hard requirements applied, and the destinations they set aside."""

    applied: tuple[str, ...] = ()  # e.g. "talent >= 3000"
    set_aside: tuple[SetAside, ...] = ()


def screen_of(dataset: Dataset) -> Screen:
    return Screen(dataset.applied, dataset.set_aside)


class Headroom(NamedTuple):
    """How much of each destination's talent pool a team of ``team`` would take."""

    team: int
    pool: str  # the criterion marked pool = true
    label: str  # its label, e.g. "Talent pool"
    unit: str  # e.g. "ML specialists"
    values: Mapping[str, float | None]  # slug -> the pool's size (None where missing)

    def share(self, slug: str) -> float | None:
        """100 x team / pool, in percent; None where the pool is missing (or 0). A pool
        so small that the share overflows (a subnormal number) gives the largest float,
        which every output can write, rather than infinity, which JSON cannot."""
        value = self.values.get(slug)
        if value is None or value <= 0:
            return None
        return min(100 * self.team / value, sys.float_info.max)


def headroom_of(dataset: Dataset, team: int | None) -> Headroom | None:
    """The team's share of each pool, given a team; None without one."""
    if team is None or dataset.pool is None:
        return None
    crit = dataset.criteria[dataset.pool]
    values = {slug: d.values.get(dataset.pool) for slug, d in dataset.destinations.items()}
    return Headroom(team, dataset.pool, crit.label, crit.unit, values)


class RankingView(NamedTuple):
    dataset: str
    title: str
    method: Method
    columns: tuple[Column, ...]
    results: Results  # the rows shown, best first
    total: int  # destinations ranked
    explain: bool
    policy: Policy = Policy.worst
    sources: tuple[Provenance, ...] = ()  # for a workbook's second sheet
    dominated: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 (slug -> dominators' names)
    screen: Screen = Screen()
    headroom: Headroom | None = None  # with --team: the team's share of each pool

    @property
    def weights(self) -> dict[str, float]:
        return {c.key: c.weight or 0.0 for c in self.columns}

    @property
    def missing(self) -> tuple[Missing, ...]:
        """The rows shown that lack a value, and which (worked out when a writer asks)."""
        return missing_of(self.columns, self.results)

    @property
    def ranged(self) -> list[str]:
        """The criteria some row shown gives as a range: machine outputs add their
        low and high, and only for them, so that a dataset without ranges keeps
        its columns."""
        given = self.results.ranged()
        return [c.key for c in self.columns if c.key in given]

    @property
    def explained(self) -> bool:
        """Whether each criterion's points are shown: asked for, and they add up."""
        return self.explain and is_linear(self.method)

    @property
    def additive(self) -> bool:
        """Whether the method's points add up to the score (so they can be shown)."""
        return is_linear(self.method)


def ranking_view(
    dataset: Dataset,
    ranking: Ranking,
    explain: bool = False,
    top: int | None = None,
    sources: bool = False,
    team: int | None = None,
) -> RankingView:
    cols = columns(dataset, ranking.weights, ranking.bounds)
    shown = ranking.leading(top)
    return RankingView(
        dataset.path,
        dataset.title,
        ranking.method,
        cols,
        shown,
        len(ranking.results),
        explain,
        ranking.policy,
        provenance(dataset, shown.slugs) if sources else (),
        _dominated(dataset, ranking, shown.slugs),
        screen_of(dataset),
        headroom_of(dataset, team),
    )


DOMINANCE_ROWS = 200  # dominance is checked for at most this many rows shown


def _dominated(
    dataset: Dataset, ranking: Ranking, slugs: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """Who dominates each shown destination; said only under the worst-value policy,
    where a dominated destination can win under no weights at all."""
    if ranking.policy is not Policy.worst or len(slugs) > DOMINANCE_ROWS:
        return {}
    from mlsourcing.mcda.dominance import dominators

    return {s: names for s, names in dominators(dataset, ranking, slugs).items() if names}


class SourceRef(NamedTuple):
    key: str
    title: str
    url: str | None
    date: str | None


class Detail(NamedTuple):
    """One criterion of one destination: value, position, weight, points, provenance."""

    column: Column
    value: float | None
    position: float
    points: float | None
    evidence: str | None
    source: SourceRef | None
    # the weight this destination's score used: the column's, or under the ignore
    # policy the column's re-normalised over the criteria the destination has
    weight: float = 0.0

    @property
    def missing(self) -> bool:
        return self.value is None


class DestinationView(NamedTuple):
    dataset: str
    method: Method
    slug: str
    name: str
    description: str
    result: Result
    of: int  # destinations ranked
    details: tuple[Detail, ...]
    missing: tuple[Missing, ...]
    policy: Policy = Policy.worst
    dominated_by: tuple[str, ...] = ()
    screen: Screen = Screen()
    headroom: Headroom | None = None

    @property
    def weights(self) -> dict[str, float]:
        return {d.column.key: d.column.weight or 0.0 for d in self.details}


def used_weights(ranking: Ranking, result: Result) -> dict[str, float]:
    """The weights one destination's score used: the ranking's, or under the ignore
    policy those of the criteria it has, divided by their sum (0 for the others)."""
    if ranking.policy is not Policy.ignore:
        return dict(ranking.weights)
    has = {k: v is not None for k, v in zip(result.keys, result.value_row, strict=True)}
    total = sum(w for k, w in ranking.weights.items() if has[k])
    return {k: w / total if has[k] and total > 0 else 0.0 for k, w in ranking.weights.items()}


def destination_view(
    dataset: Dataset, ranking: Ranking, slug: str, team: int | None = None
) -> DestinationView:
    dest = dataset.destinations[slug]
    result = ranking.by_slug(slug)
    cols = columns(dataset, ranking.weights, ranking.bounds)
    used = used_weights(ranking, result)
    details = []
    for col, value, position in zip(cols, result.value_row, result.position_row, strict=True):
        ev = dest.evidence.get(col.key)
        src = dataset.sources.get(ev.source) if ev else None
        details.append(
            Detail(
                col,
                value,
                position,
                None if result.points is None else result.points[col.key],
                ev.note if ev else None,
                None
                if src is None or ev is None
                else SourceRef(
                    ev.source, src.title, src.url, None if src.date is None else str(src.date)
                ),
                used[col.key],
            )
        )
    return DestinationView(
        dataset.path,
        ranking.method,
        slug,
        dest.name,
        dest.description,
        result,
        len(ranking.results),
        tuple(details),
        missing_of(cols, [result]),
        ranking.policy,
        _dominated(dataset, ranking, [slug]).get(slug, ()),
        screen_of(dataset),
        headroom_of(dataset, team),
    )


class ComparisonView(NamedTuple):
    dataset: str
    method: Method
    columns: tuple[Column, ...]
    results: tuple[Result, ...]  # best first
    gaps: tuple[Gap, ...]  # from the best to each other one
    policy: Policy = Policy.worst
    sources: tuple[Provenance, ...] = ()
    screen: Screen = Screen()
    headroom: Headroom | None = None

    @property
    def additive(self) -> bool:
        """Whether the method's points add up to the score (so they can be shown)."""
        return is_linear(self.method)

    @property
    def weights(self) -> dict[str, float]:
        return {c.key: c.weight or 0.0 for c in self.columns}


def comparison_view(
    dataset: Dataset, ranking: Ranking, slugs: Sequence[str], team: int | None = None
) -> ComparisonView:
    chosen, gaps = compare(ranking, slugs)
    return ComparisonView(
        dataset.path,
        ranking.method,
        columns(dataset, ranking.weights, ranking.bounds),
        chosen,
        gaps,
        ranking.policy,
        provenance(dataset, [r.slug for r in chosen]),
        screen_of(dataset),
        headroom_of(dataset, team),
    )


class SensitivityView(NamedTuple):
    dataset: str
    columns: tuple[Column, ...]
    analysis: Sensitivity
    results: tuple[Robustness, ...]  # the rows shown
    total: int
    screen: Screen = Screen()
    sources: tuple[Provenance, ...] = ()  # for a workbook's second sheet
    headroom: Headroom | None = None


def sensitivity_view(
    dataset: Dataset, sens: Sensitivity, sources: bool = False, team: int | None = None
) -> SensitivityView:
    """The destinations the analysis followed (see its ``top``); with ``sources``,
    where each of their values comes from."""
    cols = columns(dataset, sens.weights)
    return SensitivityView(
        dataset.path,
        cols,
        sens,
        sens.results,
        sens.total,
        screen_of(dataset),
        provenance(dataset, [r.slug for r in sens.results]) if sources else (),
        headroom_of(dataset, team),
    )
