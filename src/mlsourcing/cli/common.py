"""What the commands share: the app they register on, and the steps every command
takes (load the dataset, apply the requirements, resolve the weights, rank, emit).

Kept thin and light: the dataset, scoring and rendering modules are imported
inside these functions, so ``--help`` and shell completion stay fast. Every
error reaches the user through one boundary (:mod:`mlsourcing.cli.boundary`).
"""

# No "from __future__ import annotations": Typer reads every command's signature
# at each start, and string annotations would cost it an eval() each.

import contextlib
import gc
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from mlsourcing import __version__
from mlsourcing.cli.boundary import Boundary
from mlsourcing.cli.options import Scoring
from mlsourcing.errors import InputError, UsageError, cap, suggest
from mlsourcing.render.env import Environment
from mlsourcing.vocab import (
    TABLE_LIMIT,
    TABLE_SHOWN,
    Format,
)

if TYPE_CHECKING:
    from mlsourcing.data.dataset import Dataset
    from mlsourcing.mcda.scoring import Ranking


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
    env_of(ctx).debug = debug


def env_of(ctx: typer.Context) -> Environment:
    env = ctx.find_root().obj
    assert isinstance(env, Environment)
    return env


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading builds hundreds of thousands of small objects and no reference
    cycles, so the cyclic collector's passes are pure cost (about 8 % of loading
    10,000 destinations). The command owns its process: pause it while loading,
    then freeze what was loaded, so that the collections the scoring's own objects
    set off do not walk the whole dataset again and again (as much again)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


# The dataset a command loaded, kept to the end of the process: the command line
# ends with os._exit, so freeing 10,000 destinations object by object as the
# command returns (about 30 ms) would be pure cost. Only the latest is kept.
_KEPT: list["Dataset"] = []


def load_dataset(data: str | None) -> "Dataset":
    """The dataset named by --data / $MLSOURCING_DATA, else the bundled one."""
    from mlsourcing.data import dataset

    if data is not None and not data.strip():
        raise UsageError("--data: the path is empty; name a dataset file, or leave --data out")
    with _gc_paused():
        _KEPT[:] = [dataset.load(data)]
    return _KEPT[0]


def weighted(
    given: Scoring,
) -> tuple["Dataset", dict[str, float], dict[str, dict[str, float]] | None]:
    """Load the dataset, set aside the destinations that fail the requirements, and
    resolve the command line's weights: a profile or the stakeholders' group
    weights, then --weights on top. The third item is each stakeholder's own
    weights, with --stakeholders (else None)."""
    from mlsourcing.weights import specs as weights_mod

    ds = with_requirements(load_dataset(given.data), given)
    if not given.stakeholders:
        return ds, weights_mod.resolve(ds, given.weights or [], given.profile), None
    if given.profile is not None:
        raise UsageError("--stakeholders and --profile: give one of them")
    from mlsourcing.weights import group

    members = members_of(ds)
    for doubt in group.inconsistent(ds):
        warn(doubt)
    base = group.aggregate(list(members.values()), given.aggregate)
    return ds, {**base, **weights_mod.parse_specs(given.weights or [], ds.criteria)}, members


def warn(text: str) -> None:
    """A warning for the person, on stderr, from inside a command."""
    from typer._click.globals import get_current_context

    env = get_current_context().find_root().obj
    assert isinstance(env, Environment)
    env.message(f"mlsourcing: warning: {text}")


def with_requirements(ds: "Dataset", given: Scoring) -> "Dataset":
    """The dataset with the destinations that fail a requirement set aside: the
    dataset's own, --require, and --max-team-share (a share of the talent pool)."""
    if given.max_team_share is not None and given.team is None:
        raise UsageError("--max-team-share: goes with --team N (the team's size)")
    if given.team is not None and ds.pool is None:
        from mlsourcing.data.requirements import NO_POOL

        raise InputError("team", NO_POOL.format(ds.path))
    profile = ds.profiles.get(given.profile) if given.profile else None
    chosen = profile is not None and bool(profile.requirements)
    if not given.require and not ds.requirements and given.max_team_share is None and not chosen:
        return ds  # and the requirements module is not imported for nothing
    from mlsourcing.data import requirements

    required = requirements.resolve(ds, given.require or [], given.team, given.profile)
    if given.team is not None and given.max_team_share is not None:
        required.append(requirements.team_share(ds, given.team, given.max_team_share))
    return requirements.apply(ds, required)


def members_of(ds: "Dataset") -> dict[str, dict[str, float]]:
    """Each stakeholder's own normalised weights."""
    from mlsourcing.weights import group

    if not ds.stakeholders:
        raise InputError("stakeholders", f"{ds.path} defines no [stakeholders] tables")
    return {key: group.weights_of(ds, who) for key, who in ds.stakeholders.items()}


def ranked(given: Scoring) -> tuple["Dataset", "Ranking"]:
    """Load the dataset and rank it under the command line's weights."""
    from mlsourcing.mcda import scoring

    ds, overrides, _ = weighted(given)
    return ds, scoring.rank(ds, overrides, given.method, missing=given.missing)


def find_slug(ds: "Dataset", query: str) -> str:
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


def check_rows(top: int | None, all_rows: bool) -> None:
    """--all and --top ask for different rows: one of them."""
    if all_rows and top is not None:
        raise UsageError("--all and --top: give one of them")


def shown_rows(fmt: Format, top: int | None, all_rows: bool, count: int) -> int | None:
    """How many leading rows to show: --top, or every row with --all; a terminal
    table of a large dataset shows the top TABLE_SHOWN (the footer says so)."""
    check_rows(top, all_rows)
    if fmt is Format.table and top is None and not all_rows and count > TABLE_LIMIT:
        return TABLE_SHOWN
    return top


def spread_of(spread: str) -> float | None:
    """--spread: a number, or 'any' (None)."""
    if spread.strip().lower() == "any":
        return None
    try:
        return float(spread)
    except ValueError:
        raise InputError("spread", f"'{cap(spread)}' is not a number or 'any'") from None


def check_output(fmt: Format, output: str | None, force: bool) -> None:
    """Where the output goes, checked before any work: a workbook needs -o FILE, and
    FILE must be a place the write will be allowed (see files.check_target)."""
    if fmt is Format.xlsx and output is None:
        raise UsageError(f"--format {fmt.value} writes a file: give -o FILE")
    if output is not None:
        if not output.strip():
            raise UsageError("--output: the path is empty; name a file to write")
        from mlsourcing.files import check_target

        check_target(output, force)


def emit(
    ctx: typer.Context, fmt: Format, view: object, output: str | None = None, force: bool = False
) -> None:
    from mlsourcing import render

    render.emit(ctx.command.name or "", fmt, view, env_of(ctx), output, force)
