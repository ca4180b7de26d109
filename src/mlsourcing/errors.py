"""The project's own errors and its exit codes, named in one place.

The library raises these without knowing about the command line: an
:class:`InputError` names the *subject* at fault (``weights``, ``method``,
``samples``...), and the command line maps each subject to its option at one
boundary (see :mod:`mlsourcing.cli.boundary`); a :class:`Hint` names
what to do by subject as well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum, IntEnum
from typing import NamedTuple, TypeVar

ECHO_LIMIT = 60  # characters of a user's text quoted in a message


class ExitCode(IntEnum):
    """Exit codes of the ``mlsourcing`` command (documented in docs/reference.md)."""

    OK = 0
    DATASET = 1  # a bad dataset file, or a file that may not be written
    USAGE = 2  # a bad command line
    INTERNAL = 70  # a bug in mlsourcing (EX_SOFTWARE): please report it
    OUTPUT = 74  # the output could not be written (EX_IOERR): disk full, stdout closed


def one_line(text: str) -> str:
    """Escape control characters and line separators (as in a Python string literal),
    so a message quoting a user's key or name stays on one line."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def cap(text: str, limit: int = ECHO_LIMIT) -> str:
    """A user's text as quoted in a message: its start, and how much was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text):,} characters)"


class Hint(NamedTuple):
    """What the user can do about an error, naming a *subject* (``force``, ``top``)
    that the front end spells as its option: ``text`` has ``{0}`` where it goes."""

    text: str  # appended to the message as it is: "; use {0} to replace it"
    subject: str

    def told(self, option_of: Callable[[str], str] | None = None) -> str:
        """The hint, with the subject spelt by ``option_of`` (else as itself)."""
        return self.text.format(self.subject if option_of is None else option_of(self.subject))


class MlsourcingError(Exception):
    """An expected failure: shown to the user as one line, never a traceback."""

    exit_code: ExitCode = ExitCode.DATASET
    hint: Hint | None = None

    def __init__(self, message: str, hint: Hint | None = None) -> None:
        self.hint = hint
        super().__init__(one_line(message))

    def lines(self, option_of: Callable[[str], str] | None = None) -> list[str]:
        """What the user is told, one line each; a hint's subject spelt by ``option_of``."""
        return [str(self) + ("" if self.hint is None else self.hint.told(option_of))]


class DatasetError(MlsourcingError):
    """A dataset that cannot be read or is not valid.

    ``problems`` holds every problem found (the message is the first one, with a
    count of the rest); :meth:`in_full` makes the error list them all.
    """

    exit_code = ExitCode.DATASET

    def __init__(self, source: str, problems: list[str], full: bool = False) -> None:
        self.source = cap(one_line(source), 200)
        self.problems = [one_line(p) for p in problems]
        self.full = full
        first = f"{self.source}: {self.problems[0]}"
        more = len(problems) - 1
        if more:
            first += (
                f" (and {more} more problem{'s' if more > 1 else ''}; run 'mlsourcing validate')"
            )
        super().__init__(first)

    def in_full(self) -> DatasetError:
        """The same error, told as every problem on its own line."""
        return DatasetError(self.source, self.problems, full=True)

    def lines(self, option_of: Callable[[str], str] | None = None) -> list[str]:
        if self.full:
            return [f"{self.source}: {p}" for p in self.problems]
        return [str(self)]


class InputError(MlsourcingError):
    """A bad value given to the library: weights, a method, a profile, a destination,
    or an analysis setting. ``subject`` names which; the message does not repeat it."""

    exit_code = ExitCode.USAGE

    def __init__(self, subject: str, message: str, hint: Hint | None = None) -> None:
        self.subject = subject
        self.message = one_line(message)
        super().__init__(f"{subject}: {message}", hint)

    def lines(self, option_of: Callable[[str], str] | None = None) -> list[str]:
        spell = (lambda s: s) if option_of is None else option_of
        hint = "" if self.hint is None else self.hint.told(option_of)
        return [f"{spell(self.subject)}: {self.message}{hint}"]


class UsageError(MlsourcingError):
    """A bad command line that is not about one library input (told as it is)."""

    exit_code = ExitCode.USAGE


class WriteError(MlsourcingError):
    """A file that may not, or could not, be written (exit 1)."""

    exit_code = ExitCode.DATASET


class OutputError(MlsourcingError):
    """The output could not be written: a full disk, a closed stdout, a device."""

    exit_code = ExitCode.OUTPUT


class ClosedPipe(Exception):
    """The reader of the output went away (``| head``): the command ends quietly,
    exit 0. Not an OSError, so that nothing on the way mistakes it for a failure."""


E = TypeVar("E", bound=Enum)


def named(kind: type[E], value: str | E, subject: str, what: str) -> E:
    """``value`` as one of ``kind``'s names, else an InputError suggesting one."""
    try:
        return kind(value)
    except ValueError:
        known = [str(m.value) for m in kind]
        raise InputError(
            subject, f"unknown {what} '{cap(str(value))}'{suggest(str(value), known)}"
        ) from None


def suggest(word: str, choices: Iterable[str]) -> str:
    """Return "; did you mean 'x'?" for the closest choice, or a list of choices."""
    import difflib  # only when a suggestion is made: 4 ms of every start otherwise

    options = list(choices)
    close = difflib.get_close_matches(word.lower(), [c.lower() for c in options], n=1, cutoff=0.5)
    if close:
        match = next(c for c in options if c.lower() == close[0])
        return f"; did you mean '{match}'?"
    if not options:
        return ""
    shown = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    return f"; choose from: {shown}"
