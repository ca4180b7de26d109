"""The dataset: TOML file -> validated, immutable :class:`Dataset`.

Every problem becomes one :class:`~mlsourcing.errors.DatasetError` whose
message names the file and the table/field at fault (and the line, for TOML
syntax errors). Nothing else escapes :func:`load`. The tables and their keys
are declared once, in :mod:`mlsourcing.data.schema`.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli
from pydantic_core import ValidationError

from mlsourcing.data.checks import check, toml_path
from mlsourcing.data.schema import (
    RANGE_VALIDATOR,
    UNSAFE_TEXT,
    VALIDATOR,
    Criterion,
    Dataset,
    Destination,
    Direction,
    Evidence,
    Profile,
    Range,
    SetAside,
    Source,
    Stakeholder,
    keys_at,
)
from mlsourcing.data.toml import loads as parse_toml
from mlsourcing.errors import DatasetError, suggest
from mlsourcing.files import read_file

__all__ = [
    "Criterion",
    "Dataset",
    "Destination",
    "Direction",
    "Evidence",
    "Profile",
    "Range",
    "SetAside",
    "Source",
    "Stakeholder",
    "bundled_path",
    "from_document",
    "load",
    "loads",
]

# The datasets shipped with mlsourcing, by name; the first is the default.
BUNDLED = {"countries": "countries.toml", "open": "open.toml"}
DEFAULT = "countries"
BUNDLED_NAME = BUNDLED[DEFAULT]


def bundled_path(name: str = DEFAULT) -> Path:
    """A dataset shipped with mlsourcing (inside the wheel, or at the repo root)."""
    package = Path(__file__).resolve().parent.parent
    shipped = package / BUNDLED[name]
    if shipped.is_file():
        return shipped
    return package.parent.parent / BUNDLED[name]  # editable install / source checkout


def locate(data: str | os.PathLike[str] | None) -> tuple[Path, str]:
    """The file ``--data`` names, and how to call it in messages: an existing path
    wins; else a bundled dataset's name; ``None``, the default bundled dataset."""
    if data is None:
        return bundled_path(), f"{BUNDLED_NAME} (bundled)"
    path = Path(data)
    if str(data) in BUNDLED and not path.exists():
        return bundled_path(str(data)), f"{BUNDLED[str(data)]} (bundled)"
    if not path.exists() and os.sep not in str(data) and not str(data).endswith(".toml"):
        raise DatasetError(
            str(data),
            [f"no such file, and no bundled dataset of that name; bundled: {', '.join(BUNDLED)}"],
        )
    return path, str(path)


def is_bundled(file: Path) -> bool:
    """Whether ``file`` (as :func:`locate` gives it) is a dataset shipped with mlsourcing."""
    return file in {bundled_path(name) for name in BUNDLED}


def load(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Read and validate a dataset: a path, a bundled dataset's name, or ``None``
    for the default bundled one."""
    file, label = locate(path)
    return loads(read_file(file, label), label)


def loads(raw: bytes | str, label: str = "<dataset>") -> Dataset:
    """Validate a dataset given as TOML text (bytes are decoded as UTF-8)."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DatasetError(
                label, [f"not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8"]
            ) from None
    else:
        text = raw
    text = text.removeprefix("\ufeff")  # a BOM, as spreadsheet tools write it
    if not text.strip():
        raise DatasetError(label, ["the file is empty; see 'mlsourcing init' for a starter"])
    try:
        document = parse_toml(text)
    except tomli.TOMLDecodeError as exc:
        raise DatasetError(label, [f"TOML syntax error: {exc}"]) from None
    except (RecursionError, MemoryError):
        raise DatasetError(label, ["TOML syntax error: nesting is too deep"]) from None
    return from_document(document, label)


def from_document(document: Mapping[str, Any], label: str = "<dataset>") -> Dataset:
    """Validate an already-parsed TOML document (a dict) into a :class:`Dataset`."""
    try:
        checked = VALIDATOR.validate_python(document)
    except ValidationError as exc:
        raise DatasetError(label, [m for err in exc.errors() for m in _messages(err)]) from None
    except RecursionError:
        raise DatasetError(label, ["nesting is too deep"]) from None
    dataset: Dataset = checked._replace(path=label)
    problems = list(check(dataset))
    if problems:
        raise DatasetError(label, problems)
    return dataset


# ---------------------------------------------------------------------------
# Turning Pydantic's errors into sentences a user can act on.


def _where(loc: tuple[str | int, ...]) -> str:
    parts = [p for p in loc if p != "[key]"]
    return toml_path(*parts) if parts else "top level"


def _short(value: Any) -> str:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names.update({list: "an array", dict: "a table"})
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, (datetime.date, datetime.time)):
        return "a date/time"
    return type(value).__name__


def _messages(err: Any) -> list[str]:
    """One error's sentences: a bad range is validated again on its own, so that the
    key at fault is named (the union of number and range only says it is neither)."""
    value = err.get("input")
    if err["type"] == "value" and isinstance(value, dict):
        try:
            RANGE_VALIDATOR.validate_python(value)
        except ValidationError as exc:
            loc = tuple(err["loc"])
            return [
                _describe({**e, "loc": loc + tuple(e["loc"]), "in_range": True})
                for e in exc.errors()
            ]
    return [_describe(err)]


def _describe(err: Any) -> str:
    loc = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    if kind == "value":
        kind = "number"
    where = _where(loc)
    if kind == "extra_forbidden":
        in_range = err.get("in_range", False)
        allowed = list(Range._fields) if in_range else keys_at([str(p) for p in loc[:-1]])
        key = str(loc[-1])
        return f"{where}: unknown key '{key}'{suggest(key, allowed)}"
    if kind == "missing":
        return f"{where}: required key is missing"
    if kind == "number" and isinstance(value, float):
        return f"{where}: must be a finite number, not {_short(value)}"
    if kind in ("float_type", "float_parsing", "number"):
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{where}: the number {_short(value)} is too large"
        return f"{where}: must be a number, not {_type_name(value)} ({_short(value)})"
    if kind == "finite_number":
        return f"{where}: must be a finite number, not {_short(value)}"
    if kind == "greater_than_equal":
        return f"{where}: must be 0 or more, not {_short(value)}"
    if kind == "dict_type":
        return f"{where}: must be a table, not {_type_name(value)} ({_short(value)})"
    if kind == "string_type":
        return f"{where}: must be a string, not {_type_name(value)} ({_short(value)})"
    if kind == "text_or_date":
        return f"{where}: must be a string or a date, not {_type_name(value)} ({_short(value)})"
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        bad = next(ch for ch in value if re.match(f"[{UNSAFE_TEXT}]", ch))
        what = "a bidirectional override" if ord(bad) >= 0x202A else "a control character"
        return (
            f"{where}: contains {what} (U+{ord(bad):04X}), which could garble or reorder "
            "what a terminal shows; remove it"
        )
    if kind == "requirement":
        return f'{where}: must be a condition such as ">= 3000", or a list of them'
    if kind == "judgement":
        return f'{where}: must be a number or a fraction such as "1/3", not {_short(value)}'
    if kind == "literal_error" and loc and loc[-1] == "scale":
        return f'{where}: must be "linear" or "log", not {_short(value)}'
    if kind == "literal_error":
        return f'{where}: must be "benefit" or "cost", not {_short(value)}'
    return f"{where}: {err['msg']}"


# ---------------------------------------------------------------------------
# Checks that span fields: keys, cross-references, bounds.
