"""TOML parsing that uses a second core for a large dataset.

Parsing is most of the time a command spends on a large dataset (10,000
destinations: about 60 %), and tomli parses on one core. A large file is cut in
two at a destination's table header near its middle; a forked child parses the
second half while this process parses the first, and sends its half back
(marshal: a few milliseconds for 5,000 destinations).

The result is exactly the one-piece parse's, or the one-piece parse is done: the
file is cut only where TOML allows no construct to span the cut (no multi-line
string anywhere, every table header after the cut a destination's), the halves
are joined only when the second defines nothing but destinations the first does
not name, and any error in either half (a syntax error, a table defined twice)
sends the whole text to tomli for its own message and line number.
"""

from __future__ import annotations

import re
from typing import Any

import tomli

from mlsourcing.parallel import ChildFailed, Forked, can_fork

# "=" signs (about one a key): a file with fewer is parsed in one piece. Parsing costs
# about 2 microseconds a key whatever the file's size in bytes (long texts parse
# fast), and below some 20 ms of it the fork and the return of half the document
# cost more than the half saves
SPLIT_FROM = 10_000
HEADER = "\n[destinations."
# after the cut, a line that opens any table but a destination's (or an array of tables)
OTHER_TABLE = re.compile(r"^[ \t]*\[(?!destinations\.)", re.MULTILINE)


def loads(text: str) -> dict[str, Any]:
    """``tomli.loads(text)``, in two halves at once where that is sure to give the same."""
    halves = split(text) if text.count("=") >= SPLIT_FROM and can_fork() else None
    if halves is not None:
        joined = _in_two(*halves)
        if joined is not None:
            return joined
    return tomli.loads(text)


def split(text: str) -> tuple[str, str] | None:
    """The text cut in two at a destination's table header near the middle (the
    header opens the second half), or None where no safe cut exists."""
    if '"""' in text or "'''" in text:  # a multi-line string could hold a "header"
        return None
    cut = text.find(HEADER, len(text) // 2)
    for _ in range(100):  # past the sub-tables of the destination the middle falls in
        if cut < 0:
            return None
        before = text.rfind(HEADER, 0, cut)
        if before < 0 or _slug_at(text, before) != _slug_at(text, cut):
            break
        cut = text.find(HEADER, cut + 1)
    else:
        return None
    first, second = text[: cut + 1], text[cut + 1 :]
    if HEADER not in first or OTHER_TABLE.search(second):
        return None
    return first, second


def _slug_at(text: str, at: int) -> str:
    """The first key after ``[destinations.`` in the header starting at ``at``."""
    start = at + len(HEADER)
    end = min((i for i in (text.find(c, start) for c in ".]\n") if i >= 0), default=start)
    return text[start:end]


def _in_two(first: str, second: str) -> dict[str, Any] | None:
    """Parse ``second`` in a child while parsing ``first`` here; the joined document,
    or None when the halves do not join as the whole would parse."""
    try:
        child = Forked(tomli.loads, second)
    except OSError:  # no process to be had (a limit, memory): one piece, here
        return None
    try:
        document = tomli.loads(first)
    except Exception:
        document = None
    try:
        rest = child.result()
    except ChildFailed:
        return None
    if document is None:
        return None
    return document if _join(document, rest) else None


def _join(document: dict[str, Any], rest: dict[str, Any]) -> bool:
    """Add ``rest``'s destinations to ``document``'s, if it holds nothing else and
    names none of them again (else the whole text must be parsed in one piece)."""
    mine, theirs = document.get("destinations"), rest.get("destinations")
    if set(rest) != {"destinations"} or not isinstance(mine, dict):
        return False
    if not isinstance(theirs, dict) or not mine.keys().isdisjoint(theirs):
        return False
    mine.update(theirs)
    return True
