"""A ranking's results as JSON text, a column at a time.

``rank --format json`` writes, per result, its rank, slug, name and score and
three objects of one number per criterion (values, positions, points): for
10,000 destinations x 20 criteria, 600,000 numbers. Building a dict per result
and handing it to the encoder cost more than the rest of the run; here each
column of numbers becomes text in a few passes in C (``repr``, as the encoder
writes a float), and each line is put together from those texts. The text is
that of ``JSONEncoder(ensure_ascii=False).encode(result_doc(r))`` for every
result, but that a number rounded to 9 decimals is written as a plain
decimal (0.000012 where the encoder writes 1.2e-05: the same number); a
Hypothesis test holds them so.
"""

from __future__ import annotations

import contextlib
import json
import operator
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from itertools import chain, compress, repeat
from typing import TYPE_CHECKING, cast

from mlsourcing.data.schema import CRITERION_KEY
from mlsourcing.mcda.scoring import DIGITS
from mlsourcing.parallel import ChildFailed, ForkedItems, can_fork
from mlsourcing.render.json.common import BIG

if TYPE_CHECKING:
    from mlsourcing.mcda.results import Results
    from mlsourcing.views.rankings import Headroom

# the encoder's own string escaping, as with ensure_ascii=False (the C one where built)
quoted = json.encoder.encode_basestring


def numbers(column: Sequence[float | int | None], digits: int | None = None) -> list[str]:
    """JSON texts of a column of numbers: None as null, a whole float below 2**53 as an
    integer (5500.0 as 5500), any other as its repr (what the encoder writes),
    rounded to ``digits`` first when given."""
    if None in column:  # the numbers present, then each put in its place (all in C)
        there = list(map(operator.is_not, column, repeat(None)))
        texts = ["null"] * len(column)
        found = numbers(list(compress(column, there)), digits)
        list(map(texts.__setitem__, compress(range(len(column)), there), found))
        return texts
    values = cast("Sequence[float]", column)  # no None left
    if digits is not None and values and min(values) > -PLAIN and max(values) < PLAIN:
        return _fixed(values, digits)
    if digits is not None:
        values = list(map(round, values, repeat(digits)))
    texts = list(map(repr, values))
    for i in compress(range(len(texts)), map(str.endswith, texts, repeat(".0"))):
        v = values[i]
        if -BIG < v < BIG:  # whole: written as an integer, as json_number does
            texts[i] = str(int(v))
    return texts


PLAIN = 1e6  # below, a number and 9 decimals fit the 15 digits a float always keeps


def _fixed(column: Sequence[float], digits: int) -> list[str]:
    """Numbers rounded to ``digits`` decimals as plain decimals, trailing zeros cut
    (0.5, 1, 0.000012): the value of ``round(x, digits)`` exactly, twice as fast as
    rounding and then writing it (which would give 1.2e-05 for the last)."""
    texts = list(map(f"%.{digits}f".__mod__, column))
    texts = list(map(str.rstrip, texts, repeat("0")))
    texts = list(map(str.rstrip, texts, repeat(".")))
    if "-0" in texts:  # a tiny negative rounds to zero: 0, as json_number writes it
        texts = ["0" if t == "-0" else t for t in texts]
    return texts


def objects(keys: Sequence[str], columns: Sequence[list[str]], count: int) -> list[str]:
    """Per row, a JSON object of one text per key, from a column of texts per key:
    each row put together by one "%" in C where the keys allow it (they are checked
    to be [a-z0-9_]+ on loading; a dataset built in code may hold others)."""
    if not keys:
        return ["{}"] * count
    if all(map(CRITERION_KEY.fullmatch, keys)):
        template = "{" + ", ".join(f'"{k}": %s' for k in keys) + "}"
        return list(map(template.__mod__, zip(*columns, strict=True)))
    pieces = [
        list(map(operator.add, repeat(quoted(k) + ": "), column))
        for k, column in zip(keys, columns, strict=True)
    ]
    return ["{" + row + "}" for row in map(", ".join, zip(*pieces, strict=True))]


def texts(values: Sequence[str]) -> str:
    return "[" + ", ".join(map(quoted, values)) + "]"


def ranges(found: Mapping[str, tuple[float, float]]) -> str:
    if not found:
        return "{}"
    return (
        "{"
        + ", ".join(
            f"{quoted(k)}: [{', '.join(numbers(list(lo_hi)))}]" for k, lo_hi in found.items()
        )
        + "}"
    )


CHUNK = 1_000  # results turned into text at once: their texts are all that is held
FORK_FROM = 2_000  # results: from here the second half is written on the other processor


