"""The ``mlsourcing`` command line: :func:`main` is the console script.

One module per family of commands (:mod:`~mlsourcing.cli.ranking`,
:mod:`~mlsourcing.cli.data`, :mod:`~mlsourcing.cli.weights`), each registering its
commands on the one app of :mod:`~mlsourcing.cli.common`, which holds what they
share. Every error reaches the user through one boundary
(:mod:`mlsourcing.cli.boundary`).
"""

import contextlib
import os
import sys

from mlsourcing.cli import data, ranking, weights  # noqa: F401  (registers the commands)
from mlsourcing.cli.common import app

__all__ = ["app", "main"]


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


# The linear-algebra library under numpy (OpenBLAS, or MKL) would start a thread per
# core for each matrix product, and busy-wait between them: on two cores they fight
# mlsourcing's own second process and worker threads (sensitivity at 10,000 x 20:
# 1.25 s with them, 1.02 s on one). Set before numpy loads; a value the user set wins.
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")


def main() -> None:
    """Console-script entry point."""
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")
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
