"""Hard requirements: conditions a destination's value must meet to be ranked.

``talent>=3000`` (on the command line, ``--require``) or, in a dataset's
``[requirements]`` table, ``talent = ">= 3000"`` (or a list of conditions).
Operators: ``>= > <= < = !=`` (``==`` is taken for ``=``). A destination that
fails a requirement, or lacks the value it tests, is set aside with the reason;
the rest are ranked, so bounds taken from the data come from them alone.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

from mlsourcing.data.schema import Dataset, SetAside
from mlsourcing.errors import DatasetError, Hint, InputError, cap, suggest
from mlsourcing.numbers import exact_number, human_number

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "!=": operator.ne,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,  # "==" is read as "="
}
# How a value fails each operator, in words ("!=" is said as what it needs)
FAILS = {">=": "below", ">": "not above", "<=": "above", "<": "not below", "=": "not"}
CONDITION = re.compile(r"\s*(>=|<=|!=|==|>|<|=)\s*(\S+)\s*$")  # OP NUMBER
SPEC = re.compile(r"\s*([A-Za-z0-9_]+)" + CONDITION.pattern)  # CRITERION OP NUMBER
NONE = "none"  # --require none: drop the dataset's own requirements
TEAM_SHARE = "team_share"  # team_share<=5: the team may be at most 5% of the talent pool


class Requirement(NamedTuple):
    criterion: str
    op: str  # one of OPERATORS, "==" folded into "="
    bound: float
    own: bool = False  # the dataset's own (its [requirements] table), not the user's
    # team_share <= share: the pool (criterion) must be at least 100 x team / share
    team: int = 0
    share: float = 0.0

    def __str__(self) -> str:
        if self.team:
            return f"a team of {self.team} at most {exact_number(self.share)}% of {self.criterion}"
        return f"{self.criterion} {self.op} {exact_number(self.bound)}"

    def holds(self, value: float) -> bool:
        return OPERATORS[self.op](value, self.bound)

    def failure(self, value: float | None, unit: str) -> str:
        """Why ``value`` fails this requirement, in words."""
        if value is None:
            return f"{self.criterion} is missing (needs {self})"
        shown = human_number(value) + (f" {unit}" if unit else "")
        if self.team:
            share = "all" if value <= 0 else f"{human_number(round(100 * self.team / value, 2))}%"
            return (
                f"a team of {self.team} would be {share} of {self.criterion} ({shown}), "
                f"above {exact_number(self.share)}%"
            )
        if self.op == "!=":
            return f"{self.criterion} is {shown} (needs {self})"
        return f"{self.criterion} {shown} is {FAILS[self.op]} {human_number(self.bound)}"


def _requirement(key: str, op: str, number: str, criteria: Iterable[str]) -> Requirement:
    known = list(criteria)
    if key not in known:
        raise InputError("require", f"unknown criterion '{cap(key)}'{suggest(key, known)}")
    try:
        bound = float(number.replace(",", "").replace("_", ""))
    except ValueError:
        raise InputError("require", f"'{cap(number)}' is not a number (in {key} {op})") from None
    if bound != bound or bound in (float("inf"), float("-inf")):
        raise InputError("require", f"'{cap(number)}' is not a finite number")
    return Requirement(key, "=" if op == "==" else op, bound)


def _spec(dataset: Dataset, spec: str, team: int | None) -> Requirement:
    """One requirement as typed: on a criterion, or ``team_share<=P``."""
    found = SPEC.match(spec)
    if found is None or found[1] != TEAM_SHARE:
        return parse(spec, dataset.criteria)
    if team is None:
        raise InputError("require", f"{TEAM_SHARE} needs the team's size", Hint(" ({0} N)", "team"))
    if found[2] not in ("<=", "<"):
        raise InputError("require", f"{TEAM_SHARE} takes <= (at most P % of the pool)")
    try:
        share = float(found[3].rstrip("%"))
    except ValueError:
        raise InputError("require", f"'{cap(found[3])}' is not a number") from None
    return team_share(dataset, team, share)


def parse(spec: str, criteria: Iterable[str]) -> Requirement:
    """``talent>=3000`` -> Requirement('talent', '>=', 3000.0)."""
    found = SPEC.match(spec)
    if found is None:
        raise InputError(
            "require",
            f"'{cap(spec)}' is not a requirement; write CRITERION OP NUMBER, e.g. "
            "'talent>=3000' (OP one of >= > <= < = !=)",
        )
    return _requirement(found[1], found[2], found[3], criteria)


def from_table(table: Mapping[str, str | list[str]], criteria: Iterable[str]) -> list[Requirement]:
    """The ``[requirements]`` table: ``key = ">= 3000"`` or a list of such conditions."""
    out = []
    for key, conditions in table.items():
        for text in [conditions] if isinstance(conditions, str) else conditions:
            found = CONDITION.match(text)
            if found is None:
                raise InputError(
                    f"requirements.{key}",
                    f"'{cap(text)}' is not a condition; write OP NUMBER, e.g. \">= 3000\"",
                )
            try:
                out.append(_requirement(key, found[1], found[2], criteria)._replace(own=True))
            except InputError as exc:
                raise InputError(f"requirements.{key}", exc.message) from None
    return out


def team_share(dataset: Dataset, team: int, share: float) -> Requirement:
    """The team may be at most ``share`` % of the talent pool (the criterion marked
    ``pool = true``): the pool must hold at least 100 x team / share people."""
    if dataset.pool is None:
        raise InputError("team", NO_POOL.format(dataset.path))
    if not 0 < share <= 100:  # also NaN
        raise InputError("max-team-share", f"must be above 0 and at most 100, not {share:g}")
    return Requirement(dataset.pool, ">=", 100 * team / share, team=team, share=share)


NO_POOL = (
    "{} marks no criterion as the talent pool; add pool = true to the [criteria.KEY] "
    "that counts the people who could be hired"
)


def resolve(
    dataset: Dataset, specs: Sequence[str], team: int | None = None, profile: str | None = None
) -> list[Requirement]:
    """The dataset's requirements, then the chosen ``profile``'s, then those of ``specs``
    (as a user types them), each replacing the ones before on the same criterion; the
    spec ``none`` drops the dataset's and the profile's. ``team_share<=P`` limits a
    team of ``team`` people to P % of the talent pool."""
    if any(not spec.strip() for spec in specs):
        raise InputError("require", "a condition is empty; write it as talent>=3000")
    given = [s for spec in specs for s in spec.split(",") if s.strip()]
    own: list[Requirement] | None = [] if any(s.strip().lower() == NONE for s in given) else None
    extra = [_spec(dataset, s, team) for s in given if s.strip().lower() != NONE]
    if own is None:
        chosen = dataset.profiles[profile].requirements if profile in dataset.profiles else {}
        given_by_profile = from_table(chosen, dataset.criteria) if chosen else []
        by_profile = [r._replace(own=False) for r in given_by_profile]
        replaced = {r.criterion for r in extra}
        by_profile = [r for r in by_profile if r.criterion not in replaced]
        replaced |= {r.criterion for r in by_profile}
        own = [
            r
            for r in from_table(dataset.requirements, dataset.criteria)
            if r.criterion not in replaced
        ] + by_profile
    return own + extra


def apply(dataset: Dataset, required: Sequence[Requirement]) -> Dataset:
    """The dataset with only the destinations that meet every requirement; the others
    in ``set_aside``, each with its reasons."""
    if not required:
        return dataset
    kept = {}
    aside = []
    units = {k: c.unit for k, c in dataset.criteria.items()}
    for slug, dest in dataset.destinations.items():
        reasons = []
        for req in required:
            value = dest.values.get(req.criterion)
            if value is None or not req.holds(value):
                reasons.append(req.failure(value, units[req.criterion]))
        if reasons:
            aside.append(SetAside(slug, dest.name, tuple(reasons), dest.code))
        else:
            kept[slug] = dest
    if not kept:
        why = (
            f"no destination meets {' and '.join(map(str, required))} "
            f"(all {len(dataset.destinations)} set aside)"
        )
        if all(r.own for r in required):  # the file's fault, not the command line's
            raise DatasetError(dataset.path, [f"requirements: {why}"])
        raise InputError("require", why)
    return dataset._replace(
        destinations=kept, applied=tuple(map(str, required)), set_aside=tuple(aside)
    )