def result_lines(
    results: Results,
    headroom: Headroom | None = None,
    dominated: Mapping[str, Sequence[str]] | None = None,
) -> Generator[str, None, None]:
    """Each result as one line of JSON: ``result_doc``, then ``team_share`` with a
    team, then ``dominated_by`` when ``dominated`` is given (see :func:`in_halves`)."""

    def lines_of(start: int, stop: int) -> list[str]:
        return list(_lines(results[start:stop], headroom, dominated))

    return in_halves(len(results), lines_of)


def in_halves(count: int, lines_of: Callable[[int, int], list[str]]) -> Generator[str, None, None]:
    """The lines of ``count`` items, ``lines_of(start, stop)`` giving those of items
    start to stop, ``CHUNK`` items at a time, so that memory does not grow with
    their number. From ``FORK_FROM`` items, a forked child makes the second half's
    while this process makes and writes the first (:class:`ForkedItems`; where the
    child stops short, this process makes the rest)."""
    half = count // 2
    later = None
    if count >= FORK_FROM and can_fork():
        with contextlib.suppress(OSError):  # no process or file to be had: all here
            later = ForkedItems(_chunks, half, count, lines_of)
    if later is None:
        yield from chain.from_iterable(_chunks(0, count, lines_of))
        return
    try:
        yield from chain.from_iterable(_chunks(0, half, lines_of))
        try:
            for lines in later.items():
                yield from lines
        except ChildFailed as failed:
            rest = half + failed.delivered * CHUNK
            yield from chain.from_iterable(_chunks(rest, count, lines_of))
    finally:  # also when the reader stops early (a closed pipe): no child left at work
        later.close()


def _chunks(
    start: int, stop: int, lines_of: Callable[[int, int], list[str]]
) -> Iterator[list[str]]:
    """The lines of ``CHUNK`` items at a time, from ``start`` to ``stop``."""
    for at in range(start, stop, CHUNK):
        yield lines_of(at, min(at + CHUNK, stop))


def _lines(
    results: Results,
    headroom: Headroom | None,
    dominated: Mapping[str, Sequence[str]] | None,
) -> Iterator[str]:
    keys = results.table.keys
    count = len(results)
    slugs = results.slugs
    values = objects(keys, [numbers(results.values(k)) for k in keys], count)
    positions = [results.positions(k) for k in keys]
    normalised = objects(keys, [numbers(c, DIGITS) for c in positions], count)
    point_columns = results.point_columns(positions)
    if point_columns is None:
        points: Sequence[str] = repeat("", count)  # type: ignore[assignment]
    else:
        shown = objects(keys, [numbers(c, DIGITS) for c in point_columns], count)
        points = [', "points": ' + p for p in shown]
    shares: Sequence[str] = repeat("", count)  # type: ignore[assignment]
    if headroom is not None:
        found = [headroom.share(s) for s in slugs]
        rounded = [None if x is None else round(x, DIGITS) for x in found]
        shares = [', "team_share": ' + t for t in numbers(rounded)]
    ends: Sequence[str] = repeat("}", count)  # type: ignore[assignment]
    if dominated is not None:
        ends = [', "dominated_by": ' + texts(dominated.get(s, ())) + "}" for s in slugs]
    for rank, slug, name, score, value, position, point, missing, spans, share, end in zip(
        results.ranks,
        map(quoted, slugs),
        map(quoted, results.names),
        numbers(results.scores),
        values,
        normalised,
        points,
        results.missing(),
        results.ranges,
        shares,
        ends,
        strict=False,  # the repeats are endless
    ):
        yield (
            f'{{"rank": {rank}, "slug": {slug}, "name": {name}, "score": {score}, '
            f'"values": {value}, "normalised": {position}{point}, '
            f'"missing": {texts(missing)}, "ranges": {ranges(spans)}{share}{end}'
        )


def shares(found: Mapping[int, float], keys: list[str]) -> str:
    """A rank distribution as a JSON object {"7": 0.012, ...}, ranks ascending: each
    pair one concatenation in C, the key texts (``keys``, grown as needed, shared
    by every destination) and the share texts (a few distinct counts) made once."""
    from mlsourcing.analysis.ranks import Shares

    if isinstance(found, Shares):
        ranks, counts = found.pairs()
        text = {c: repr(v) for c, v in found.share_of(counts).items()}
        values: Iterator[str] = map(text.__getitem__, counts)
    else:
        ranks = list(found)
        values = map(repr, found.values())
    if ranks and max(ranks) >= len(keys):
        keys.extend(f'"{r}": ' for r in range(len(keys), max(ranks) + 1))
    return "{" + ", ".join(map(operator.add, map(keys.__getitem__, ranks), values)) + "}"
