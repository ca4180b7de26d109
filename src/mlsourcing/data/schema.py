"""The dataset's tables, declared once: each annotated field is a TOML key.

A field's type is ``Annotated[python type, schema]``: the pydantic-core schema
of its value, or a table class for a table of such tables by user key. A field
without a default is a required key; a field with no schema (``Dataset.path``)
is not a key. :data:`VALIDATOR` is built from these classes and builds them
while it validates; :func:`keys_at` reads them to suggest a key for a typo. A
new key is one new line.

The tables are NamedTuples, not dataclasses: immutable and typed all the same,
and defining one costs a quarter as much, which counts at every start of the
command (docs/performance.md).

Why pydantic-core and not Pydantic's ``TypeAdapter``: importing ``pydantic``
and building its adapter costs over 100 ms at every start of the command, more
than the whole floor it is measured against; pydantic-core is the engine
Pydantic validates with, installed as Pydantic's own dependency.
"""

# No "from __future__ import annotations": the Annotated schemas are read at run time.

import datetime
import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal, NamedTuple

from pydantic_core import SchemaValidator
from pydantic_core import core_schema as cs

CRITERION_KEY = re.compile(r"[a-z0-9_]+")
SLUG = re.compile(r"[a-z0-9_-]+")

Direction = Literal["benefit", "cost"]

# Strict: a string, boolean or date where a number belongs is an error, not
# coerced. Unknown keys (typos) are errors, not silently ignored.
# No text may hold control characters other than tab and newline (an escape
# sequence would drive the terminal that shows it) or bidirectional overrides
# (they reorder what is shown): UNSAFE_TEXT names them, SAFE_TEXT excludes them.
UNSAFE_TEXT = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
SAFE_TEXT = f"^[^{UNSAFE_TEXT}]*$"
TEXT = cs.str_schema(strict=True, pattern=SAFE_TEXT)
KEY = cs.str_schema(pattern=SAFE_TEXT)
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
Scale = Literal["linear", "log"]
SCALE = cs.literal_schema(["linear", "log"])
FLAG = cs.bool_schema(strict=True)
WEIGHTS = cs.dict_schema(KEY, WEIGHT)


def _keys(cls: Any) -> dict[str, Any]:
    """A table class's TOML keys and their schema (or table class)."""
    return {
        name: hint.__metadata__[0]
        for name, hint in cls.__annotations__.items()
        if getattr(hint, "__metadata__", None)
    }


def table_schema(cls: Any) -> cs.CoreSchema:
    """The schema of one table: exactly its keys, each as declared; builds the class."""
    defaults = cls._field_defaults
    table = {}
    for name, schema in _keys(cls).items():
        if isinstance(schema, type):
            schema = cs.dict_schema(KEY, table_schema(schema))
        if name not in defaults:
            table[name] = cs.typed_dict_field(schema)
            continue
        default = defaults[name]
        if isinstance(default, dict):  # a fresh dict each time, never the shared default
            schema = cs.with_default_schema(schema, default_factory=dict)
        else:
            schema = cs.with_default_schema(schema, default=default)
        table[name] = cs.typed_dict_field(schema, required=False)
    build = getattr(cls, "from_fields", None) or (lambda fields: cls(**fields))
    return cs.no_info_after_validator_function(
        build, cs.typed_dict_schema(table, extra_behavior="forbid")
    )


class Source(NamedTuple):
    """Where figures come from: cited by :class:`Evidence` through its key."""

    title: Annotated[str, TEXT]
    url: Annotated[str | None, TEXT] = None
    publisher: Annotated[str | None, TEXT] = None
    date: Annotated[str | datetime.date | None, DATE] = None  # as published: "2018", or a date
    accessed: Annotated[str | datetime.date | None, DATE] = None
    note: Annotated[str | None, TEXT] = None


class Evidence(NamedTuple):
    """Why a destination has the value it has on one criterion (or why it has none)."""

    source: Annotated[str, TEXT]
    note: Annotated[str, TEXT]


class Criterion(NamedTuple):
    label: Annotated[str, TEXT]
    direction: Annotated[Direction, DIRECTION]
    weight: Annotated[float, WEIGHT] = 1.0
    description: Annotated[str, TEXT] = ""
    unit: Annotated[str, TEXT] = ""
    min: Annotated[float | None, NUMBER] = None
    max: Annotated[float | None, NUMBER] = None
    scale: Annotated[Scale, SCALE] = "linear"  # "log": normalised on log10 of the values
    # the talent pool: how many people could be hired there (--team is a share of it)
    pool: Annotated[bool, FLAG] = False
    as_of: Annotated[str, TEXT] = ""  # the period its figures stand for ("2024 Q1", "2023")


class Range(NamedTuple):
    """An uncertain value, as the file gives it: ``{ low, high, value? }``."""

    low: Annotated[float, NUMBER]
    high: Annotated[float, NUMBER]
    value: Annotated[float | None, NUMBER] = None  # the point estimate; else the midpoint

    @property
    def point(self) -> float:
        if self.value is not None:
            return self.value
        if self.low == self.high:  # exact, even for a subnormal
            return self.low
        span = self.high - self.low
        if span == float("inf"):  # 1e308 - (-1e308): halve first
            middle = float(self.low / 2 + self.high / 2)
        else:
            middle = float(self.low + span / 2)
        # an integer stays one (2980 to 3500: 3240, not 3240.0)
        return int(middle) if middle.is_integer() and abs(middle) <= 2**53 else middle


