"""The view of the portfolio command: the portfolios shown, best first, and what the
writers need to say what they are."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from mlsourcing.views.rankings import Column, Screen, columns, screen_of

if TYPE_CHECKING:
    from mlsourcing.analysis.portfolio import Portfolio, Portfolios
    from mlsourcing.data.dataset import Dataset

TABLE_ROWS = 10  # a terminal table shows the best this many, unless --top or --all


class PortfolioView(NamedTuple):
    dataset: str
    columns: tuple[Column, ...]  # with the effective weights
    analysis: Portfolios
    results: tuple[Portfolio, ...]  # the portfolios shown, best first
    screen: Screen = Screen()

    @property
    def total(self) -> int:
        return len(self.analysis.results)

    @property
    def labels(self) -> dict[str, str]:
        return {c.key: c.label for c in self.columns}


def portfolio_view(dataset: Dataset, found: Portfolios, top: int | None = None) -> PortfolioView:
    shown = found.results if top is None else found.results[:top]
    return PortfolioView(
        dataset.path, columns(dataset, found.weights), found, shown, screen_of(dataset)
    )
