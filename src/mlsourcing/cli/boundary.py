"""The one place where errors meet the user.

Every failure, from parsing the command line to writing the last line, becomes
one line on stderr (a list of lines, for ``validate``) and its exit code; a
bug becomes a one-line report, with a traceback only when asked for.
"""

import contextlib
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from mlsourcing import __version__
from mlsourcing.cli.options import OPTION_OF
from mlsourcing.errors import ClosedPipe, ExitCode, MlsourcingError, cap, one_line
from mlsourcing.render.env import Environment


class Boundary(TyperGroup):
    """The command group, run with Click's standalone mode off so that every
    exception comes here; the :class:`Environment` is created here and handed to
    the commands as Click's context object (tests pass their own as ``obj``)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """``--debug`` works wherever it is typed (``mlsourcing rank --debug``), as users
        type it: it is the group's option, so it moves before the command."""
        end = args.index("--") if "--" in args else len(args)
        if "--debug" in args[1:end]:
            args = ["--debug", *[a for i, a in enumerate(args) if a != "--debug" or i >= end]]
        result: list[str] = super().parse_args(ctx, args)
        return result

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        env = extra.pop("obj", None)
        if not isinstance(env, Environment):
            env = Environment()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, obj=env, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, False, obj=env, **extra)
        except Exception as exc:
            sys.exit(report(exc, env))
        sys.exit(rv if isinstance(rv, int) else 0)


def report(exc: BaseException, env: Environment) -> int:
    """Tell the user what went wrong, once; return the exit code."""
    if isinstance(exc, (ClosedPipe, BrokenPipeError)):
        _silence_stdout()
        return ExitCode.OK
    if isinstance(exc, MlsourcingError):
        for line in exc.lines(option_of):
            env.message(f"mlsourcing: error: {line}")
        return exc.exit_code
    if isinstance(exc, typer.Abort):
        env.message("mlsourcing: aborted")
        return 1
    code, message = getattr(exc, "exit_code", None), getattr(exc, "format_message", None)
    if isinstance(code, int) and message is not None:  # Click: a bad command line
        ctx = getattr(exc, "ctx", None)
        text = " ".join(str(message()).split()).replace("Value error, ", "")
        if text:  # empty when the help was shown for a bare 'mlsourcing'
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            env.message(f"mlsourcing: error: {cap(one_line(text), 300)}{hint}")
        return code
    if (
        env.debug
        or os.environ.get("MLSOURCING_DEBUG")
        or os.environ.get("TYPER_STANDARD_TRACEBACK")
    ):
        raise exc
    what = f"{type(exc).__name__}: {one_line(str(exc))}"
    env.message(
        f"mlsourcing: error: internal error ({what}). This is a bug in mlsourcing {__version__}: "
        "please report it with the command you ran. To see the traceback, run it again as "
        "'mlsourcing --debug COMMAND ...' or with MLSOURCING_DEBUG=1."
    )
    return ExitCode.INTERNAL


def option_of(subject: str) -> str:
    """The option that sets a library subject (``weights`` -> ``--weights``)."""
    return OPTION_OF.get(subject, subject)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush cannot fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
