"""The HTML report's view: everything the page shows, decided here; the page itself
is :func:`mlsourcing.render.html.report`."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, NamedTuple

from mlsourcing import __version__
from mlsourcing.views.portfolio import TABLE_ROWS, PortfolioView, portfolio_view
from mlsourcing.views.rankings import (
    Column,
    DestinationView,
    Headroom,
    Screen,
    columns,
    destination_view,
    headroom_of,
    screen_of,
)

if TYPE_CHECKING:
    from mlsourcing.analysis.agreement import Agreement
    from mlsourcing.analysis.portfolio import Portfolios
    from mlsourcing.analysis.robustness import Sensitivity
    from mlsourcing.data.dataset import Dataset
    from mlsourcing.mcda.scoring import Ranking

SHOWN = 30  # destinations drawn in the charts and listed in detail


class ReportView(NamedTuple):
    title: str
    dataset: str  # as the user named it
    digest: str  # the dataset file's SHA-256
    date: str  # ISO date the report was made
    version: str  # of mlsourcing
    command: str  # the command line that makes the same report
    ranking: Ranking
    columns: tuple[Column, ...]
    sensitivity: Sensitivity
    agreement: Agreement | None  # the ranking under every method, when computed
    details: tuple[DestinationView, ...]  # the destinations shown, best first
    screen: Screen
    headroom: Headroom | None = None  # with --team
    portfolios: PortfolioView | None = None  # with --portfolio K

    @property
    def shown(self) -> int:
        return len(self.details)

    @property
    def hidden(self) -> int:
        """Destinations ranked but not drawn or detailed."""
        return max(0, len(self.ranking.results) - self.shown)

    @property
    def additive(self) -> bool:
        """Whether the ranking chart can stack each criterion's points."""
        return all(d.result.point_row is not None for d in self.details)


def report_view(
    dataset: Dataset,
    ranking: Ranking,
    sens: Sensitivity,
    command: str,
    digest: str,
    found: Agreement | None = None,
    date: datetime.date | None = None,
    team: int | None = None,
    portfolios: Portfolios | None = None,
) -> ReportView:
    shown = ranking.results[:SHOWN]
    return ReportView(
        dataset.title or "Ranking",
        dataset.path,
        digest,
        (date or datetime.date.today()).isoformat(),
        __version__,
        command,
        ranking,
        columns(dataset, ranking.weights, ranking.bounds),
        sens,
        found,
        tuple(destination_view(dataset, ranking, r.slug) for r in shown),
        screen_of(dataset),
        headroom_of(dataset, team),
        None if portfolios is None else portfolio_view(dataset, portfolios, TABLE_ROWS),
    )
