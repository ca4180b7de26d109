"""How people write judgements about criteria, and reading them: a rank order
(``a>b>c=d``), swing points (``talent=100,big_tech=60``) and pairwise
comparisons (``"talent:big_tech" = 3`` on Saaty's 1-9 scale, or ``"1/3"``).

Used by the loader to check a stakeholder's judgements, and by
:mod:`mlsourcing.weights.elicit` to turn them into weights. Errors are
:class:`~mlsourcing.errors.InputError` with the subject ``order``, ``swing`` or
``pairwise``, naming the part at fault.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from fractions import Fraction

from mlsourcing.errors import InputError, cap, suggest

SCALE = (1 / 9, 9)  # Saaty's 1-9 scale, and its reciprocals


def known(key: str, criteria: Sequence[str], subject: str) -> str:
    """``key``, when it is one of ``criteria``; else an InputError on ``subject``."""
    if key not in criteria:
        raise InputError(subject, f"unknown criterion '{cap(key)}'{suggest(key, criteria)}")
    return key


def places(order: str, criteria: Sequence[str]) -> list[list[str]]:
    """A rank order ``a>b>c=d`` as its places, best first (``[[a], [b], [c, d]]``):
    every criterion placed once."""
    groups = [
        [known(k.strip(), criteria, "order") for k in group.split("=") if k.strip()]
        for group in order.split(">")
    ]
    if any(not g for g in groups):
        raise InputError("order", f"'{cap(order)}' has an empty place; write it as a>b>c=d")
    named = [k for g in groups for k in g]
    twice = sorted({k for k in named if named.count(k) > 1})
    if twice:
        raise InputError("order", f"{', '.join(twice)} named more than once")
    left = [k for k in criteria if k not in named]
    if left:
        raise InputError("order", f"place every criterion; missing: {', '.join(left)}")
    return groups


def parse_points(specs: Sequence[str], criteria: Sequence[str]) -> dict[str, float]:
    """``talent=100,big_tech=60`` (comma-separated or repeated) as swing points."""
    points: dict[str, float] = {}
    for spec_ in specs:
        for part in (p.strip() for p in spec_.split(",")):
            if not part:
                continue
            key, sep, number = part.partition("=")
            if not sep:
                raise InputError("swing", f"'{cap(part)}' is not of the form criterion=points")
            try:
                points[known(key.strip(), criteria, "swing")] = float(number)
            except ValueError:
                raise InputError("swing", f"'{cap(number.strip())}' is not a number") from None
    return points


def judgement(value: object, where: str) -> float:
    """A pairwise judgement: a number or "a/b" on Saaty's 1-9 scale (1/9 to 9)."""
    number: float
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"\d+(\.\d+)?(/\d+(\.\d+)?)?", text):
            raise InputError("pairwise", f"{where}: '{cap(text)}' is not a number or a fraction")
        try:
            number = float(Fraction(text))
        except ZeroDivisionError:
            raise InputError("pairwise", f"{where}: '{text}' divides by 0") from None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        raise InputError("pairwise", f'{where}: must be a number or a fraction such as "1/3"')
    if not SCALE[0] - 1e-9 <= number <= SCALE[1] + 1e-9:
        raise InputError("pairwise", f"{where}: {number:g} is outside Saaty's scale, 1/9 to 9")
    return number


def pairwise_matrix(judgements: Mapping[str, object], criteria: Sequence[str]) -> list[list[float]]:
    """The reciprocal matrix from judgements keyed "a:b" (a is that many times as
    important as b). Every pair is required, once, in either order."""
    n = len(criteria)
    index = {k: i for i, k in enumerate(criteria)}
    m = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    for key, value in judgements.items():
        a, sep, b = key.partition(":")
        if not sep:
            raise InputError("pairwise", f"'{cap(key)}' is not of the form a:b")
        a, b = known(a.strip(), criteria, "pairwise"), known(b.strip(), criteria, "pairwise")
        if a == b:
            raise InputError("pairwise", f"'{key}' compares {a} with itself")
        i, j = index[a], index[b]
        if m[i][j]:
            raise InputError("pairwise", f"{a} and {b} are compared twice")
        x = judgement(value, key)
        m[i][j], m[j][i] = x, 1 / x
    missing = [
        f"{criteria[i]}:{criteria[j]}" for i in range(n) for j in range(i + 1, n) if not m[i][j]
    ]
    if missing:
        raise InputError("pairwise", f"every pair needs a judgement; missing: {', '.join(missing)}")
    return m


def load_pairwise(path: str) -> dict[str, object]:
    """The ``[pairwise]`` table of a TOML file of judgements, read with the checks
    every file a user names gets (see :func:`mlsourcing.files.read_file`)."""
    import tomli

    from mlsourcing.errors import DatasetError
    from mlsourcing.files import read_file

    raw = read_file(path, path, "a file of judgements")
    try:
        document = tomli.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DatasetError(path, [f"cannot read: {exc}"]) from None
    except tomli.TOMLDecodeError as exc:
        raise DatasetError(path, [f"TOML syntax error: {exc}"]) from None
    table = document.get("pairwise")
    if not isinstance(table, dict):
        raise DatasetError(
            path, ['no [pairwise] table of judgements such as "talent:big_tech" = 3']
        )
    return table
