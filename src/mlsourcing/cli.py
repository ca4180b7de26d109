"""The ``mlsourcing`` command: parses options, calls the core, picks a renderer.

Kept thin and light: the dataset, scoring and rendering modules are imported
inside the commands, so ``--help`` and shell completion stay fast.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from mlsourcing import __version__
from mlsourcing.errors import ExitCode, MlsourcingError, one_line

if TYPE_CHECKING:
    from mlsourcing.dataset import Dataset
    from mlsourcing.scoring import Ranking

F = TypeVar("F", bound=Callable[..., Any])


class _OneLineErrors(TyperGroup):
    """Report command-line errors found while parsing (bad option value, unknown
    option, missing argument) as one line on stderr, like every other error."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
        except typer.Abort:
            sys.stderr.write("mlsourcing: aborted\n")
            sys.exit(1)
        except Exception as exc:
            code = getattr(exc, "exit_code", None)
            message = getattr(exc, "format_message", None)
            if not isinstance(code, int) or message is None:
                raise
            ctx = getattr(exc, "ctx", None)
            text = " ".join(str(message()).split()).replace("Value error, ", "")
            if text:  # empty when the help was shown for a bare 'mlsourcing'
                hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
                sys.stderr.write(f"mlsourcing: error: {text}{hint}\n")
            sys.exit(code)
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(
    name="mlsourcing",
    cls=_OneLineErrors,
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
)


class TableJson(str, Enum):
    table = "table"
    json = "json"


class TableCsvJson(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class RankFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


TableJsonOption = Annotated[TableJson, typer.Option("--format", "-f", help="Output format.")]
TableCsvJsonOption = Annotated[TableCsvJson, typer.Option("--format", "-f", help="Output format.")]
RankFormatOption = Annotated[RankFormat, typer.Option("--format", "-f", help="Output format.")]

_state = {"debug": False}

DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        "-d",
        envvar="MLSOURCING_DATA",
        metavar="PATH",
        help="Dataset file (TOML). Default: $MLSOURCING_DATA, else the bundled dataset.",
        show_default=False,
    ),
]
WeightsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--weights",
        "-w",
        metavar="SPEC",
        help="Weights as criterion=number, comma-separated or repeated (talent=3,big_tech=2). "
        "Criteria not named keep their default weight.",
        show_default=False,
    ),
]


def _debugging() -> bool:
    return _state["debug"] or bool(
        os.environ.get("MLSOURCING_DEBUG") or os.environ.get("TYPER_STANDARD_TRACEBACK")
    )


def _fail(message: str, code: int) -> typer.Exit:
    sys.stderr.write(f"mlsourcing: error: {message}\n")
    sys.stderr.flush()
    return typer.Exit(code)


def reported(func: F) -> F:
    """Turn expected failures into one line on stderr and an exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
            sys.stdout.flush()
            return result
        except MlsourcingError as exc:
            raise _fail(str(exc), exc.exit_code) from None
        except typer.Exit:
            raise
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # a closed pipe (| head): Typer exits quietly
            if _debugging():
                raise
            raise _fail(one_line(str(exc)), ExitCode.DATASET) from None
        except Exception as exc:  # an unexpected bug: one line, no locals
            if _debugging():
                raise
            what = f"{type(exc).__name__}: {one_line(str(exc))}"
            raise _fail(
                f"internal error ({what}). This is a bug in mlsourcing {__version__}: please "
                "report it with the command you ran. Run again with --debug to see the traceback.",
                ExitCode.INTERNAL,
            ) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mlsourcing {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
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
    _state["debug"] = debug


class Method(str, Enum):
    wsm = "wsm"
    topsis = "topsis"


ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="NAME",
        help="A named weight set from the dataset (see 'mlsourcing profiles'); "
        "--weights override its weights.",
        show_default=False,
    ),
]
MethodOption = Annotated[
    Method,
    typer.Option(
        "--method",
        "-m",
        help="Scoring method: wsm (weighted sum) or topsis (distance to the ideal).",
    ),
]
TopOption = Annotated[
    int | None,
    typer.Option(
        "--top", "-n", min=1, help="Show only the best N destinations.", show_default=False
    ),
]


def _load(data: str | None) -> Dataset:
    """The dataset named by --data / $MLSOURCING_DATA, else the bundled one."""
    from mlsourcing import dataset
    from mlsourcing.errors import UsageError

    if data is not None and not data.strip():
        raise UsageError("--data: the path is empty; name a dataset file, or leave --data out")
    return dataset.load(data)


def _weighted(
    data: str | None, weights: list[str] | None, profile: str | None
) -> tuple[Dataset, dict[str, float]]:
    """Load the dataset and resolve the command line's weights (profile, then --weights)."""
    from mlsourcing import weights as weights_mod

    ds = _load(data)
    return ds, weights_mod.resolve(ds, weights or [], profile)


