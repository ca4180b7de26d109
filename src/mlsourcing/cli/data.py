"""Commands about datasets and what is made of them: profiles, criteria, diff,
datasets, init, validate, report (the HTML page) and methods (one dataset
ranked under every method).

Registered on the app of :mod:`mlsourcing.cli.common` when :mod:`mlsourcing.cli`
imports this module; heavy modules are imported inside the commands.
"""

# No "from __future__ import annotations": Typer reads these signatures at start-up.

from typing import Annotated

import typer

from mlsourcing.cli.common import (
    app,
    check_output,
    emit,
    env_of,
    load_dataset,
    shown_rows,
    spread_of,
    weighted,
)
from mlsourcing.cli.options import (
    SAMPLES,
    SEED,
    SPREAD,
    AllRows,
    Command,
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
from mlsourcing.errors import DatasetError, UsageError
from mlsourcing.vocab import Format, Vary

# The commands that only read a dataset take --data alone of the scoring options.
DATA_ONLY = tuple(name for name in Scoring._fields if name != "data")


@app.command(cls=Command)
@scoring_options(*DATA_ONLY)
def profiles(
    ctx: typer.Context,
    given: Scoring,
    fmt: Annotated[Format, format_option("profiles")] = Format.table,
) -> None:
    """List the dataset's named weight profiles, for use with --profile NAME."""
    from mlsourcing.views import listings

    emit(ctx, fmt, listings.profiles_view(load_dataset(given.data)))


@app.command(cls=Command)
@scoring_options(*DATA_ONLY)
def criteria(
    ctx: typer.Context,
    given: Scoring,
    fmt: Annotated[Format, format_option("criteria")] = Format.table,
    output: Output = None,
    force: Force = False,
) -> None:
    """List the criteria: direction, bounds, default weight, description."""
    check_output(fmt, output, force)
    from mlsourcing.views import listings

    emit(ctx, fmt, listings.criteria_view(load_dataset(given.data)), output, force)


@app.command(cls=Command)
@scoring_options("data", "stakeholders", "aggregate", "require", "team", "max_team_share")
def diff(
    ctx: typer.Context,
    old: Annotated[str, argument("OLD", "The earlier version (a path or a bundled name).")],
    new: Annotated[str, argument("NEW", "The later version (a path or a bundled name).")],
    given: Scoring,
    fmt: Annotated[Format, format_option("diff")] = Format.table,
) -> None:
    """How the ranking moved between two versions of a dataset, and which values changed.

    Example: mlsourcing diff open-2024Q3.toml open
    """
    from mlsourcing.analysis import diff as diff_mod
    from mlsourcing.mcda import scoring
    from mlsourcing.views import listings

    before_ds, after_ds = load_dataset(old), load_dataset(new)
    diff_mod.check_comparable(before_ds, after_ds)
    _, overrides, _ = weighted(given._replace(data=new))
    before = scoring.rank(before_ds, overrides, given.method, missing=given.missing)
    after = scoring.rank(after_ds, overrides, given.method, missing=given.missing)
    emit(ctx, fmt, listings.diff_view(before_ds, after_ds, before, after))


@app.command(cls=Command)
def datasets(
    ctx: typer.Context,
    fmt: Annotated[Format, format_option("datasets")] = Format.table,
) -> None:
    """List the bundled datasets, for --data NAME: title, size, date, sources."""
    from mlsourcing.data import dataset
    from mlsourcing.views import listings

    bundled = [(name, load_dataset(name)) for name in dataset.BUNDLED]
    emit(ctx, fmt, listings.datasets_view(bundled))


@app.command(cls=Command)
def init(
    ctx: typer.Context,
    path: Annotated[str, argument("PATH", "Where to write the dataset ('-' for stdout).")],
    blank: Annotated[
        bool,
        typer.Option(
            "--blank", help="A commented skeleton instead of a copy of the bundled dataset."
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Write a starter dataset that 'mlsourcing validate' accepts, to edit with your own data.

    Never replaces an existing file unless --force; writes atomically.
    Example: mlsourcing init my-destinations.toml
    """
    from importlib import resources

    from mlsourcing import files
    from mlsourcing.data import dataset

    if blank:
        text = (
            resources.files("mlsourcing.data").joinpath("starter.toml").read_text(encoding="utf-8")
        )
    else:
        text = dataset.bundled_path().read_text(encoding="utf-8")
    env = env_of(ctx)
    if path == "-":
        env.write(text)
        return
    written = files.write_new(path, text, force)
    env.message(
        f"wrote {written}; check it with 'mlsourcing validate {written}' "
        f"and rank it with 'mlsourcing rank --data {written}'"
    )


@app.command(cls=Command)
def validate(
    ctx: typer.Context,
    path: Annotated[str, argument("PATH", "The dataset file to check.")],
) -> None:
    """Check a dataset file: exit 0 and a summary if it is valid, else every problem and exit 1."""
    try:
        ds = load_dataset(path)
    except DatasetError as exc:
        raise exc.in_full() from None
    missing = sum(1 for d in ds.destinations.values() for k in ds.criteria if k not in d.values)
    counts = [
        (len(ds.criteria), "criterion", "criteria"),
        (len(ds.destinations), "destination", "destinations"),
        (len(ds.sources), "source", "sources"),
        (len(ds.profiles), "profile", "profiles"),
        (missing, "missing value", "missing values"),
    ]
    if ds.stakeholders:
        counts.insert(4, (len(ds.stakeholders), "stakeholder", "stakeholders"))
    ranges = sum(len(d.ranges) for d in ds.destinations.values())
    if ranges:
        counts.append((ranges, "value given as a range", "values given as ranges"))
    warnings = []
    if ds.requirements:  # valid by now: the loader parsed them the same way
        from mlsourcing.data import requirements

        required = requirements.from_table(ds.requirements, ds.criteria)
        counts.append((len(required), "requirement", "requirements"))
        try:
            requirements.apply(ds, required)
        except DatasetError as exc:
            warnings += exc.problems
    summary = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)
    env = env_of(ctx)
    env.write(f"{path}: valid: {summary}\n")
    for warning in warnings:
        env.message(f"mlsourcing: warning: {path}: {warning}; every command will refuse it")
    if ds.stakeholders:
        from mlsourcing.weights.group import inconsistent

        for doubt in inconsistent(ds):
            env.message(f"mlsourcing: warning: {path}: {doubt}")


@app.command(cls=Command)
@scoring_options()
def report(
    ctx: typer.Context,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", metavar="FILE", help="The HTML file to write.", show_default=False
        ),
    ],
    given: Scoring,
    samples: Samples = SAMPLES,
    seed: Seed = SEED,
    spread: Spread = SPREAD,
    vary: VaryOpt = Vary.weights,
    value_spread: ValueSpread = 0.0,
    portfolio: Annotated[
        int | None,
        typer.Option(
            "--portfolio",
            metavar="K",
            help="Add a section on which K sites hold up together (as 'mlsourcing portfolio "
            "--size K', over the same draws).",
            show_default=False,
        ),
    ] = None,
    force: Force = False,
) -> None:
    """Write a self-contained HTML report: ranking chart, weights, robustness, whether
    the methods agree, evidence.

    One file with its styles and charts inline: it opens offline and can be mailed.
    Example: mlsourcing report -o report.html --profile fast_team
    """
    check_output(Format.html, output, force)
    from mlsourcing import files
    from mlsourcing.analysis import agreement, robustness
    from mlsourcing.data import dataset
    from mlsourcing.mcda import scoring
    from mlsourcing.views.report import SHOWN, report_view

    spread_value = spread_of(spread)
    robustness.check_options(samples, spread_value, seed)
    if portfolio is not None and portfolio < 1:
        raise UsageError(f"--portfolio: must be at least 1, not {portfolio}")
    ds, overrides, members = weighted(given)
    ranking = scoring.rank(ds, overrides, given.method, missing=given.missing)
    sens = robustness.sensitivity(
        ds,
        overrides,
        given.method,
        samples,
        seed,
        spread_value,
        distribution=True,
        top=SHOWN,
        missing=given.missing,
        between=members,
        vary=vary,
        value_spread=value_spread,
    )
    command = _report_command(output, given, spread, vary, value_spread, samples, seed, portfolio)
    file, _ = dataset.locate(given.data)
    found = agreement.agreement(ds, overrides, given.missing)
    sites = None
    if portfolio is not None:
        from mlsourcing.analysis import portfolio as portfolio_mod

        sites = portfolio_mod.portfolios(
            ds,
            portfolio,
            overrides,
            given.method,
            samples,
            seed,
            spread_value,
            given.missing,
            members,
            vary,
            value_spread,
        )
    view = report_view(
        ds, ranking, sens, command, files.sha256(file), found, team=given.team, portfolios=sites
    )
    emit(ctx, Format.html, view, output, force)


def _report_command(
    output: str,
    given: Scoring,
    spread: str,
    vary: Vary,
    value_spread: float,
    samples: int,
    seed: int,
    portfolio: int | None,
) -> str:
    """The command line that makes the same report, as the report prints it."""
    from mlsourcing.render.prose import command_line

    varied = vary is not Vary.weights
    return command_line(
        "report",
        ("-o", output),
        ("--data", given.data),
        ("--profile", given.profile),
        ("--spread", None if spread == SPREAD else spread),
        ("--weights", given.weights or ()),
        ("--stakeholders", given.stakeholders),
        ("--aggregate", given.aggregate.value if given.stakeholders else None),
        ("--method", given.method.value),
        ("--missing", given.missing.value),
        ("--require", given.require or ()),
        ("--team", given.team),
        ("--max-team-share", given.max_team_share),
        ("--portfolio", portfolio),
        ("--vary", vary.value if varied else None),
        ("--value-spread", value_spread if varied else None),
        ("--samples", samples),
        ("--seed", seed),
    )


@app.command(cls=Command)
@scoring_options("method", "team", "max_team_share")
def methods(
    ctx: typer.Context,
    given: Scoring,
    fmt: Annotated[Format, format_option("methods")] = Format.table,
    top: Top = None,
    all_rows: AllRows = False,
    output: Output = None,
    force: Force = False,
) -> None:
    """Rank under every method side by side: Kendall's tau between each pair, a
    consensus (Borda) ranking, and the destinations whose rank depends most on
    the method.

    Example: mlsourcing methods --data open --profile eu_buyer
    """
    check_output(fmt, output, force)
    from mlsourcing.analysis import agreement
    from mlsourcing.views import listings

    ds, overrides, _ = weighted(given)
    found = agreement.agreement(ds, overrides, given.missing)
    rows = shown_rows(fmt, top, all_rows, len(ds.destinations))
    emit(ctx, fmt, listings.methods_view(ds, found, rows), output, force)
