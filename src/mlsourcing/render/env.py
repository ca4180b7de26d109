"""The one place that owns the terminal: streams, colour, width, progress and writing.

Commands and writers never touch ``sys.stdout`` or build a Console: they ask
the :class:`Environment`. Tests swap it (as httpie's tests do) to see what a
person at an 80-column terminal would see without a pseudo-terminal.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Literal, TextIO, Union

from mlsourcing.errors import ClosedPipe, OutputError

if TYPE_CHECKING:
    from rich.console import Console

    from mlsourcing.render.listing import Lines

# What a writer for people returns: laid-out tables and paragraphs (str, wrapped
# here at spaces, so that URLs stay whole); None items are skipped.
Shown = Sequence[Union["Lines", str, None]]
Progress = Callable[[int, int], None]
PROGRESS_WORK = 5_000_000  # destinations x draws below which no progress bar is shown


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # a closed stream
        return False


class Environment:
    """Where output goes and how it looks. Defaults come from the process.

    A plain class (not a dataclass): it is built at every start of the command.
    """

    def __init__(
        self,
        stdout: TextIO | Literal["process"] | None = "process",
        stderr: TextIO | Literal["process"] | None = "process",
        stdout_isatty: bool | None = None,
        stderr_isatty: bool | None = None,
        colour: bool | None = None,
        width: int | None = None,
        debug: bool = False,
    ) -> None:
        self.stdout = sys.stdout if stdout == "process" else stdout
        self.stderr = sys.stderr if stderr == "process" else stderr
        # Given by a test: Rich must believe it; else asked of the stream.
        self._forced_tty = stdout_isatty
        self.stdout_isatty = _isatty(self.stdout) if stdout_isatty is None else stdout_isatty
        self.stderr_isatty = _isatty(self.stderr) if stderr_isatty is None else stderr_isatty
        # NO_COLOR (https://no-color.org): no colour and no other styles
        self.colour = not os.environ.get("NO_COLOR") if colour is None else colour
        self.width = width  # None: the terminal's (or $COLUMNS, else 80)
        self.debug = debug
        self._console: Console | None = None

    def console(self) -> Console:
        """The stdout console (one per run). Rich drops escape codes when stdout is
        not a terminal; with NO_COLOR (https://no-color.org) styles such as bold go
        too, not only colours, so the output has no escape codes at all."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(
                file=self._out(),
                highlight=False,
                color_system="auto" if self.colour else None,
                force_terminal=self._forced_tty,
                width=self.width,
            )
            # Rich ends the process with exit 1 on a closed pipe; we end quietly,
            # exit 0, the same for every format (the boundary handles ClosedPipe).
            self._console.on_broken_pipe = _closed_pipe  # type: ignore[method-assign]
        return self._console

    def _out(self) -> TextIO:
        if self.stdout is None or self.stdout.closed:
            raise OutputError("cannot write the output: standard output is closed")
        return self.stdout

    def write(self, text: str) -> None:
        """Machine output (CSV, JSON, Markdown) to stdout, flushed here so that any
        failure is reported as the output's."""
        out = self._out()
        with _output_errors():
            out.write(text)
            out.flush()

    def columns(self) -> int:
        """The width to lay tables and prose out for: the terminal's, else $COLUMNS,
        else 80 (what Rich would use)."""
        if self.width is not None:
            return self.width
        if self._console is not None:
            return self._console.width
        return shutil.get_terminal_size((80, 24)).columns

    def show(self, items: Shown) -> None:
        """Print what a writer for people returned: plain text unless the output is
        a colour terminal, where Rich draws the styles."""
        from mlsourcing.render.listing import compose

        lines = compose(items, self.columns())
        if not (self.stdout_isatty and self.colour):
            self.write(lines.plain())
            return
        from rich.text import Text

        text = Text(end="")
        for line in lines.lines:
            for segment, style in line:
                text.append(segment, style or None)
            text.append("\n")
        console = self.console()
        with _output_errors():
            console.print(text, soft_wrap=True)
            self._out().flush()

    def message(self, text: str) -> None:
        """A line for the person, on stderr (never mixed into machine output)."""
        if self.stderr is None or self.stderr.closed:
            return
        with contextlib.suppress(OSError):
            self.stderr.write(text + "\n")
            self.stderr.flush()

    @contextlib.contextmanager
    def progress(self, label: str, work: int) -> Iterator[Progress | None]:
        """A progress bar on stderr, only on a terminal and only for big jobs."""
        if work < PROGRESS_WORK or not self.stderr_isatty or self.stderr is None:
            yield None
            return
        from rich.console import Console
        from rich.progress import Progress as Bar

        console = Console(file=self.stderr, color_system="auto" if self.colour else None)
        with Bar(console=console, transient=True) as bar:
            task = bar.add_task(label, total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            yield advance


def _closed_pipe() -> None:
    raise ClosedPipe


@contextlib.contextmanager
def _output_errors() -> Iterator[None]:
    """A closed pipe passes through (the boundary ends quietly); any other failure
    to write is the output's, and says so."""
    try:
        yield
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise ClosedPipe from None
        raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None
    except ValueError as exc:  # writing to a closed file
        raise OutputError(f"cannot write the output: {exc}") from None
