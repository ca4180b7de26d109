"""What a dataset must be beyond its schema: the cross-field checks of the loader.

Each yields one message per problem, naming the table and key at fault
(``destinations.poland.values.talent: ...``), as :func:`mlsourcing.data.dataset.load`
reports them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from mlsourcing.data.schema import CRITERION_KEY, SLUG, Criterion, Dataset, Destination
from mlsourcing.errors import suggest
from mlsourcing.numbers import exact_number


def check(ds: Dataset) -> Iterator[str]:
    """Every problem that the schema cannot see, one message each, table by table."""
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
        yield from _check_criterion(key, crit, bounded)
    logs = [key for key, crit in ds.criteria.items() if crit.scale == "log"]
    yield from _check_names(ds)
    if not _values_pass(ds, bounded, logs):
        for slug, dest in ds.destinations.items():
            yield from _check_values(ds, slug, dest, bounded, logs)
    yield from _check_pool(ds)
    yield from _check_profiles(ds)
    yield from _check_ranges(ds, bounded, logs)
    yield from _check_stakeholders(ds)
    if ds.requirements:
        from mlsourcing.data.requirements import from_table
        from mlsourcing.errors import InputError

        try:
            from_table(ds.requirements, ds.criteria)
        except InputError as exc:
            yield f"{exc.subject}: {exc.message}"


def _check_criterion(key: str, crit: Criterion, bounded: dict[str, Criterion]) -> Iterator[str]:
    """A criterion's key and bounds; a criterion with a bound joins ``bounded``."""
    if not CRITERION_KEY.fullmatch(key):
        yield f"{toml_path('criteria', key)}: a criterion key may hold only a-z, 0-9 and _"
    if crit.min is not None and crit.max is not None and not crit.min < crit.max:
        yield (
            f"{toml_path('criteria', key)}: min ({exact_number(crit.min)}) must be less than "
            f"max ({exact_number(crit.max)})"
        )
    elif crit.min is not None or crit.max is not None:
        bounded[key] = crit
    if crit.scale == "log":
        for end, bound in (("min", crit.min), ("max", crit.max)):
            if bound is not None and not bound > 0:
                yield (
                    f"{toml_path('criteria', key, end)}: {exact_number(bound)} is not above 0; "
                    "a criterion on a log scale needs positive bounds"
                )


def _names_pass(ds: Dataset) -> bool:
    """Whether :func:`_check_names` finds nothing, found by passes in C over all the
    destinations (the messages are worded only when there is a problem)."""
    slugs = list(ds.destinations)
    dests = ds.destinations.values()
    lines = "\n".join(slugs)
    if lines.count("\n") != len(slugs) - 1 or not SLUGS.fullmatch(lines):
        return False
    names = list(map(str.casefold, map(str.strip, (d.name for d in dests))))
    unique = set(names)
    if len(unique) < len(names) or "" in unique:
        return False
    codes = [code for code in map(str.casefold, (d.code for d in dests)) if code]
    if len(set(codes)) < len(codes):
        return False
    folded = {slug.casefold(): slug for slug in slugs}
    return all(
        folded[name] == slug for name, slug in zip(names, slugs, strict=True) if name in folded
    )


SLUGS = re.compile(rf"{SLUG.pattern}(?:\n{SLUG.pattern})*")  # slugs one a line


def _check_names(ds: Dataset) -> Iterator[str]:
    """Slugs, names and codes: well formed, and each naming one destination only."""
    if _names_pass(ds):
        return
    names: dict[str, str] = {}
    slugs = {slug.casefold(): slug for slug in ds.destinations}
    codes: dict[str, str] = {}
    for slug, dest in ds.destinations.items():
        if not SLUG.fullmatch(slug):
            where = toml_path("destinations", slug)
            yield f"{where}: a destination slug may hold only a-z, 0-9, _ and -"
        folded = dest.name.strip().casefold()
        if not folded:
            yield f"{toml_path('destinations', slug, 'name')}: must not be empty"
        elif folded in names:
            yield (
                f"{toml_path('destinations', slug, 'name')}: '{dest.name}' is also the name of "
                f"{toml_path('destinations', names[folded])}"
            )
        else:
            names[folded] = slug
        code = dest.code.casefold()
        if code and codes.setdefault(code, slug) != slug:
            yield (
                f"{toml_path('destinations', slug, 'code')}: '{dest.code}' is also the code of "
                f"{toml_path('destinations', codes[code])}"
            )
        if slugs.get(folded, slug) != slug:
            yield (
                f"{toml_path('destinations', slug, 'name')}: '{dest.name}' is the slug of "
                f"{toml_path('destinations', slugs[folded])}, so one of them could not be named; "
                "choose another name"
            )


