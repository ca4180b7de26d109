"""The project's own errors and its exit codes, named in one place."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the ``mlsourcing`` command (documented in README.md)."""

    OK = 0
    DATASET = 1  # a bad dataset file, or a file that may not be written
    USAGE = 2  # a bad command line
    INTERNAL = 70  # a bug in mlsourcing (EX_SOFTWARE): please report it


def one_line(text: str) -> str:
    """Escape control characters and line separators (as in a Python string literal),
    so a message quoting a user's key or name stays on one line."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


class MlsourcingError(Exception):
    """An expected failure: shown to the user as one line, never a traceback."""

    exit_code: ExitCode = ExitCode.DATASET

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


class DatasetError(MlsourcingError):
    """A dataset that cannot be read or is not valid.

    ``problems`` holds every problem found (the message is the first one, with a
    count of the rest), so ``mlsourcing validate`` can list them all.
    """

    exit_code = ExitCode.DATASET

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = one_line(source)
        self.problems = [one_line(p) for p in problems]
        first = f"{self.source}: {self.problems[0]}"
        more = len(problems) - 1
        if more:
            first += (
                f" (and {more} more problem{'s' if more > 1 else ''}; run 'mlsourcing validate')"
            )
        super().__init__(first)


class UsageError(MlsourcingError):
    """A bad command-line value: a weight, criterion, destination, profile or option."""

    exit_code = ExitCode.USAGE


def suggest(word: str, choices: Iterable[str]) -> str:
    """Return " (did you mean 'x'?)" for the closest choice, or a list of choices."""
    options = list(choices)
    close = difflib.get_close_matches(word.lower(), [c.lower() for c in options], n=1, cutoff=0.5)
    if close:
        match = next(c for c in options if c.lower() == close[0])
        return f"; did you mean '{match}'?"
    if not options:
        return ""
    shown = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    return f"; choose from: {shown}"
