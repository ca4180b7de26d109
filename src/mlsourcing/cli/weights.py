"""Commands about weights and the people behind them: weigh (and, with it, saving a
profile), stakeholders, and explore (the full-screen app).

Registered on the app of :mod:`mlsourcing.cli.common` when :mod:`mlsourcing.cli`
imports this module; heavy modules are imported inside the commands.
"""

# No "from __future__ import annotations": Typer reads these signatures at start-up.

import sys
from collections.abc import Callable
from typing import Annotated

import typer

from mlsourcing.cli.common import app, emit, env_of, load_dataset, with_requirements
from mlsourcing.cli.options import (
    Command,
    Data,
    Scoring,
    format_option,
    scoring_options,
)
from mlsourcing.errors import UsageError
from mlsourcing.render.env import Environment
from mlsourcing.vocab import Format


@app.command(cls=Command)
def weigh(
    ctx: typer.Context,
    order: Annotated[
        str | None,
        typer.Option(
            "--order",
            metavar="A>B=C",
            help="A rank order of every criterion (> more important, = as important): "
            "rank-order centroid weights.",
            show_default=False,
        ),
    ] = None,
    swing: Annotated[
        list[str] | None,
        typer.Option(
            "--swing",
            metavar="SPEC",
            help="Points from 0 to 100 for moving each criterion from its worst to its best "
            "(talent=100,big_tech=60): swing weights.",
            show_default=False,
        ),
    ] = None,
    pairwise: Annotated[
        str | None,
        typer.Option(
            "--pairwise",
            metavar="FILE",
            help='A TOML file with a [pairwise] table ("talent:big_tech" = 3, "1/3" allowed, '
            "Saaty's 1-9 scale): AHP weights and their consistency.",
            show_default=False,
        ),
    ] = None,
    data: Data = None,
    save_profile: Annotated[
        str | None,
        typer.Option(
            "--save-profile",
            metavar="NAME",
            help="Write the weights into the --data file as [profiles.NAME], keeping its "
            "comments and layout.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --save-profile: replace a profile of that name.")
    ] = False,
    fmt: Annotated[Format, format_option("weigh")] = Format.table,
) -> None:
    """Turn judgements into weights: a rank order, swing points, or pairwise comparisons.

    With no option, on a terminal, asks the pairwise questions one by one.
    Example: mlsourcing weigh --order "talent>big_tech>community=local_firms"
    """
    from mlsourcing.data import dataset
    from mlsourcing.data.judgements import load_pairwise
    from mlsourcing.views import listings
    from mlsourcing.weights import elicit, interview

    given = [
        name for name, v in (("--order", order), ("--swing", swing), ("--pairwise", pairwise)) if v
    ]
    if len(given) > 1:
        raise UsageError(
            f"weigh: give one of --order, --swing and --pairwise, not {' and '.join(given)}"
        )
    target, _ = dataset.locate(data)
    if save_profile is not None and not save_profile.strip():
        raise UsageError("--save-profile: the name is empty; name the profile")
    if save_profile is not None and dataset.is_bundled(target):
        raise UsageError(
            "--save-profile: the bundled datasets are read-only; copy one with "
            "'mlsourcing init my.toml' and save into it with --data my.toml"
        )
    ds = load_dataset(data)
    criteria = list(ds.criteria)
    env = env_of(ctx)
    if order:
        result = elicit.rank_order(order, criteria)
    elif swing:
        result = elicit.swing(elicit.parse_points(swing, criteria), criteria)
    elif pairwise:
        result = elicit.ahp(load_pairwise(pairwise), criteria)
    elif env.stdout_isatty and sys.stdin.isatty():
        result = interview.interview(criteria, _asker(env), env.message)
    else:
        raise UsageError(
            "weigh: give --order, --swing or --pairwise FILE, or run it in a terminal to be "
            "asked the pairwise questions"
        )
    saved = None
    if save_profile is not None:  # refuses a profile of that name without --force
        interview.save_profile(target, save_profile, result, force)
        saved = f"profile '{save_profile}' in {target} (use it with --profile {save_profile})"
    emit(ctx, fmt, listings.weigh_view(ds, result, saved))


@app.command(cls=Command)
@scoring_options("weights", "profile", "stakeholders", "team", "max_team_share")
def stakeholders(
    ctx: typer.Context,
    given: Scoring,
    fmt: Annotated[Format, format_option("stakeholders")] = Format.table,
) -> None:
    """The dataset's stakeholders: each one's weights and top choice, the group's
    weights, and how far they agree.

    Example: mlsourcing stakeholders --data examples/stakeholders.toml
    """
    from mlsourcing.analysis import concordance
    from mlsourcing.views import listings

    ds = with_requirements(load_dataset(given.data), given)
    g = concordance.group(ds, given.aggregate, given.method, given.missing)
    emit(ctx, fmt, listings.stakeholders_view(ds, g, given.method, given.missing))


@app.command(cls=Command)
@scoring_options("stakeholders", "aggregate")
def explore(
    ctx: typer.Context,
    given: Scoring,
) -> None:
    """A full-screen explorer: move the weights and watch the ranking change.

    Keys are shown at the bottom; c quits and prints the equivalent 'mlsourcing
    rank' command, so an exploration can be shared.
    Example: mlsourcing explore --data open
    """
    from mlsourcing.mcda import scoring
    from mlsourcing.weights import specs as weights_mod

    ds = with_requirements(load_dataset(given.data), given)
    start = {k: c.weight for k, c in ds.criteria.items()}
    start.update(weights_mod.resolve(ds, given.weights or [], given.profile))
    # ranked before the screen opens: a mistake is one line here, not inside the app
    first = scoring.rank(ds, start, given.method, missing=given.missing)
    env = env_of(ctx)
    if not (env.stdout_isatty and sys.stdin.isatty()):
        raise UsageError("explore: needs a terminal; 'mlsourcing rank' writes to pipes and files")
    from mlsourcing.tui.explore import Explorer

    app = Explorer(
        ds,
        given.data,
        start,
        given.method,
        given.missing,
        given.profile,
        given.require,
        first,
        given.team,
    )
    command = app.explore()
    if command:
        env.write(command + "\n")


def _asker(env: Environment) -> Callable[[str], str]:
    """input(), but Ctrl-C or Ctrl-D at a question first ends the question's line, so
    that what follows (and the shell's prompt) starts on a line of its own."""

    def ask(question: str) -> str:
        try:
            return input(question)
        except (KeyboardInterrupt, EOFError):
            env.write("\n")
            raise

    return ask
