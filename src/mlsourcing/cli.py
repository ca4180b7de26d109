"""The ``mlsourcing`` command: parses options, calls the core, hands a view to render.

Kept thin and light: the dataset, scoring and rendering modules are imported
inside the commands, so ``--help`` and shell completion stay fast. Every
error reaches the user through one boundary (:mod:`mlsourcing.boundary`).
"""

# No "from __future__ import annotations": Typer reads every command's signature
# at each start, and string annotations would cost it an eval() each.

import contextlib
import gc
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from mlsourcing import __version__
from mlsourcing.boundary import Boundary
from mlsourcing.errors import InputError, UsageError, cap, suggest
from mlsourcing.methods import LINEAR
from mlsourcing.options import (
    SAMPLES,
    SEED,
    SPREAD,
    AggregateOpt,
    AllRows,
    Command,
    Data,
    Distribution,
    Explain,
    Force,
    MethodOpt,
    MissingOpt,
    Output,
    Profile,
    Require,
    Samples,
    Seed,
    Spread,
    StakeholdersOpt,
    Top,
    ValueSpread,
    VaryOpt,
    Weights,
    argument,
    format_option,
)
from mlsourcing.render.env import Environment
from mlsourcing.vocab import (
    TABLE_LIMIT,
    TABLE_SHOWN,
    Aggregate,
    Format,
    Method,
    Missing,
    Vary,
)

if TYPE_CHECKING:
    from mlsourcing.dataset import Dataset
    from mlsourcing.scoring import Ranking


app = typer.Typer(
    name="mlsourcing",
    cls=Boundary,
    help=(
        "Rank destinations for sourcing machine-learning engineers with a transparent, "
        "weighted multi-criteria model.\n\n"
        "Examples:\n\n"
        "  mlsourcing rank --weights talent=3,big_tech=2\n\n"
        "  mlsourcing show poland\n\n"
        "  mlsourcing rank --format csv > ranking.csv"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    # Help is plain text, as Click writes it: no colour to turn off, no Rich to
    # import, and "[pairwise]" is not taken for markup and dropped.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mlsourcing {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a full traceback on an internal error.")
    ] = False,
) -> None:
    _env(ctx).debug = debug


def _env(ctx: typer.Context) -> Environment:
    env = ctx.find_root().obj
    assert isinstance(env, Environment)
    return env


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading builds hundreds of thousands of small objects and no reference
    cycles, so the cyclic collector's passes are pure cost (about 8 % of loading
    10,000 destinations). The command owns its process: pause it while loading."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(data: str | None) -> "Dataset":
    """The dataset named by --data / $MLSOURCING_DATA, else the bundled one."""
    from mlsourcing import dataset

    if data is not None and not data.strip():
        raise UsageError("--data: the path is empty; name a dataset file, or leave --data out")
    with _gc_paused():
        return dataset.load(data)


def _weighted(
    data: str | None,
    weights: list[str] | None,
    profile: str | None,
    stakeholders: bool = False,
    aggregate: Aggregate = Aggregate.mean,
    require: list[str] | None = None,
) -> tuple["Dataset", dict[str, float], dict[str, dict[str, float]] | None]:
    """Load the dataset, set aside the destinations that fail the requirements, and
    resolve the command line's weights: a profile or the stakeholders' group
    weights, then --weights on top. The third item is each stakeholder's own
    weights, with --stakeholders (else None)."""
    from mlsourcing import weights as weights_mod

    ds = _required(_load(data), require)
    if not stakeholders:
        return ds, weights_mod.resolve(ds, weights or [], profile), None
    if profile is not None:
        raise UsageError("--stakeholders and --profile: give one of them")
    from mlsourcing import group

    members = _members(ds)
    base = group.aggregate(list(members.values()), aggregate.value)
    return ds, {**base, **weights_mod.parse_specs(weights or [], ds.criteria)}, members


def _required(ds: "Dataset", require: list[str] | None) -> "Dataset":
    """The dataset with the destinations that fail a requirement set aside."""
    if not require and not ds.requirements:
        return ds  # and the requirements module is not imported for nothing
    from mlsourcing import requirements

    return requirements.apply(ds, requirements.resolve(ds, require or []))


