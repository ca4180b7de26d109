"""The dataset's tables, declared once: each dataclass field is a TOML key.

A field's ``metadata["schema"]`` is the pydantic-core schema of its value; a
field without a default is a required key. :data:`VALIDATOR` is built from
these classes and builds them (in Rust) while it validates, and
:func:`keys_at` reads them to suggest a key for a typo. A new key is one new
field.

Why pydantic-core and not Pydantic's ``TypeAdapter``: importing ``pydantic``
and defining these classes as Pydantic dataclasses costs about 140 ms at
every start of the command, more than the whole floor it is measured against
(docs/performance.md); pydantic-core is the engine Pydantic validates with,
and it is installed as Pydantic's own dependency.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import MISSING, Field, dataclass, field, fields
from typing import Any, Literal

from pydantic_core import SchemaValidator
from pydantic_core import core_schema as cs

CRITERION_KEY = re.compile(r"[a-z0-9_]+")
SLUG = re.compile(r"[a-z0-9_-]+")

Direction = Literal["benefit", "cost"]

# Strict: a string, boolean or date where a number belongs is an error, not
# coerced. Unknown keys (typos) are errors, not silently ignored.
TEXT = cs.str_schema(strict=True)
# An integer stays an integer (exact, and written back as typed); any other
# number is a finite float. The one error type lets the loader word it by input.
NUMBER = cs.union_schema(
    [
        cs.int_schema(strict=True, ge=-(2**53), le=2**53),
        cs.float_schema(strict=True, allow_inf_nan=False),
    ],
    custom_error_type="number",
    custom_error_message="must be a finite number",
)
WEIGHT = cs.float_schema(strict=True, allow_inf_nan=False, ge=0)
DATE = cs.union_schema(
    [TEXT, cs.date_schema(strict=True), cs.datetime_schema(strict=True)],
    custom_error_type="text_or_date",
    custom_error_message="must be a string or a date",
)
DIRECTION = cs.literal_schema(["benefit", "cost"])


def key(
    schema: cs.CoreSchema | type,
    default: Any = MISSING,
    *,
    table_of: bool = False,
    factory: Callable[[], Any] | None = None,
) -> Any:
    """A TOML key: its value's schema (or a dataclass, for a nested table), its
    default (none: required). ``table_of``: a table of such tables by user key."""
    meta = {"schema": schema, "table_of": table_of}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True, slots=True)
class Source:
    """Where figures come from: cited by :class:`Evidence` through its key."""

    title: str = key(TEXT)
    url: str | None = key(TEXT, None)
    publisher: str | None = key(TEXT, None)
    date: str | datetime.date | None = key(DATE, None)  # as published: "2018", or a date
    accessed: str | datetime.date | None = key(DATE, None)
    note: str | None = key(TEXT, None)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a destination has the value it has on one criterion (or why it has none)."""

    source: str = key(TEXT)
    note: str = key(TEXT)


@dataclass(frozen=True, slots=True)
class Criterion:
    label: str = key(TEXT)
    direction: Direction = key(DIRECTION)
    weight: float = key(WEIGHT, 1.0)
    description: str = key(TEXT, "")
    unit: str = key(TEXT, "")
    min: float | None = key(NUMBER, None)
    max: float | None = key(NUMBER, None)


@dataclass(frozen=True, slots=True)
class Destination:
    name: str = key(TEXT)
    description: str = key(TEXT, "")
    values: dict[str, float] = key(cs.dict_schema(cs.str_schema(), NUMBER), factory=dict)
    evidence: dict[str, Evidence] = key(Evidence, table_of=True, factory=dict)


@dataclass(frozen=True, slots=True)
class Profile:
    """A named set of weights; criteria it does not name keep their default weight."""

    weights: dict[str, float] = key(cs.dict_schema(cs.str_schema(), WEIGHT))
    description: str = key(TEXT, "")


@dataclass(frozen=True, slots=True)
class Document:
    """A dataset file's top level."""

    criteria: dict[str, Criterion] = key(Criterion, table_of=True)
    destinations: dict[str, Destination] = key(Destination, table_of=True)
    title: str = key(TEXT, "")
    description: str = key(TEXT, "")
    sources: dict[str, Source] = key(Source, table_of=True, factory=dict)
    profiles: dict[str, Profile] = key(Profile, table_of=True, factory=dict)


def _value_schema(f: Field[Any]) -> cs.CoreSchema:
    schema = f.metadata["schema"]
    if isinstance(schema, type):
        schema = table_schema(schema)
    if f.metadata["table_of"]:
        schema = cs.dict_schema(cs.str_schema(), schema)
    return schema  # type: ignore[no-any-return]


def table_schema(cls: type) -> cs.DataclassSchema:
    """The schema of one table: exactly the class's fields, each as declared."""
    args = []
    for f in fields(cls):
        schema = _value_schema(f)
        if f.default is not MISSING:
            schema = cs.with_default_schema(schema, default=f.default)
        elif f.default_factory is not MISSING:
            schema = cs.with_default_schema(schema, default_factory=f.default_factory)
        args.append(cs.dataclass_field(f.name, schema))
    return cs.dataclass_schema(
        cls,
        cs.dataclass_args_schema(cls.__name__, args, extra_behavior="forbid"),
        [f.name for f in fields(cls)],
        slots=True,
        frozen=True,
    )


VALIDATOR = SchemaValidator(table_schema(Document))


def keys_at(table: Sequence[str]) -> list[str]:
    """The keys allowed in the table at a TOML path (e.g. ``criteria.talent``)."""
    cls: type = Document
    parts = list(table)
    while parts:
        found = {f.name: f for f in fields(cls)}.get(parts.pop(0))
        if found is None or not isinstance(found.metadata["schema"], type):
            return []
        cls = found.metadata["schema"]
        if found.metadata["table_of"]:
            if not parts:
                return []
            parts.pop(0)  # the user's own key
    return [f.name for f in fields(cls)]