def _ranked(
    data: str | None, weights: list[str] | None, profile: str | None, method: Method
) -> tuple[Dataset, Ranking]:
    """Load the dataset and rank it under the command line's weights."""
    from mlsourcing import scoring

    ds, overrides = _weighted(data, weights, profile)
    return ds, scoring.rank(ds, overrides, method.value)


def _find(ds: Dataset, query: str) -> str:
    from mlsourcing.errors import UsageError, suggest

    slug = ds.find_destination(query)
    if slug is None:
        names = [d.name for d in ds.destinations.values()]
        raise UsageError(f"unknown destination '{query}'{suggest(query, names)}")
    return slug


@app.command()
@reported
def rank(
    weights: WeightsOption = None,
    profile: ProfileOption = None,
    data: DataOption = None,
    method: MethodOption = Method.wsm,
    fmt: RankFormatOption = RankFormat.table,
    top: TopOption = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            "-e",
            help="Show each criterion's contribution in points (they sum to the score).",
        ),
    ] = False,
) -> None:
    """Rank every destination by weighted score.

    Examples: mlsourcing rank --weights talent=3,big_tech=2 ;
    mlsourcing rank --profile fast_team ; mlsourcing rank --format csv > ranking.csv
    """
    from mlsourcing import render
    from mlsourcing.errors import UsageError

    if explain and method is not Method.wsm:
        raise UsageError(
            "--explain: points add up to the score only with --method wsm; "
            "'mlsourcing show NAME --method topsis' shows each criterion's position"
        )
    ds, ranking = _ranked(data, weights, profile, method)
    if fmt is RankFormat.csv:
        render.write(render.ranking_csv(ds, ranking, explain, top))
    elif fmt is RankFormat.json:
        render.write(render.to_json(render.ranking_document(ds, ranking, top)))
    elif fmt is RankFormat.markdown:
        render.write(render.ranking_markdown(ds, ranking, explain, top))
    else:
        render.ranking_table(ds, ranking, explain, top)


@app.command()
@reported
def show(
    destination: Annotated[str, typer.Argument(help="Slug or name, any case (e.g. poland).")],
    weights: WeightsOption = None,
    profile: ProfileOption = None,
    data: DataOption = None,
    method: MethodOption = Method.wsm,
    fmt: TableJsonOption = TableJson.table,
) -> None:
    """Show one destination: every value, its score, contribution, source and evidence.

    Example: mlsourcing show poland --weights talent=3
    """
    from mlsourcing import render

    ds, ranking = _ranked(data, weights, profile, method)
    slug = _find(ds, destination)
    if fmt is TableJson.json:
        render.write(render.to_json(render.destination_document(ds, ranking, slug)))
    else:
        render.destination_table(ds, ranking, slug)


@app.command()
@reported
def compare(
    destinations: Annotated[
        list[str],
        typer.Argument(help="Two or more destinations (slug or name).", show_default=False),
    ],
    weights: WeightsOption = None,
    profile: ProfileOption = None,
    data: DataOption = None,
    method: MethodOption = Method.wsm,
    fmt: TableJsonOption = TableJson.table,
) -> None:
    """Compare destinations side by side, and break the score gap down by criterion.

    Example: mlsourcing compare ukraine poland --weights talent=3
    """
    from mlsourcing import render
    from mlsourcing.errors import UsageError

    ds, ranking = _ranked(data, weights, profile, method)
    slugs: list[str] = []
    for query in destinations:
        slug = _find(ds, query)
        if slug in slugs:
            raise UsageError(f"compare: '{query}' is named twice")
        slugs.append(slug)
    if len(slugs) < 2:
        raise UsageError("compare: name at least two destinations")
    doc = render.compare_document(ds, ranking, slugs)
    if fmt is TableJson.json:
        render.write(render.to_json(doc))
    else:
        render.compare_table(ds, doc)