def _members(ds: "Dataset") -> dict[str, dict[str, float]]:
    """Each stakeholder's own normalised weights."""
    from mlsourcing import group

    if not ds.stakeholders:
        raise InputError("stakeholders", f"{ds.path} defines no [stakeholders] tables")
    return {key: group.weights_of(ds, who) for key, who in ds.stakeholders.items()}


def _ranked(
    data: str | None,
    weights: list[str] | None,
    profile: str | None,
    method: Method,
    missing: Missing,
    stakeholders: bool = False,
    aggregate: Aggregate = Aggregate.mean,
    require: list[str] | None = None,
) -> tuple["Dataset", "Ranking"]:
    """Load the dataset and rank it under the command line's weights."""
    from mlsourcing import scoring

    ds, overrides, _ = _weighted(data, weights, profile, stakeholders, aggregate, require)
    return ds, scoring.rank(ds, overrides, method, missing=missing)


def _find(ds: "Dataset", query: str) -> str:
    slug = ds.find_destination(query)
    aside = None if slug is not None else ds.find_set_aside(query)
    if aside is not None:
        raise UsageError(
            f"{aside.name} is set aside by the requirements ({'; '.join(aside.reasons)}); "
            "drop the --require, or give --require none for the dataset's own"
        )
    if slug is None:
        names = [d.name for d in ds.destinations.values()]
        raise UsageError(f"unknown destination '{cap(query)}'{suggest(query[:200], names)}")
    return slug


def _rows(fmt: Format, top: int | None, all_rows: bool, count: int) -> int | None:
    """How many leading rows to show: --top, or every row with --all; a terminal
    table of a large dataset shows the top TABLE_SHOWN (the footer says so)."""
    if all_rows and top is not None:
        raise UsageError("--all and --top: give one of them")
    if fmt is Format.table and top is None and not all_rows and count > TABLE_LIMIT:
        return TABLE_SHOWN
    return top


def _spread(spread: str) -> float | None:
    """--spread: a number, or 'any' (None)."""
    if spread.strip().lower() == "any":
        return None
    try:
        return float(spread)
    except ValueError:
        raise InputError("spread", f"'{cap(spread)}' is not a number or 'any'") from None


def _emit(
    ctx: typer.Context, fmt: Format, view: object, output: str | None = None, force: bool = False
) -> None:
    from mlsourcing import render

    render.emit(ctx.command.name or "", fmt, view, _env(ctx), output, force)


