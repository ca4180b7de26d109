"""The dataset: TOML file -> validated, immutable :class:`Dataset`.

Every problem becomes one :class:`~mlsourcing.errors.DatasetError` whose
message names the file and the table/field at fault (and the line, for TOML
syntax errors). Nothing else escapes :func:`load`.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import tomli
from pydantic_core import SchemaValidator, ValidationError
from pydantic_core import core_schema as cs

from mlsourcing.errors import DatasetError, suggest

BUNDLED_NAME = "countries.toml"
CRITERION_KEY = re.compile(r"[a-z0-9_]+")
SLUG = re.compile(r"[a-z0-9_-]+")

Direction = Literal["benefit", "cost"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where figures come from: cited by :class:`Evidence` through its key."""

    title: str
    url: str | None = None
    publisher: str | None = None
    date: str | datetime.date | None = None  # as published: "2018", or a TOML date
    accessed: str | datetime.date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a destination has the value it has on one criterion (or why it has none)."""

    source: str
    note: str


@dataclass(frozen=True, slots=True)
class Criterion:
    label: str
    direction: Direction
    weight: float = 1.0
    description: str = ""
    unit: str = ""
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True, slots=True)
class Destination:
    name: str
    description: str = ""
    values: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Profile:
    """A named set of weights; criteria it does not name keep their default weight."""

    weights: dict[str, float]
    description: str = ""


@dataclass(frozen=True, slots=True)
class Dataset:
    criteria: dict[str, Criterion]
    destinations: dict[str, Destination]
    title: str = ""
    description: str = ""
    sources: dict[str, Source] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    path: str = "<dataset>"  # where it was read from (not a TOML key)

    def find_destination(self, query: str) -> str | None:
        """The slug of the destination whose slug or name is ``query`` (any case)."""
        wanted = query.strip().casefold()
        for slug, dest in self.destinations.items():
            if wanted in (slug.casefold(), dest.name.casefold()):
                return slug
        return None


# ---------------------------------------------------------------------------
# The schema, validated by pydantic-core (Pydantic's engine) directly: model
# classes would cost tens of milliseconds of schema building and plugin
# discovery at every start of the command; this schema builds in 0.1 ms.
# Strict: a string, boolean or date where a number belongs is an error, not
# coerced. Unknown keys (typos) are errors, not silently ignored.

_TEXT = cs.str_schema(strict=True)
# An integer stays an integer (exact, and written back as typed); any other
# number is a finite float. The one error type lets _describe word it by input.
_NUMBER = cs.union_schema(
    [
        cs.int_schema(strict=True, ge=-(2**53), le=2**53),
        cs.float_schema(strict=True, allow_inf_nan=False),
    ],
    custom_error_type="number",
    custom_error_message="must be a finite number",
)
_WEIGHT = cs.float_schema(strict=True, allow_inf_nan=False, ge=0)
_DATE = cs.union_schema(
    [_TEXT, cs.date_schema(strict=True), cs.datetime_schema(strict=True)],
    custom_error_type="text_or_date",
    custom_error_message="must be a string or a date",
)


def _table(fields: Mapping[str, tuple[Mapping[str, Any], bool]]) -> cs.TypedDictSchema:
    return cs.typed_dict_schema(
        {key: cs.typed_dict_field(schema, required=req) for key, (schema, req) in fields.items()},
        extra_behavior="forbid",
    )


def _map(values: cs.CoreSchema) -> cs.DictSchema:
    return cs.dict_schema(cs.str_schema(), values)


# Each table's keys: (schema, required). Also used to suggest a key for a typo.
_SOURCE = {
    "title": (_TEXT, True),
    "url": (_TEXT, False),
    "publisher": (_TEXT, False),
    "date": (_DATE, False),
    "accessed": (_DATE, False),
    "note": (_TEXT, False),
}
_EVIDENCE = {"source": (_TEXT, True), "note": (_TEXT, True)}
_CRITERION = {
    "label": (_TEXT, True),
    "direction": (cs.literal_schema(["benefit", "cost"]), True),
    "weight": (_WEIGHT, False),
    "description": (_TEXT, False),
    "unit": (_TEXT, False),
    "min": (_NUMBER, False),
    "max": (_NUMBER, False),
}
_DESTINATION = {
    "name": (_TEXT, True),
    "description": (_TEXT, False),
    "values": (_map(_NUMBER), False),
    "evidence": (_map(_table(_EVIDENCE)), False),
}
_PROFILE = {"description": (_TEXT, False), "weights": (_map(_WEIGHT), True)}
_DATASET = {
    "title": (_TEXT, False),
    "description": (_TEXT, False),
    "criteria": (_map(_table(_CRITERION)), True),
    "destinations": (_map(_table(_DESTINATION)), True),
    "sources": (_map(_table(_SOURCE)), False),
    "profiles": (_map(_table(_PROFILE)), False),
}
_VALIDATOR = SchemaValidator(_table(_DATASET))


def _build(doc: dict[str, Any], label: str) -> Dataset:
    """Typed, immutable objects from a document the schema has accepted."""
    return Dataset(
        criteria={k: Criterion(**c) for k, c in doc["criteria"].items()},
        destinations={
            k: Destination(
                name=d["name"],
                description=d.get("description", ""),
                values=d.get("values", {}),
                evidence={c: Evidence(**e) for c, e in d.get("evidence", {}).items()},
            )
            for k, d in doc["destinations"].items()
        },
        title=doc.get("title", ""),
        description=doc.get("description", ""),
        sources={k: Source(**v) for k, v in doc.get("sources", {}).items()},
        profiles={k: Profile(**v) for k, v in doc.get("profiles", {}).items()},
        path=label,
    )


def bundled_path() -> Path:
    """The dataset shipped with mlsourcing (inside the wheel, or at the repo root)."""
    here = Path(__file__).resolve().parent
    shipped = here / BUNDLED_NAME
    if shipped.is_file():
        return shipped
    return here.parent.parent / BUNDLED_NAME  # editable install / source checkout


def load(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Read and validate a dataset; ``None`` means the bundled one."""
    file = Path(path) if path is not None else bundled_path()
    label = str(file) if path is not None else f"{BUNDLED_NAME} (bundled)"
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise DatasetError(label, ["file not found"]) from None
    except IsADirectoryError:
        raise DatasetError(label, ["is a directory, not a dataset file"]) from None
    except OSError as exc:
        raise DatasetError(label, [f"cannot read: {exc.strerror or exc}"]) from None
    return loads(raw, label)


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
    with _no_gc_pauses():
        try:
            document = tomli.loads(text)
        except tomli.TOMLDecodeError as exc:
            raise DatasetError(label, [f"TOML syntax error: {exc}"]) from None
        except (RecursionError, MemoryError):
            raise DatasetError(label, ["TOML syntax error: nesting is too deep"]) from None
        return from_document(document, label)


