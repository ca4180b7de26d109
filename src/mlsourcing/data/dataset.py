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
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import tomli
from pydantic_core import ValidationError

from mlsourcing.data.schema import (
    CRITERION_KEY,
    RANGE_VALIDATOR,
    SLUG,
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
from mlsourcing.errors import DatasetError, suggest
from mlsourcing.files import kind_of
from mlsourcing.numbers import exact_number

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
    try:
        with open(file, "rb", opener=_opener) as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise DatasetError(label, ["file not found"]) from None
    except IsADirectoryError:
        raise DatasetError(label, ["is a directory, not a dataset file"]) from None
    except NotARegularFile as exc:
        raise DatasetError(label, [str(exc)]) from None
    except OSError as exc:
        raise DatasetError(label, [f"cannot read: {exc.strerror or exc}"]) from None
    return loads(raw, label)


def _opener(path: str, flags: int) -> int:
    """Open without blocking (a FIFO with no writer would wait forever), then
    accept only a regular file."""
    fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotARegularFile(kind_of(mode))
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return fd


class NotARegularFile(OSError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"is {kind}, not a dataset file")
        self.strerror = str(self)


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
        document = tomli.loads(text)
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
    problems = list(_check(dataset))
    if problems:
        raise DatasetError(label, problems)
    return dataset


# ---------------------------------------------------------------------------
# Turning Pydantic's errors into sentences a user can act on.


def _where(loc: tuple[str | int, ...]) -> str:
    parts = [p for p in loc if p != "[key]"]
    return _path(*parts) if parts else "top level"


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


def _check(ds: Dataset) -> Iterator[str]:
    if not ds.criteria:
        yield "criteria: no criteria defined; add at least one [criteria.<key>] table"
    if not ds.destinations:
        yield "destinations: no destinations defined; add at least one [destinations.<slug>] table"
    if ds.criteria and not any(c.weight > 0 for c in ds.criteria.values()):
        yield (
            "criteria: every criterion's weight is 0; give at least one a positive weight "
            "(a criterion without a weight has weight 1)"
        )
    bounded: dict[str, Criterion] = {}
    for key, crit in ds.criteria.items():
        if not CRITERION_KEY.fullmatch(key):
            yield f"{_path('criteria', key)}: a criterion key may hold only a-z, 0-9 and _"
        if crit.min is not None and crit.max is not None and not crit.min < crit.max:
            yield (
                f"{_path('criteria', key)}: min ({exact_number(crit.min)}) must be less than "
                f"max ({exact_number(crit.max)})"
            )
        elif crit.min is not None or crit.max is not None:
            bounded[key] = crit
        if crit.scale == "log":
            for end, bound in (("min", crit.min), ("max", crit.max)):
                if bound is not None and not bound > 0:
                    yield (
                        f"{_path('criteria', key, end)}: {exact_number(bound)} is not above 0; "
                        "a criterion on a log scale needs positive bounds"
                    )
    logs = [key for key, crit in ds.criteria.items() if crit.scale == "log"]
    names: dict[str, str] = {}
    slugs = {slug.casefold(): slug for slug in ds.destinations}
    codes: dict[str, str] = {}
    known = ds.criteria.keys()
    for slug, dest in ds.destinations.items():
        # Messages are built only for a problem: this loop runs once per value.
        if not SLUG.fullmatch(slug):
            where = _path("destinations", slug)
            yield f"{where}: a destination slug may hold only a-z, 0-9, _ and -"
        folded = dest.name.strip().casefold()
        if not folded:
            yield f"{_path('destinations', slug, 'name')}: must not be empty"
        elif folded in names:
            yield (
                f"{_path('destinations', slug, 'name')}: '{dest.name}' is also the name of "
                f"{_path('destinations', names[folded])}"
            )
        else:
            names[folded] = slug
        code = dest.code.casefold()
        if code and codes.setdefault(code, slug) != slug:
            yield (
                f"{_path('destinations', slug, 'code')}: '{dest.code}' is also the code of "
                f"{_path('destinations', codes[code])}"
            )
        if slugs.get(folded, slug) != slug:
            yield (
                f"{_path('destinations', slug, 'name')}: '{dest.name}' is the slug of "
                f"{_path('destinations', slugs[folded])}, so one of them could not be named; "
                "choose another name"
            )
        values = dest.values
        for key in values.keys() - known:
            where = _path("destinations", slug, "values", key)
            yield f"{where}: unknown criterion{suggest(key, ds.criteria)}"
        for key in logs:
            value = values.get(key)
            if value is not None and not value > 0:
                where = _path("destinations", slug, "values", key)
                yield (
                    f"{where}: {exact_number(value)} is not above 0, and {key} is on a log "
                    "scale; leave the value out if it is unknown"
                )
        for key, crit in bounded.items():
            value = values.get(key)
            if value is None:
                continue
            lo, hi = crit.min, crit.max
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                where = _path("destinations", slug, "values", key)
                low = "-inf" if lo is None else exact_number(lo)
                high = "inf" if hi is None else exact_number(hi)
                yield f"{where}: {exact_number(value)} is outside the bounds [{low}, {high}]"
        for key, ev in dest.evidence.items():
            if key not in known:
                where = _path("destinations", slug, "evidence", key)
                yield f"{where}: unknown criterion{suggest(key, ds.criteria)}"
            if ev.source not in ds.sources:
                where = _path("destinations", slug, "evidence", key, "source")
                yield f"{where}: unknown source '{ev.source}'{suggest(ev.source, ds.sources)}"
    for name, profile in ds.profiles.items():
        for key in profile.weights:
            if key not in ds.criteria:
                where = _path("profiles", name, "weights", key)
                yield f"{where}: unknown criterion{suggest(key, ds.criteria)}"
        if profile.weights and not any(
            profile.weights.get(k, c.weight) > 0 for k, c in ds.criteria.items()
        ):
            yield f"{_path('profiles', name, 'weights')}: every weight is 0"
    yield from _check_ranges(ds, bounded, logs)
    yield from _check_stakeholders(ds)
    if ds.requirements:
        from mlsourcing.data.requirements import from_table
        from mlsourcing.errors import InputError

        try:
            from_table(ds.requirements, ds.criteria)
        except InputError as exc:
            yield f"{exc.subject}: {exc.message}"


def _check_ranges(ds: Dataset, bounded: Mapping[str, Criterion], logs: list[str]) -> Iterator[str]:
    """A range runs from low to high, holds its point estimate, and keeps within the
    criterion's bounds (and above 0 on a log scale)."""
    for slug, dest in ds.destinations.items():
        for key, (low, high) in dest.ranges.items():
            where = _path("destinations", slug, "values", key)
            point = dest.values[key]
            lo = bounded[key].min if key in bounded else None
            hi = bounded[key].max if key in bounded else None
            if not low <= high:
                yield f"{where}: low ({exact_number(low)}) is above high ({exact_number(high)})"
            elif not low <= point <= high:
                yield (
                    f"{where}: value ({exact_number(point)}) is outside the range "
                    f"[{exact_number(low)}, {exact_number(high)}]"
                )
            elif (lo is not None and low < lo) or (hi is not None and high > hi):
                yield (
                    f"{where}: the range [{exact_number(low)}, {exact_number(high)}] goes "
                    "beyond the criterion's bounds"
                )
            elif key in logs and not low > 0:
                yield f"{where}: low ({exact_number(low)}) is not above 0 on a log scale"


def _check_stakeholders(ds: Dataset) -> Iterator[str]:
    """Each stakeholder states one view (weights, order or pairwise) that is valid."""
    if not ds.stakeholders:
        return  # and elicit (with fractions) is not imported for nothing
    from mlsourcing.errors import InputError
    from mlsourcing.weights import elicit

    criteria = list(ds.criteria)
    for key, who in ds.stakeholders.items():
        where = _path("stakeholders", key)
        views = [v for v in ("weights", "order", "pairwise") if getattr(who, v) is not None]
        if len(views) != 1:
            stated = ", ".join(views) if views else "none"
            yield f"{where}: give exactly one of weights, order and pairwise (given: {stated})"
            continue
        try:
            if who.weights is not None:
                for k in who.weights:
                    if k not in ds.criteria:
                        yield f"{where}.weights.{k}: unknown criterion{suggest(k, criteria)}"
                if not any(who.weights.get(k, c.weight) > 0 for k, c in ds.criteria.items()):
                    yield f"{where}.weights: every weight is 0"
            elif who.order is not None:
                elicit.rank_order(who.order, criteria)
            elif who.pairwise is not None:
                elicit.pairwise_matrix(who.pairwise, criteria)
        except InputError as exc:
            yield f"{where}.{exc.subject}: {exc.message}"


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _path(*parts: str | int) -> str:
    """A TOML-style dotted path; keys that are not bare keys are quoted."""
    import json  # only for a message: 3 ms of every start otherwise

    return ".".join(
        str(p)
        if isinstance(p, int) or _BARE_KEY.fullmatch(p)
        else json.dumps(p, ensure_ascii=False)
        for p in parts
    )
