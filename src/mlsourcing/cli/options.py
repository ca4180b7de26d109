"""The command line's options, declared once and shared by the commands.

Defaults come from :mod:`mlsourcing.vocab`, the same ones the library uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Any, NamedTuple

import typer
from typer._click.types import StringParamType  # typer 0.28 vendors Click
from typer.core import TyperCommand

from mlsourcing import render
from mlsourcing.mcda import methods
from mlsourcing.vocab import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_SPREAD,
    TABLE_LIMIT,
    TABLE_SHOWN,
    Aggregate,
    Format,
    Method,
    Missing,
    Vary,
)

# Which option an InputError's subject came from, for the one-line error.
OPTION_OF = {
    "weights": "--weights",
    "profile": "--profile",
    "method": "--method",
    "samples": "--samples",
    "seed": "--seed",
    "spread": "--spread",
    "top": "--top",
    "distribution": "--distribution",
    "missing": "--missing",
    "order": "--order",
    "stakeholders": "--stakeholders",
    "aggregate": "--aggregate",
    "swing": "--swing",
    "pairwise": "--pairwise",
    "save-profile": "--save-profile",
    "require": "--require",
    "vary": "--vary",
    "value-spread": "--value-spread",
    "force": "--force",
    "team": "--team",
    "max-team-share": "--max-team-share",
    "size": "--size",
    "among": "--among",
    "include": "--include",
}


class Command(TyperCommand):
    """Usage lines as in every other CLI (``show [OPTIONS] DESTINATION``), not
    Typer 0.28's ``{destination}``."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [
            piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
            for piece in super().collect_usage_pieces(ctx)
        ]


class _Words(StringParamType):
    """Plain text arguments, whose metavar says what they are (no ``<str>``)."""

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return ""


WORDS = _Words()


def argument(metavar: str, help: str) -> Any:
    """A required text argument named ``metavar`` in help and usage."""
    return typer.Argument(metavar=metavar, help=help, show_default=False, click_type=WORDS)


def format_option(command: str) -> Any:
    """``--format`` for one command: exactly the formats render's table gives it."""
    names = [fmt.value for fmt in render.formats(command)]

    def parse(value: str) -> Format:
        if value not in names:
            raise typer.BadParameter(f"'{value}' is not one of {', '.join(names)}")
        return Format(value)

    return typer.Option(
        "--format",
        "-f",
        parser=parse,
        metavar="|".join(names),
        help=f"Output format: {', '.join(names)}.",
        show_default=False,
    )


Data = Annotated[
    str | None,
    typer.Option(
        "--data",
        "-d",
        envvar="MLSOURCING_DATA",
        metavar="PATH|NAME",
        help="Dataset file (TOML), or the name of a bundled dataset (see 'mlsourcing "
        "datasets'). Default: $MLSOURCING_DATA, else the bundled 'countries'.",
        show_default=False,
    ),
]
Weights = Annotated[
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
Require = Annotated[
    list[str] | None,
    typer.Option(
        "--require",
        "-r",
        metavar="COND",
        help="A hard requirement, e.g. 'talent>=3000' (>= > <= < = !=), repeatable: "
        "destinations that fail it, or lack the value, are set aside. Adds to the "
        "dataset's own requirements table (replacing any on the same criterion); 'none' "
        "drops those.",
        show_default=False,
    ),
]
Profile = Annotated[
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


def _either(items: Iterable[str]) -> str:
    """'a, b or c'."""
    words = list(items)
    return " or ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


class _MethodName(StringParamType):
    """--method: the name of a registered method (:mod:`mlsourcing.mcda.methods`), asked
    of the registry when parsing, so that a method registered later is known too."""

    name = "method"

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return "<" + "|".join(methods.names()) + ">"

    def convert(self, value: Any, param: Any, ctx: Any) -> Method:
        if isinstance(value, str) and value in methods.REGISTRY:
            return Method(value)
        choices = ", ".join(f"'{m}'" for m in methods.names())
        self.fail(f"'{value}' is not one of {choices}.", param, ctx)


MethodOpt = Annotated[
    Method,
    typer.Option(
        "--method",
        "-m",
        click_type=_MethodName(),
        help="Scoring method: "
        + _either(f"{m.name} ({m.gist})" for m in methods.REGISTRY.values())
        + "; 'mlsourcing methods' compares them.",
    ),
]
StakeholdersOpt = Annotated[
    bool,
    typer.Option(
        "--stakeholders",
        help="Use the group weights of the dataset's stakeholders tables (see 'mlsourcing "
        "stakeholders'); --weights on top override them.",
    ),
]
AggregateOpt = Annotated[
    Aggregate,
    typer.Option(
        "--aggregate",
        help="How the stakeholders' weights are combined: their mean, or their normalised "
        "geometric mean.",
    ),
]
Output = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of the screen (needed for --format xlsx); an existing "
        "file is replaced only with --force.",
        show_default=False,
    ),
]
Force = Annotated[bool, typer.Option("--force", help="With -o: replace FILE if it exists.")]
MissingOpt = Annotated[
    Missing,
    typer.Option(
        "--missing",
        help="How a missing value is scored: worst (normalised 0), median (the median of "
        "the values present), or ignore (scored on the criteria it has, weights "
        "re-normalised).",
    ),
]
Top = Annotated[
    int | None,
    typer.Option(
        "--top",
        "-n",
        min=1,
        help="Show only the best N destinations (and any tied with the N-th).",
        show_default=False,
    ),
]
AllRows = Annotated[
    bool,
    typer.Option(
        "--all",
        "-a",
        help=f"Every row in a table (by default a table of more than {TABLE_LIMIT} "
        f"destinations shows the top {TABLE_SHOWN}).",
    ),
]
Explain = Annotated[
    bool,
    typer.Option(
        "--explain",
        "-e",
        help="Show each criterion's contribution in points (they sum to the score).",
    ),
]
Samples = Annotated[
    int, typer.Option("--samples", "-s", help="Number of weight draws (at least 1).")
]
Seed = Annotated[
    int, typer.Option("--seed", help="Random seed: the same seed gives the same output.")
]
Spread = Annotated[
    str,
    typer.Option(
        "--spread",
        metavar="X|any",
        help="How far weights move: each is multiplied by a factor uniform on "
        "[1-X, 1+X] (0 <= X <= 1), or 'any' for weights uniform on the simplex.",
    ),
]
VaryOpt = Annotated[
    Vary,
    typer.Option(
        "--vary",
        help="What to draw: weights (the default), values (each range uniformly within "
        "it, with --value-spread the others too), or both.",
    ),
]
ValueSpread = Annotated[
    float,
    typer.Option(
        "--value-spread",
        metavar="X",
        help="With --vary values|both: every value not given as a range moves by up to "
        "+/-100 x X % (0 <= X < 1), kept within its criterion's bounds.",
    ),
]
Team = Annotated[
    int | None,
    typer.Option(
        "--team",
        metavar="N",
        min=1,
        help="Hiring headroom: show what share of each destination's talent pool (the "
        "criterion marked pool = true) a team of N people would be.",
        show_default=False,
    ),
]
MaxTeamShare = Annotated[
    float | None,
    typer.Option(
        "--max-team-share",
        metavar="P",
        help="With --team: set aside the destinations where the team would be more than P % "
        "of the talent pool (0 < P <= 100); the same as --require 'team_share<=P'.",
        show_default=False,
    ),
]
Distribution = Annotated[
    bool,
    typer.Option(
        "--distribution",
        help="With --format json: each destination's full rank distribution (the share "
        "of draws at each rank it takes).",
    ),
]
SAMPLES, SEED, SPREAD = DEFAULT_SAMPLES, DEFAULT_SEED, str(DEFAULT_SPREAD)