@app.command()
@reported
def sensitivity(
    weights: WeightsOption = None,
    profile: ProfileOption = None,
    data: DataOption = None,
    method: MethodOption = Method.wsm,
    samples: Annotated[
        int, typer.Option("--samples", "-s", help="Number of weight draws (at least 1).")
    ] = 1000,
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed: the same seed gives the same output.")
    ] = 20261125,
    spread: Annotated[
        str,
        typer.Option(
            "--spread",
            metavar="X|any",
            help="How far weights move: each is multiplied by a factor uniform on "
            "[1-X, 1+X] (0 <= X <= 1), or 'any' for weights uniform on the simplex.",
        ),
    ] = "0.5",
    fmt: TableCsvJsonOption = TableCsvJson.table,
    top: TopOption = None,
) -> None:
    """How robust is the ranking to the weights, and what weight would change the winner?

    Monte Carlo over weights (share of draws each destination ranks first, rank
    range) and exact tipping points per criterion.
    Example: mlsourcing sensitivity --spread any --samples 5000
    """
    from mlsourcing import analysis, render
    from mlsourcing.errors import UsageError

    if spread.strip().lower() == "any":
        spread_value: float | None = None
    else:
        try:
            spread_value = float(spread)
        except ValueError:
            raise UsageError(f"--spread: '{spread}' is not a number or 'any'") from None
    analysis.check_options(samples, spread_value)
    ds, overrides = _weighted(data, weights, profile)
    with render.progress_bar("Drawing weights", len(ds.destinations) * samples) as progress:
        sens = analysis.sensitivity(
            ds,
            overrides,
            method.value,
            samples,
            seed,
            spread_value,
            distribution=fmt is TableCsvJson.json,
            progress=progress,
        )
    if fmt is TableCsvJson.json:
        render.write(render.to_json(render.sensitivity_document(ds, sens, top)))
    elif fmt is TableCsvJson.csv:
        render.write(render.sensitivity_csv(sens, top))
    else:
        render.sensitivity_table(ds, sens, top)


@app.command()
@reported
def profiles(
    data: DataOption = None,
    fmt: TableJsonOption = TableJson.table,
) -> None:
    """List the dataset's named weight profiles, for use with --profile NAME."""
    from mlsourcing import render

    ds = _load(data)
    if fmt is TableJson.json:
        render.write(render.to_json(render.profiles_document(ds)))
    else:
        render.profiles_table(ds)


@app.command()
@reported
def init(
    path: Annotated[str, typer.Argument(help="Where to write the dataset ('-' for stdout).")],
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

    from mlsourcing import dataset, files, render

    if blank:
        text = resources.files("mlsourcing").joinpath("starter.toml").read_text(encoding="utf-8")
    else:
        text = dataset.bundled_path().read_text(encoding="utf-8")
    if path == "-":
        render.write(text)
        return
    written = files.write_new(path, text, force)
    sys.stderr.write(
        f"wrote {written}; check it with 'mlsourcing validate {written}' "
        f"and rank it with 'mlsourcing rank --data {written}'\n"
    )


@app.command()
@reported
def criteria(
    data: DataOption = None,
    fmt: TableCsvJsonOption = TableCsvJson.table,
) -> None:
    """List the criteria: direction, bounds, default weight, description."""
    from mlsourcing import render

    ds = _load(data)
    if fmt is TableCsvJson.json:
        render.write(render.to_json({"dataset": ds.path, "criteria": render.criteria_json(ds)}))
    elif fmt is TableCsvJson.csv:
        render.write(render.criteria_csv(ds))
    else:
        render.criteria_table(ds)


@app.command()
@reported
def validate(
    path: Annotated[str, typer.Argument(help="The dataset file to check.", show_default=False)],
) -> None:
    """Check a dataset file: exit 0 and a summary if it is valid, else every problem and exit 1."""
    from mlsourcing import dataset
    from mlsourcing.errors import DatasetError

    try:
        ds = dataset.load(path)
    except DatasetError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"mlsourcing: error: {exc.source}: {problem}\n")
        raise typer.Exit(exc.exit_code) from None
    missing = sum(1 for d in ds.destinations.values() for k in ds.criteria if k not in d.values)
    counts = [
        (len(ds.criteria), "criterion", "criteria"),
        (len(ds.destinations), "destination", "destinations"),
        (len(ds.sources), "source", "sources"),
        (len(ds.profiles), "profile", "profiles"),
        (missing, "missing value", "missing values"),
    ]
    summary = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)
    typer.echo(f"{path}: valid: {summary}")


def main() -> None:
    """Console-script entry point."""
    if os.environ.get("NO_COLOR"):
        # Typer draws --help with Rich: make it plain too (costs an import of
        # Rich, so only when asked).
        from typer import rich_utils

        rich_utils.COLOR_SYSTEM = None
    app(prog_name="mlsourcing")
