"""The view of the portfolio command: the portfolios shown, best first, and what the
writers need to say what they are."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from mlsourcing.numbers import human_number, human_range
from mlsourcing.views.rankings import Column, Screen, columns, screen_of

if TYPE_CHECKING:
    from mlsourcing.analysis.portfolio import Alike, Portfolio, Portfolios
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

    def alike(self, portfolio: Portfolio) -> str:
        """What a portfolio's members have in common, in one line."""
        return alike_text(self.labels, portfolio.alike)

    def table(self) -> tuple[list[str], list[list[str | int | float]]]:
        """The portfolios shown as one table for files (CSV, workbook): header, rows."""
        header = ["rank", "slugs", "names", "coverage", "mean_best", "p05_best", "alike"]
        rows: list[list[str | int | float]] = [
            [
                i + 1,
                ";".join(p.slugs),
                " + ".join(p.names),
                p.coverage,
                p.mean_best,
                p.p05_best,
                self.alike(p),
            ]
            for i, p in enumerate(self.results)
        ]
        return header, rows


def alike_text(labels: Mapping[str, str], alike: Alike) -> str:
    """The criteria on which members are alike, with their range, in one line."""
    if not alike:
        return "nothing close"
    return "; ".join(
        f"{labels.get(k, k)} {human_range((lo, hi)) if lo != hi else human_number(lo)}"
        for k, lo, hi in alike
        if lo is not None and hi is not None
    )


def portfolio_view(dataset: Dataset, found: Portfolios, top: int | None = None) -> PortfolioView:
    shown = found.results if top is None else found.results[:top]
    return PortfolioView(
        dataset.path, columns(dataset, found.weights), found, shown, screen_of(dataset)
    )