class Scoring(NamedTuple):
    """The options every command that scores takes, given once as a bundle (see
    :func:`scoring_options`); a command that lacks one gets its default."""

    weights: list[str] | None = None
    profile: str | None = None
    data: str | None = None
    method: Method = Method.wsm
    missing: Missing = Missing.worst
    stakeholders: bool = False
    aggregate: Aggregate = Aggregate.mean
    require: list[str] | None = None
    team: int | None = None
    max_team_share: float | None = None


# Each field of Scoring: its option, declared once above.
SCORING_OPTIONS: dict[str, Any] = {
    "weights": Weights,
    "profile": Profile,
    "data": Data,
    "method": MethodOpt,
    "missing": MissingOpt,
    "stakeholders": StakeholdersOpt,
    "aggregate": AggregateOpt,
    "require": Require,
    "team": Team,
    "max_team_share": MaxTeamShare,
}


def refuse_inapplicable(ctx: Any, given: Scoring) -> None:
    """An option given that cannot apply is refused, not ignored: --aggregate without
    --stakeholders; --spread when the weights are not drawn around the chosen ones
    (with --stakeholders they are mixes of the stakeholders', with --vary values
    they stay fixed)."""
    from mlsourcing.errors import UsageError

    def typed(name: str) -> bool:  # given on the command line or in the environment
        source = ctx.get_parameter_source(name) if name in ctx.params else None
        return source is not None and source.name in ("COMMANDLINE", "ENVIRONMENT")

    if "stakeholders" in ctx.params and typed("aggregate") and not given.stakeholders:
        raise UsageError("--aggregate: goes with --stakeholders (how their weights combine)")
    if typed("spread") and given.stakeholders:
        raise UsageError(
            "--spread: does not apply with --stakeholders, whose draws mix the stakeholders' "
            "own weights; leave one out"
        )
    if typed("spread") and ctx.params.get("vary") == Vary.values:
        raise UsageError("--spread: does not apply with --vary values (the weights stay fixed)")


def scoring_options(*omit: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the scoring options (all but ``omit``) where its signature has
    ``given: Scoring``; Typer sees each option, the command gets them as one Scoring."""
    import functools
    import inspect

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        signature = inspect.signature(command)
        shared = [
            inspect.Parameter(
                name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=option
            )
            for (name, option), default in zip(
                SCORING_OPTIONS.items(), Scoring._field_defaults.values(), strict=True
            )
            if name not in omit
        ]
        params: list[inspect.Parameter] = []
        for param in signature.parameters.values():
            params += shared if param.name == "given" else [param]

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> None:
            given = Scoring(**{k: kwargs.pop(k) for k in Scoring._fields if k in kwargs})
            if "ctx" in kwargs:
                refuse_inapplicable(kwargs["ctx"], given)
            command(*args, given=given, **kwargs)

        run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        return run

    return decorate
