"""Commands that rank: rank, show, compare, sensitivity and portfolio.

Registered on the app of :mod:`mlsourcing.cli.common` when :mod:`mlsourcing.cli`
imports this module; heavy modules are imported inside the commands.
"""

# No "from __future__ import annotations": Typer reads these signatures at start-up.

from typing import TYPE_CHECKING, Annotated

import typer

from mlsourcing.cli.options import (
    SAMPLES,
    SEED,
    SPREAD,
    AllRows,
    Command,
    Distribution,
    Explain,
    Force,
    Output,
    Samples,
    Scoring,
    Seed,
    Spread,
    Top,
    ValueSpread,
    VaryOpt,
    argument,
    format_option,
    scoring_options,
)
from mlsourcing.errors import UsageError, cap
from mlsourcing.vocab import (
    DEFAULT_AMONG,
    Format,
    Vary,
)

if TYPE_CHECKING:
    pass


from mlsourcing.cli.common import (
    app,
    check_output,
    check_rows,
    emit,
    env_of,
    find_slug,
    ranked,
    shown_rows,
    spread_of,
    weighted,
)


@app.command(cls=Command)
@scoring_options()
def rank(
    ctx: typer.Context,
    given: Scoring,
    fmt: Annotated[Format, format_option("rank")] = Format.table,
    top: Top = None,
    all_rows: AllRows = False,
    explain: Explain = False,
    output: Output = None,
    force: Force = False,
) -> None:
    """Rank every destination by weighted score.

    Examples: mlsourcing rank --weights talent=3,big_tech=2 ;
    mlsourcing rank --profile fast_team ; mlsourcing rank --format csv > ranking.csv
    """
    check_output(fmt, output, force)
    from mlsourcing.mcda import methods
    from mlsourcing.views import rankings

    if explain and not methods.is_linear(given.method):
        linear = " or ".join(m for m in methods.names() if methods.is_linear(m))
        raise UsageError(
            f"--explain: points add up to the score only with --method {linear}; "
            f"'mlsourcing show NAME --method {given.method}' shows each criterion's position"
        )
    ds, ranking = ranked(given)
    rows = shown_rows(fmt, top, all_rows, len(ds.destinations))
    view = rankings.ranking_view(
        ds, ranking, explain, rows, sources=fmt is Format.xlsx, team=given.team
    )
    emit(ctx, fmt, view, output, force)


@app.command(cls=Command)
@scoring_options()
def show(
    ctx: typer.Context,
    destination: Annotated[str, argument("DESTINATION", "Slug or name, any case (e.g. poland).")],
    given: Scoring,
    fmt: Annotated[Format, format_option("show")] = Format.table,
) -> None:
    """Show one destination: every value, its score, contribution, source and evidence.

    Example: mlsourcing show poland --weights talent=3
    """
    from mlsourcing.views import rankings

    ds, ranking = ranked(given)
    slug = find_slug(ds, destination)
    emit(ctx, fmt, rankings.destination_view(ds, ranking, slug, given.team))


@app.command(cls=Command)
@scoring_options()
def compare(
    ctx: typer.Context,
    destinations: Annotated[
        list[str],
        argument("DESTINATION...", "Two or more destinations (slug or name)."),
    ],
    given: Scoring,
    fmt: Annotated[Format, format_option("compare")] = Format.table,
    output: Output = None,
    force: Force = False,
) -> None:
    """Compare destinations side by side, and break the score gap down by criterion.

    Example: mlsourcing compare ukraine poland --weights talent=3
    """
    check_output(fmt, output, force)
    from mlsourcing.views import rankings

    ds, ranking = ranked(given)
    slugs: list[str] = []
    for query in destinations:
        slug = find_slug(ds, query)
        if slug in slugs:
            raise UsageError(f"compare: '{cap(query)}' is named twice")
        slugs.append(slug)
    if len(slugs) < 2:
        raise UsageError("compare: name at least two destinations")
    emit(ctx, fmt, rankings.comparison_view(ds, ranking, slugs, given.team), output, force)