# A value: a number, or a table giving a range. Tried in order, in Rust: a number
# costs no more than before. A failure is worded by the loader, which validates a
# table again against RANGE alone to name the key at fault.
RANGE = table_schema(Range)
RANGE_VALIDATOR = SchemaValidator(RANGE)
VALUE = cs.union_schema(
    [NUMBER, RANGE],
    mode="left_to_right",
    custom_error_type="value",
    custom_error_message="must be a finite number or a range { low, high, value }",
)


class Destination(NamedTuple):
    name: Annotated[str, TEXT]
    description: Annotated[str, TEXT] = ""
    code: Annotated[str, TEXT] = ""  # ISO 3166 alpha-2, where the destination is an economy
    # The values scoring uses: a range's point estimate stands in for it.
    values: Annotated[dict[str, float], cs.dict_schema(KEY, VALUE)] = {}  # noqa: RUF012
    evidence: Annotated[dict[str, Evidence], Evidence] = {}  # noqa: RUF012
    # Not a TOML key: each range given in ``values``, as (low, high).
    ranges: dict[str, tuple[float, float]] = {}  # noqa: RUF012

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> "Destination":
        """Build a destination, splitting any ranges out of its values."""
        values = fields.get("values")
        if values and Range in map(type, values.values()):  # one C-level pass
            ranges = {k: (v.low, v.high) for k, v in values.items() if type(v) is Range}
            points = {k: v.point if type(v) is Range else v for k, v in values.items()}
            fields = {**fields, "values": points, "ranges": ranges}
        return cls(**fields)


REQUIREMENTS = cs.dict_schema(
    KEY,
    cs.union_schema(
        [TEXT, cs.list_schema(TEXT, strict=True)],
        custom_error_type="requirement",
        custom_error_message='must be a condition such as ">= 3000", or a list of them',
    ),
)


class Profile(NamedTuple):
    """A named set of weights; criteria it does not name keep their default weight.
    It may carry requirements too, as the dataset's [requirements] table writes them,
    applied with the weights when the profile is chosen."""

    weights: Annotated[dict[str, float], WEIGHTS]
    description: Annotated[str, TEXT] = ""
    requirements: Annotated[dict[str, str | list[str]], REQUIREMENTS] = {}  # noqa: RUF012


JUDGEMENT = cs.union_schema(
    [cs.int_schema(strict=True), cs.float_schema(strict=True, allow_inf_nan=False), TEXT],
    custom_error_type="judgement",
    custom_error_message='must be a number or a fraction such as "1/3"',
)


class Stakeholder(NamedTuple):
    """One person's view of the weights: exactly one of weights, order, pairwise."""

    name: Annotated[str, TEXT]
    role: Annotated[str, TEXT] = ""
    weights: Annotated[dict[str, float] | None, WEIGHTS] = None
    order: Annotated[str | None, TEXT] = None  # "talent>big_tech>community=local_firms"
    pairwise: Annotated[dict[str, float | str] | None, cs.dict_schema(KEY, JUDGEMENT)] = None


class SetAside(NamedTuple):
    """A destination the requirements left out of the ranking, and why."""

    slug: str
    name: str
    reasons: tuple[str, ...]
    code: str = ""


class Dataset(NamedTuple):
    """A validated dataset (the file's top level), and where it was read from."""

    criteria: Annotated[dict[str, Criterion], Criterion]
    destinations: Annotated[dict[str, Destination], Destination]
    title: Annotated[str, TEXT] = ""
    description: Annotated[str, TEXT] = ""
    as_of: Annotated[str | datetime.date | None, DATE] = None  # when the figures stand
    sources: Annotated[dict[str, Source], Source] = {}  # noqa: RUF012
    profiles: Annotated[dict[str, Profile], Profile] = {}  # noqa: RUF012
    stakeholders: Annotated[dict[str, Stakeholder], Stakeholder] = {}  # noqa: RUF012
    # criterion -> conditions its value must meet to be ranked: ">= 3000" or a list
    requirements: Annotated[dict[str, str | list[str]], REQUIREMENTS] = {}  # noqa: RUF012
    path: str = "<dataset>"  # not a TOML key
    # Not TOML keys: the requirements applied (see mlsourcing.data.requirements) and
    # the destinations they set aside, which are not in ``destinations``.
    applied: tuple[str, ...] = ()
    set_aside: tuple["SetAside", ...] = ()

    def find_destination(self, query: str) -> str | None:
        """The slug of the destination whose slug, name or code is ``query`` (any case)."""
        wanted = query.strip().casefold()
        return next(
            (s for s, d in self.destinations.items() if _known_as(wanted, s, d.name, d.code)),
            None,
        )

    @property
    def pool(self) -> str | None:
        """The criterion marked as the talent pool (``pool = true``), if any."""
        return next((key for key, c in self.criteria.items() if c.pool), None)

    def find_set_aside(self, query: str) -> SetAside | None:
        """The destination set aside by the requirements that ``query`` names, by the
        same rule as :meth:`find_destination`."""
        wanted = query.strip().casefold()
        return next((a for a in self.set_aside if _known_as(wanted, a.slug, a.name, a.code)), None)


def _known_as(wanted: str, slug: str, name: str, code: str) -> bool:
    """Whether ``wanted`` (stripped and casefolded) is this slug, name or code."""
    return wanted in (slug.casefold(), name.casefold(), code.casefold() or None)


VALIDATOR = SchemaValidator(table_schema(Dataset))


def keys_at(table: Sequence[str]) -> list[str]:
    """The keys allowed in the table at a TOML path (e.g. ``criteria.talent``)."""
    cls: Any = Dataset
    parts = list(table)
    while parts:
        found = _keys(cls).get(parts.pop(0))
        if not isinstance(found, type) or not parts:
            return []
        cls = found
        parts.pop(0)  # the user's own key
    return list(_keys(cls))