def _values_pass(ds: Dataset, bounded: Mapping[str, Criterion], logs: list[str]) -> bool:
    """Whether every destination's values and evidence pass :func:`_check_values`,
    found a criterion at a time by passes in C (min, max, set union) over all the
    destinations: at 10,000 of them, three times faster than asking each in turn,
    which is done only to word the problems, when there are some."""
    dests = ds.destinations.values()
    values = [d.values for d in dests]
    known = ds.criteria.keys()
    if not set().union(*values) <= known:
        return False
    evidence = [d.evidence for d in dests if d.evidence]
    if evidence and not set().union(*evidence) <= known:
        return False
    if not {ev.source for e in evidence for ev in e.values()} <= ds.sources.keys():
        return False
    checked = sorted({*bounded, *logs})
    rows = [tuple(map(v.get, checked)) for v in values]
    by_key = list(zip(*rows, strict=True)) or [()] * len(checked)
    for key, given in zip(checked, by_key, strict=True):
        column = [v for v in given if v is not None] if None in given else given
        if not column:
            continue
        lo, hi = (bounded[key].min, bounded[key].max) if key in bounded else (None, None)
        least, most = min(column), max(column)
        if (lo is not None and least < lo) or (hi is not None and most > hi):
            return False
        if key in logs and not least > 0:
            return False
    return True


def _check_values(
    ds: Dataset, slug: str, dest: Destination, bounded: Mapping[str, Criterion], logs: list[str]
) -> Iterator[str]:
    """One destination's values and evidence against the criteria and sources.
    Messages are built only for a problem: this runs once per destination."""
    known = ds.criteria.keys()
    values = dest.values
    for key in values.keys() - known:
        where = toml_path("destinations", slug, "values", key)
        yield f"{where}: unknown criterion{suggest(key, ds.criteria)}"
    for key in logs:
        value = values.get(key)
        if value is not None and not value > 0:
            where = toml_path("destinations", slug, "values", key)
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
            where = toml_path("destinations", slug, "values", key)
            low = "-inf" if lo is None else exact_number(lo)
            high = "inf" if hi is None else exact_number(hi)
            yield f"{where}: {exact_number(value)} is outside the bounds [{low}, {high}]"
    for key, ev in dest.evidence.items():
        if key not in known:
            where = toml_path("destinations", slug, "evidence", key)
            yield f"{where}: unknown criterion{suggest(key, ds.criteria)}"
        if ev.source not in ds.sources:
            where = toml_path("destinations", slug, "evidence", key, "source")
            yield f"{where}: unknown source '{ev.source}'{suggest(ev.source, ds.sources)}"


def _check_pool(ds: Dataset) -> Iterator[str]:
    """At most one criterion is the talent pool, and it counts people: more is better."""
    pools = [key for key, c in ds.criteria.items() if c.pool]
    for key in pools[1:]:
        yield (
            f"{toml_path('criteria', key, 'pool')}: {pools[0]} is the talent pool already; "
            "mark one criterion only"
        )
    for key in pools[:1]:
        if ds.criteria[key].direction != "benefit":
            yield (
                f"{toml_path('criteria', key, 'pool')}: the talent pool counts people, so its "
                "direction must be benefit"
            )


def _check_profiles(ds: Dataset) -> Iterator[str]:
    for name, profile in ds.profiles.items():
        for key in profile.weights:
            if key not in ds.criteria:
                where = toml_path("profiles", name, "weights", key)
                yield f"{where}: unknown criterion{suggest(key, ds.criteria)}"
        if profile.weights and not any(
            profile.weights.get(k, c.weight) > 0 for k, c in ds.criteria.items()
        ):
            yield f"{toml_path('profiles', name, 'weights')}: every weight is 0"
        if profile.requirements:
            from mlsourcing.data.requirements import from_table
            from mlsourcing.errors import InputError

            try:
                from_table(profile.requirements, ds.criteria)
            except InputError as exc:
                yield f"{toml_path('profiles', name)}.{exc.subject}: {exc.message}"


def _check_ranges(ds: Dataset, bounded: Mapping[str, Criterion], logs: list[str]) -> Iterator[str]:
    """A range runs from low to high, holds its point estimate, and keeps within the
    criterion's bounds (and above 0 on a log scale)."""
    for slug, dest in ds.destinations.items():
        for key, (low, high) in dest.ranges.items():
            where = toml_path("destinations", slug, "values", key)
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
        return  # and judgements (with fractions) is not imported for nothing
    from mlsourcing.data.judgements import pairwise_matrix, places
    from mlsourcing.errors import InputError

    criteria = list(ds.criteria)
    names: dict[str, str] = {}
    for key, who in ds.stakeholders.items():
        where = toml_path("stakeholders", key)
        folded = who.name.strip().casefold()
        if folded in names:  # "Least agreement: A and A" would tell nobody anything
            yield (
                f"{where}.name: '{who.name}' is also the name of "
                f"{toml_path('stakeholders', names[folded])}; give each stakeholder their own"
            )
        names.setdefault(folded, key)
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
                places(who.order, criteria)
            elif who.pairwise is not None:
                pairwise_matrix(who.pairwise, criteria)
        except InputError as exc:
            yield f"{where}.{exc.subject}: {exc.message}"


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_path(*parts: str | int) -> str:
    """A TOML-style dotted path; keys that are not bare keys are quoted."""
    import json  # only for a message: 3 ms of every start otherwise

    return ".".join(
        str(p)
        if isinstance(p, int) or _BARE_KEY.fullmatch(p)
        else json.dumps(p, ensure_ascii=False)
        for p in parts
    )