@app.command(cls=Command)
@scoring_options()
def sensitivity(
    ctx: typer.Context,
    given: Scoring,
    samples: Samples = SAMPLES,
    seed: Seed = SEED,
    spread: Spread = SPREAD,
    vary: VaryOpt = Vary.weights,
    value_spread: ValueSpread = 0.0,
    fmt: Annotated[Format, format_option("sensitivity")] = Format.table,
    top: Top = None,
    all_rows: AllRows = False,
    distribution: Distribution = False,
    output: Output = None,
    force: Force = False,
) -> None:
    """How robust is the ranking to the weights (and uncertain values), and what weight
    would change the winner?

    Monte Carlo over weights, values or both (share of draws each destination ranks
    first, rank range) and exact tipping points per criterion.
    Example: mlsourcing sensitivity --spread any --samples 5000 ;
    mlsourcing sensitivity --vary both --value-spread 0.1
    """
    check_output(fmt, output, force)
    from mlsourcing.analysis import robustness
    from mlsourcing.views import rankings

    spread_value = spread_of(spread)
    robustness.check_options(samples, spread_value, seed)
    if distribution and fmt is not Format.json:
        raise UsageError("--distribution: goes with --format json")
    ds, overrides, members = weighted(given)
    env = env_of(ctx)
    what = "Drawing weights" if vary is Vary.weights else f"Drawing {vary}"
    with env.progress(what, len(ds.destinations) * samples) as progress:
        sens = robustness.sensitivity(
            ds,
            overrides,
            given.method,
            samples,
            seed,
            spread_value,
            distribution=distribution and fmt is Format.json,
            progress=progress,
            top=shown_rows(fmt, top, all_rows, len(ds.destinations)),
            missing=given.missing,
            between=members,
            vary=vary,
            value_spread=value_spread,
        )
    view = rankings.sensitivity_view(ds, sens, sources=fmt is Format.xlsx, team=given.team)
    emit(ctx, fmt, view, output, force)


@app.command(cls=Command)
@scoring_options()
def portfolio(
    ctx: typer.Context,
    size: Annotated[
        int,
        typer.Option(
            "--size", "-k", metavar="K", help="How many destinations a portfolio holds (sites)."
        ),
    ],
    given: Scoring,
    among: Annotated[
        int,
        typer.Option(
            "--among",
            metavar="M",
            help="Consider the best M destinations at these weights (and any --include).",
        ),
    ] = DEFAULT_AMONG,
    include: Annotated[
        list[str] | None,
        typer.Option(
            "--include",
            metavar="NAME",
            help="A destination every portfolio holds (a site you have already), repeatable.",
            show_default=False,
        ),
    ] = None,
    samples: Samples = SAMPLES,
    seed: Seed = SEED,
    spread: Spread = SPREAD,
    vary: VaryOpt = Vary.weights,
    value_spread: ValueSpread = 0.0,
    fmt: Annotated[Format, format_option("portfolio")] = Format.table,
    top: Top = None,
    all_rows: AllRows = False,
    output: Output = None,
    force: Force = False,
) -> None:
    """Which K destinations, taken together, hold up best when the weights (or the
    figures) are off?

    Every combination of K among the best M, over the same draws as sensitivity:
    how often the portfolio holds the winner, and how good its best site is.
    Example: mlsourcing portfolio --size 2 --data open --team 40 --max-team-share 2
    """
    check_output(fmt, output, force)
    from mlsourcing.analysis import portfolio as portfolio_mod
    from mlsourcing.analysis import robustness
    from mlsourcing.views.portfolio import TABLE_ROWS, portfolio_view

    spread_value = spread_of(spread)
    robustness.check_options(samples, spread_value, seed)
    portfolio_mod.check_sizes(size, among)
    check_rows(top, all_rows)
    ds, overrides, members = weighted(given)
    found = portfolio_mod.portfolios(
        ds,
        size,
        overrides,
        given.method,
        samples,
        seed,
        spread_value,
        given.missing,
        members,
        vary,
        value_spread,
        among,
        [find_slug(ds, name) for name in include or []],
    )
    rows = top if top is not None else None if all_rows or fmt is not Format.table else TABLE_ROWS
    emit(ctx, fmt, portfolio_view(ds, found, rows), output, force)
