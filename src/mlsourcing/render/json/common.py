"""What the JSON writers share: one document per command, numbers as numbers, null
where missing, a long list written as it goes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from mlsourcing.mcda.scoring import DIGITS
from mlsourcing.numbers import json_number

if TYPE_CHECKING:
    from mlsourcing.mcda.scoring import Result
    from mlsourcing.views.rankings import Column, Headroom, Screen


def to_json(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def streamed(document: dict[str, Any], key: str, items: Iterable[str]) -> Iterator[str]:
    """``document`` with ``items``, each the JSON text of one item, as the list under
    ``key`` (its place in the document's order), written as it goes: the other keys
    indented as usual, each item on one line of its own, never all held at once, so
    that 100,000 results cost about what their CSV does. The text is still one JSON
    document."""
    keys = list(document)
    at = keys.index(key)
    before = [f"\n  {json.dumps(name)}: {_indented(document[name])}" for name in keys[:at]]
    yield "{" + ",".join(before) + ("," if before else "") + f"\n  {json.dumps(key)}: ["
    chunk: list[str] = []
    count = 0
    for item in items:
        chunk.append(("\n    " if count == 0 else ",\n    ") + item)
        count += 1
        if len(chunk) >= CHUNK:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk) + ("\n  ]" if count else "]")
    for name in keys[at + 1 :]:
        yield f",\n  {json.dumps(name)}: {_indented(document[name])}"
    yield "\n}\n"


CHUNK = 500  # items written at once


def _indented(value: Any) -> str:
    """A value as to_json writes it, indented one level more."""
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False).replace("\n", "\n  ")


def _numbers(
    keys: Sequence[str], row: Sequence[float | None], digits: int | None
) -> dict[str, Any]:
    """A row as JSON numbers by key (json_number, inlined: this runs per value of every
    result), rounded to ``digits`` first when given."""
    if digits is not None:
        row = [None if v is None else round(v, digits) for v in row]
    return {
        k: int(v) if v.__class__ is float and v.is_integer() and -BIG < v < BIG else v
        for k, v in zip(keys, row, strict=True)
    }


BIG = 2.0**53  # integral floats below this are written as integers (5500.0 as 5500)


def result_doc(result: Result) -> dict[str, Any]:
    keys = result.keys
    doc: dict[str, Any] = {
        "rank": result.rank,
        "slug": result.slug,
        "name": result.name,
        "score": json_number(result.score),
        "values": _numbers(keys, result.value_row, None),
        "normalised": _numbers(keys, result.position_row, DIGITS),
    }
    points = result.point_row
    if points is not None:
        doc["points"] = _numbers(keys, points, DIGITS)
    doc["missing"] = list(result.missing)
    doc["ranges"] = {k: _range(lo_hi) for k, lo_hi in result.ranges.items()}
    return doc


def _range(lo_hi: tuple[float, float]) -> list[float | int | None]:
    return [json_number(lo_hi[0]), json_number(lo_hi[1])]


def headroom_doc(headroom: Headroom | None) -> dict[str, Any]:
    """With --team: the team and the criterion it is a share of."""
    if headroom is None:
        return {}
    return {"team": headroom.team, "pool": headroom.pool}


def _share(headroom: Headroom | None, slug: str) -> dict[str, Any]:
    """With --team: ``team_share``, the team as a percentage of this pool (or null)."""
    if headroom is None:
        return {}
    share = headroom.share(slug)
    return {"team_share": None if share is None else json_number(round(share, DIGITS))}


def screen_doc(screen: Screen) -> dict[str, Any]:
    """The requirements applied and the destinations they set aside, with why."""
    return {
        "requirements": list(screen.applied),
        "set_aside": [
            {"slug": a.slug, "name": a.name, "reasons": list(a.reasons)} for a in screen.set_aside
        ],
    }


def column_docs(columns: Sequence[Column]) -> list[dict[str, Any]]:
    out = []
    for c in columns:
        doc: dict[str, Any] = {
            "key": c.key,
            "label": c.label,
            "direction": c.direction,
            "unit": c.unit,
            "min": json_number(c.min),
            "max": json_number(c.max),
            "default_weight": json_number(c.default_weight),
            "description": c.description,
            "scale": c.scale,
            "as_of": c.as_of or None,
        }
        if c.weight is not None:
            doc["weight"] = c.weight
        if c.bounds is not None:
            doc["bounds_used"] = [json_number(c.bounds[0]), json_number(c.bounds[1])]
        out.append(doc)
    return out