@app.command(cls=Command)
def rank(
    ctx: typer.Context,
    weights: Weights = None,
    profile: Profile = None,
    data: Data = None,
    method: MethodOpt = Method.wsm,
    missing: MissingOpt = Missing.worst,
    stakeholders: StakeholdersOpt = False,
    aggregate: AggregateOpt = Aggregate.mean,
    require: Require = None,
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
    from mlsourcing import views

    if explain and method not in LINEAR:
        raise UsageError(
            "--explain: points add up to the score only with --method wsm or promethee; "
            f"'mlsourcing show NAME --method {method}' shows each criterion's position"
        )
    ds, ranking = _ranked(data, weights, profile, method, missing, stakeholders, aggregate, require)
    rows = _rows(fmt, top, all_rows, len(ds.destinations))
    view = views.ranking_view(ds, ranking, explain, rows, sources=fmt is Format.xlsx)
    _emit(ctx, fmt, view, output, force)


@app.command(cls=Command)
def show(
    ctx: typer.Context,
    destination: Annotated[str, argument("DESTINATION", "Slug or name, any case (e.g. poland).")],
    weights: Weights = None,
    profile: Profile = None,
    data: Data = None,
    method: MethodOpt = Method.wsm,
    missing: MissingOpt = Missing.worst,
    stakeholders: StakeholdersOpt = False,
    aggregate: AggregateOpt = Aggregate.mean,
    require: Require = None,
    fmt: Annotated[Format, format_option("show")] = Format.table,
) -> None:
    """Show one destination: every value, its score, contribution, source and evidence.

    Example: mlsourcing show poland --weights talent=3
    """
    from mlsourcing import views

    ds, ranking = _ranked(data, weights, profile, method, missing, stakeholders, aggregate, require)
    _emit(ctx, fmt, views.destination_view(ds, ranking, _find(ds, destination)))


@app.command(cls=Command)
def compare(
    ctx: typer.Context,
    destinations: Annotated[
        list[str],
        argument("DESTINATION...", "Two or more destinations (slug or name)."),
    ],
    weights: Weights = None,
    profile: Profile = None,
    data: Data = None,
    method: MethodOpt = Method.wsm,
    missing: MissingOpt = Missing.worst,
    stakeholders: StakeholdersOpt = False,
    aggregate: AggregateOpt = Aggregate.mean,
    require: Require = None,
    fmt: Annotated[Format, format_option("compare")] = Format.table,
    output: Output = None,
    force: Force = False,
) -> None:
    """Compare destinations side by side, and break the score gap down by criterion.

    Example: mlsourcing compare ukraine poland --weights talent=3
    """
    from mlsourcing import views

    ds, ranking = _ranked(data, weights, profile, method, missing, stakeholders, aggregate, require)
    slugs: list[str] = []
    for query in destinations:
        slug = _find(ds, query)
        if slug in slugs:
            raise UsageError(f"compare: '{cap(query)}' is named twice")
        slugs.append(slug)
    if len(slugs) < 2:
        raise UsageError("compare: name at least two destinations")
    _emit(ctx, fmt, views.comparison_view(ds, ranking, slugs), output, force)


@app.command(cls=Command)
def sensitivity(
    ctx: typer.Context,
    weights: Weights = None,
    profile: Profile = None,
    data: Data = None,
    method: MethodOpt = Method.wsm,
    missing: MissingOpt = Missing.worst,
    stakeholders: StakeholdersOpt = False,
    aggregate: AggregateOpt = Aggregate.mean,
    require: Require = None,
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
    from mlsourcing import analysis, views

    spread_value = _spread(spread)
    analysis.check_options(samples, spread_value, seed)
    if distribution and fmt is not Format.json:
        raise UsageError("--distribution: goes with --format json")
    ds, overrides, members = _weighted(data, weights, profile, stakeholders, aggregate, require)
    env = _env(ctx)
    what = "Drawing weights" if vary is Vary.weights else f"Drawing {vary}"
    with env.progress(what, len(ds.destinations) * samples) as progress:
        sens = analysis.sensitivity(
            ds,
            overrides,
            method,
            samples,
            seed,
            spread_value,
            distribution=distribution and fmt is Format.json,
            progress=progress,
            top=_rows(fmt, top, all_rows, len(ds.destinations)),
            missing=missing,
            between=members,
            vary=vary,
            value_spread=value_spread,
        )
    view = views.sensitivity_view(ds, sens, sources=fmt is Format.xlsx)
    _emit(ctx, fmt, view, output, force)


# Commands that manage datasets and weights live beside this module; importing
# them registers them on the app (they import what they share from here).
from mlsourcing import cli_data, cli_weights  # noqa: E402, F401


def _only_the_command_asked_for(argv: list[str]) -> None:
    """Typer builds every command's options at each start (about 1.5 ms each): when
    the command line names one command, build only that one. Help for the whole
    tool, shell completion and unknown names still see every command."""
    words = [a for a in argv if not a.startswith("-")]
    if not words or os.environ.get("_MLSOURCING_COMPLETE"):
        return
    wanted = [
        c
        for c in app.registered_commands
        if c.callback is not None and (c.name or c.callback.__name__) == words[0]
    ]
    if wanted:
        app.registered_commands[:] = wanted


def main() -> None:
    """Console-script entry point."""
    _only_the_command_asked_for(sys.argv[1:])
    try:
        app(prog_name="mlsourcing")
    except SystemExit as exc:
        _leave(exc)


def _leave(exc: SystemExit) -> None:
    """End the process once its output is flushed. Every file the command wrote is
    closed and synced by then, and no exit handler has work to do, so tearing the
    interpreter down object by object (about 20 ms, a tenth of a run) is skipped."""
    if exc.code is not None and not isinstance(exc.code, int):
        raise exc  # a message to print: let Python do it
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.flush()
    os._exit(exc.code or 0)