@contextlib.contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Parsing builds hundreds of thousands of small objects and no reference
    cycles, so the cyclic garbage collector's passes are pure cost (about 8 % of
    loading 10,000 destinations): pause it, and restore it as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def from_document(document: Mapping[str, Any], label: str = "<dataset>") -> Dataset:
    """Validate an already-parsed TOML document (a dict) into a :class:`Dataset`."""
    try:
        checked = _VALIDATOR.validate_python(document)
    except ValidationError as exc:
        raise DatasetError(label, [_describe(err) for err in exc.errors()]) from None
    except RecursionError:
        raise DatasetError(label, ["nesting is too deep"]) from None
    dataset = _build(checked, label)
    problems = list(_check(dataset))
    if problems:
        raise DatasetError(label, problems)
    return dataset


# ---------------------------------------------------------------------------
# Turning Pydantic's errors into sentences a user can act on.

_TABLES: dict[tuple[str, ...], Mapping[str, object]] = {
    (): _DATASET,
    ("criteria", "*"): _CRITERION,
    ("destinations", "*"): _DESTINATION,
    ("destinations", "*", "evidence", "*"): _EVIDENCE,
    ("sources", "*"): _SOURCE,
    ("profiles", "*"): _PROFILE,
}


def _keys_at(table: tuple[str, ...]) -> list[str]:
    for pattern, fields in _TABLES.items():
        if len(pattern) == len(table) and all(
            p in ("*", t) for p, t in zip(pattern, table, strict=True)
        ):
            return list(fields)
    return []


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


def _describe(err: Any) -> str:
    loc = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    where = _where(loc)
    if kind == "extra_forbidden":
        allowed = _keys_at(tuple(str(p) for p in loc[:-1]))
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
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{where}: must be a table, not {_type_name(value)} ({_short(value)})"
    if kind == "string_type":
        return f"{where}: must be a string, not {_type_name(value)} ({_short(value)})"
    if kind == "text_or_date":
        return f"{where}: must be a string or a date, not {_type_name(value)} ({_short(value)})"
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
    bounded: dict[str, Criterion] = {}
    for key, crit in ds.criteria.items():
        if not CRITERION_KEY.fullmatch(key):
            yield f"{_path('criteria', key)}: a criterion key may hold only a-z, 0-9 and _"
        if crit.min is not None and crit.max is not None and not crit.min < crit.max:
            yield (
                f"{_path('criteria', key)}: min ({_num(crit.min)}) must be less than "
                f"max ({_num(crit.max)})"
            )
        elif crit.min is not None or crit.max is not None:
            bounded[key] = crit
    names: dict[str, str] = {}
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
        values = dest.values
        for key in values.keys() - known:
            where = _path("destinations", slug, "values", key)
            yield f"{where}: unknown criterion{suggest(key, ds.criteria)}"
        for key, crit in bounded.items():
            value = values.get(key)
            if value is None:
                continue
            lo, hi = crit.min, crit.max
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                where = _path("destinations", slug, "values", key)
                low = "-inf" if lo is None else _num(lo)
                high = "inf" if hi is None else _num(hi)
                yield f"{where}: {_num(value)} is outside the bounds [{low}, {high}]"
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


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _path(*parts: str | int) -> str:
    """A TOML-style dotted path; keys that are not bare keys are quoted."""
    return ".".join(
        str(p)
        if isinstance(p, int) or _BARE_KEY.fullmatch(p)
        else json.dumps(p, ensure_ascii=False)
        for p in parts
    )


def _num(x: float) -> str:
    """A number exactly as given: integral floats without '.0', others in full."""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e16 else repr(x)
