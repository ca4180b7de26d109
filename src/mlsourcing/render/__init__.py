"""Rendering, one module per medium, and the one table from (command, format) to writer.

A writer is ``function(view, env)`` in the medium's module, named after the
command; it returns text (machine formats) or what to show (terminal). A new
format is one new module and one entry per command below; a new command is
one view in :mod:`mlsourcing.views` and its entries here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from mlsourcing.vocab import Format

if TYPE_CHECKING:
    from mlsourcing.render.env import Environment

ALL = (
    "rank",
    "show",
    "compare",
    "sensitivity",
    "profiles",
    "criteria",
    "datasets",
    "diff",
    "weigh",
    "stakeholders",
    "methods",
    "portfolio",
)

# Each format: the module under mlsourcing.render that writes it, and the
# commands it writes (a function of the same name in that module).
FORMATS: dict[Format, tuple[str, tuple[str, ...]]] = {
    Format.table: ("terminal", ALL),
    Format.csv: ("csv", ("rank", "sensitivity", "criteria", "diff", "methods", "portfolio")),
    Format.json: ("json", ALL),
    Format.markdown: ("markdown", ("rank", "methods", "portfolio")),
    Format.xlsx: ("xlsx", ("rank", "sensitivity", "compare", "criteria", "portfolio")),
    Format.html: ("html", ("report",)),
}


def formats(command: str) -> list[Format]:
    """The formats ``command`` writes, its default (the terminal table) first."""
    return [fmt for fmt, (_, commands) in FORMATS.items() if command in commands]


def writer(command: str, fmt: Format) -> Callable[[Any, Environment], Any]:
    """The function that writes ``command``'s view as ``fmt`` (imported on demand)."""
    module_name, commands = FORMATS[fmt]
    if command not in commands:
        raise KeyError(f"{command} does not write {fmt.value}")
    module = importlib.import_module(f"mlsourcing.render.{module_name}")
    found: Callable[[Any, Environment], Any] = getattr(module, command)
    return found


def emit(
    command: str,
    fmt: Format,
    view: object,
    env: Environment,
    output: str | None = None,
    force: bool = False,
) -> None:
    """Write ``view`` as ``fmt`` through the environment, or to the file ``output``
    (never over an existing file unless ``force``). A workbook needs a file."""
    from mlsourcing.errors import UsageError

    out = writer(command, fmt)(view, env)
    if isinstance(out, bytes) and output is None:
        raise UsageError(f"--format {fmt.value} writes a file: give -o FILE")
    if isinstance(out, Iterator):  # text written as it is made (a long JSON list)
        if output is None:
            try:
                for chunk in out:
                    env.write(chunk)
            finally:  # a closed pipe: the writer's own clean-up runs now, not at exit
                close = getattr(out, "close", None)
                if close is not None:
                    close()
            return
        out = "".join(out)
    if output is None:
        if isinstance(out, str):
            env.write(out)
        else:
            env.show(out)
        return
    from mlsourcing.files import write_new
    from mlsourcing.render.listing import compose

    if not isinstance(out, (str, bytes)):  # a table: its plain text
        out = compose(out, env.columns()).plain()
    written = write_new(output, out, force)
    env.message(f"wrote {written}")
