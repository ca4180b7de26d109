"""Build the bundled `open` dataset (open.toml) from the vendored raw files.

    python tools/build_open_dataset.py                  # rewrite open.toml
    python tools/build_open_dataset.py --check          # exit 1 if open.toml differs
    python tools/build_open_dataset.py --as-of 2024Q3 -o open-2024Q3.toml
    python tools/build_open_dataset.py --developers NEW/developers.csv ...

Every figure is computed here from the files under data/open/ (see
data/open/README.md for what each is, its licence and where it came from);
nothing is typed in. A newer release of a source file can be given by path to
refresh the dataset; the inputs are checked (columns, quarters present) and
what is missing is said clearly.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import math
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo, reset_tzpath

POOL = "ml_practitioners"  # the talent pool: --team is a share of it
PRESS_AI_TALENT = {"EE"}  # AI talent figures from LinkedIn's press list, not the AI Index

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "open"
OUT = ROOT / "open.toml"
DEFAULTS = {
    "developers": DATA / "raw" / "innovationgraph" / "developers.csv",
    "languages": DATA / "raw" / "innovationgraph" / "languages_2024Q1.csv",
    "ict_exports": DATA / "raw" / "worldbank" / "API_BX.GSR.CCIS.CD_DS2_en_csv_v2_920.csv",
    "economies": DATA / "extracts" / "github_innovation_graph_extract.csv",
    "ai_talent": DATA / "extracts" / "linkedin_ai_talent_ai_index.csv",
    "survey": DATA / "raw" / "stackoverflow" / "survey_2024_extract.csv",
    "organizations": DATA / "raw" / "innovationgraph" / "organizations.csv",
    "collaborators": DATA / "raw" / "innovationgraph" / "economy_collaborators.csv",
    "wgi": DATA / "raw" / "wgi" / "wgidataset.xlsx",
    "zones": DATA / "zones.csv",
    "iso_codes": DATA / "raw" / "iso-codes" / "iso_3166-1.json",
    "survey_labels": DATA / "survey_labels.csv",
}
# The candidate set: every economy with at least this many developer accounts in the
# quarter built for, plus the economies listed in the `economies` input (the 42 of the
# first open dataset, nearshore candidates for European and US buyers).
MIN_DEVELOPERS = 100_000
TZDATA = "2026f"  # the IANA release the overlaps are computed with (pip: tzdata==2026.6)
HOURS = (datetime.time(9), datetime.time(17))  # a working day, in each place's own clock
OVERLAP_YEAR = 2025
WGI_YEAR = 2023
Z90 = 1.645  # the published 90% interval: estimate +/- 1.645 standard errors
# The 27 members of the European Union (2025), by ISO 3166 code.
EU27 = {
    *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
    *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
}
# The WGI workbook's own codes where they differ from the ISO 3166 alpha-3 code (and the
# World Bank's XKX for Kosovo).
WGI_CODES = {"ROU": "ROM", "XKX": "KSV"}
PROFESSIONAL = "1"  # main_branch: "I am a developer by profession"
# dev_type: data engineer; data scientist or ML specialist; AI developer
ML_ROLES = {"4", "6", "11"}
MIN_RESPONDENTS = 30  # fewer respondents who report pay: the median is left out
LANGUAGE = "Jupyter Notebook"
HUBS = {"berlin": "Europe/Berlin", "new_york": "America/New_York"}
# The criteria, in the order the dataset lists them (criteria_tables describes each,
# in this order; a destination's values and evidence follow it).
CRITERIA = (
    "ml_practitioners",
    "ml_share",
    "developer_growth",
    "it_exports",
    "ai_talent",
    "developer_pay",
    "overlap_berlin",
    "overlap_new_york",
    "organizations",
    "collab_us",
    "collab_eu",
    "political_stability",
    "rule_of_law",
)


class InputError(Exception):
    """An input file that is not what the build expects."""


Quarter = tuple[int, int]


def quarter(text: str) -> Quarter:
    year, q = text.upper().split("Q")
    return int(year), int(q)


def shift(q: Quarter, by: int) -> Quarter:
    index = q[0] * 4 + (q[1] - 1) + by
    return index // 4, index % 4 + 1


def label(q: Quarter) -> str:
    return f"{q[0]} Q{q[1]}"


def rows(path: Path, columns: Iterable[str]) -> Iterator[dict[str, str]]:
    """A CSV's rows (comment lines starting with # skipped), checking its columns."""
    text = path.read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    yield from reader


def half_up(x: float, digits: int = 0) -> float:
    """Round half away from zero (4785.5 -> 4786), as people do."""
    step = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(x)).quantize(step, rounding=ROUND_HALF_UP))


def pushers(path: Path) -> dict[str, dict[Quarter, int]]:
    out: dict[str, dict[Quarter, int]] = defaultdict(dict)
    for r in rows(path, ("num_pushers", "language", "iso2_code", "year", "quarter")):
        if r["language"] == LANGUAGE:
            out[r["iso2_code"]][(int(r["year"]), int(r["quarter"]))] = int(r["num_pushers"])
    return out


def wdi(path: Path) -> tuple[dict[str, dict[int, float]], str]:
    """World Bank WDI CSV (four lines of metadata, then a header): iso3 -> year -> value."""
    text = path.read_text(encoding="utf-8-sig").splitlines()
    updated = next((line for line in text if line.startswith('"Last Updated Date"')), "")
    start = next((i for i, line in enumerate(text) if line.startswith('"Country Name"')), None)
    if start is None:
        raise InputError(f"{path}: no 'Country Name' header line (is it a WDI CSV?)")
    out: dict[str, dict[int, float]] = {}
    for r in csv.DictReader(io.StringIO("\n".join(text[start:]))):
        out[r["Country Code"]] = {
            int(y): float(v) for y, v in r.items() if y and y.isdigit() and v not in ("", None)
        }
    return out, updated.split(",")[1].strip('"') if "," in updated else "unknown"


class Pay(NamedTuple):
    """Pay figures of one group of respondents (US$ a year)."""

    respondents: int
    median: float
    p25: float
    p75: float
    low: float  # the distribution-free 95% interval of the median
    high: float


def pay(values: list[float]) -> Pay | None:
    """Median and quartiles (linear interpolation between the nearest ranks), and the
    distribution-free 95% interval of the median: the j-th and k-th of the sorted
    values, j = floor(n/2 - 0.98 sqrt n), k = ceil(n/2 + 1 + 0.98 sqrt n), 1-based,
    kept within 1..n."""
    if not values:
        return None
    if len(values) == 1:
        return Pay(1, values[0], values[0], values[0], values[0], values[0])
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    ordered = sorted(values)
    n = len(ordered)
    j = max(1, math.floor(n / 2 - 0.98 * math.sqrt(n)))
    k = min(n, math.ceil(n / 2 + 1 + 0.98 * math.sqrt(n)))
    return Pay(n, statistics.median(values), q1, q3, ordered[j - 1], ordered[k - 1])


class Survey(NamedTuple):
    """Yearly pay (US$) per survey country label: professional developers, ML roles."""

    developers: dict[str, list[float]]
    ml: dict[str, list[float]]

    def pay(self, labels: list[str]) -> tuple[Pay | None, Pay | None]:
        """The pay of the respondents under any of ``labels``, pooled."""
        return (
            pay([v for label in labels for v in self.developers.get(label, [])]),
            pay([v for label in labels for v in self.ml.get(label, [])]),
        )


def survey(path: Path) -> Survey:
    developers: dict[str, list[float]] = defaultdict(list)
    ml: dict[str, list[float]] = defaultdict(list)
    for r in rows(path, ("country", "main_branch", "dev_type", "converted_comp_yearly")):
        if not r["converted_comp_yearly"]:
            continue
        amount = float(r["converted_comp_yearly"])
        if r["main_branch"] == PROFESSIONAL:
            developers[r["country"]].append(amount)
        if r["dev_type"].split(".")[0] in ML_ROLES:
            ml[r["country"]].append(amount)
    return Survey(developers, ml)


def survey_labels(path: Path, used: set[str], names: dict[str, list[str]]) -> dict[str, list[str]]:
    """ISO code -> the survey's labels for it: the repo's table where an economy's label
    is none of its names, else the first of its ``names`` the survey uses."""
    table: dict[str, list[str]] = defaultdict(list)
    for r in rows(path, ("iso2", "label")):
        if r["label"] not in used:
            raise InputError(f"{path}: the survey has no country labelled {r['label']!r}")
        table[r["iso2"]].append(r["label"])
    out = {}
    for code, candidates in names.items():
        found = table.get(code) or [n for n in candidates if n in used][:1]
        if found:
            out[code] = found
    return out


class Economy(NamedTuple):
    """One economy of the candidate set, and why it is in it."""

    iso2: str
    iso3: str
    name: str
    names: list[str]  # every name it goes by: the survey's label is looked up by them
    why: str  # why it is a candidate, in words


def candidates(
    listed: list[dict[str, str]], iso_path: Path, devs: dict[str, dict[Quarter, int]], q: Quarter
) -> list[Economy]:
    """The economies listed, in their order, then every other one with at least
    MIN_DEVELOPERS developer accounts in ``q``, by name. Codes that are no ISO 3166
    economy (the ``EU`` aggregate) are not candidates."""
    try:
        table = json.loads(iso_path.read_text(encoding="utf-8"))["3166-1"]
        iso = {e["alpha_2"]: e for e in table}
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{iso_path}: not the iso-codes ISO 3166-1 table ({exc})") from exc

    def names_of(code: str) -> list[str]:
        e = iso.get(code, {})
        return [e[k] for k in ("common_name", "name", "official_name") if k in e]

    def why(code: str, in_list: bool) -> str:
        n = devs.get(code, {}).get(q, 0)
        accounts = f"{n:,} developer accounts on GitHub in {label(q)}"
        if not in_list:
            return f"A candidate by the rule: {accounts}, at least {MIN_DEVELOPERS:,}."
        first = f"One of the {len(listed)} nearshore candidates of the first open dataset"
        if n >= MIN_DEVELOPERS:
            return f"{first}; also a candidate by the rule, with {accounts}."
        return f"{first}; {accounts}, fewer than the rule's {MIN_DEVELOPERS:,}."

    out = [
        Economy(
            r["iso2"],
            r["iso3"],
            r["country"],
            [r["country"], *names_of(r["iso2"])],
            why(r["iso2"], True),
        )
        for r in listed
    ]
    chosen = {e.iso2 for e in out}
    added = [
        Economy(code, iso[code]["alpha_3"], names_of(code)[0], names_of(code), why(code, False))
        for code, series in devs.items()
        if code not in chosen and code in iso and series.get(q, 0) >= MIN_DEVELOPERS
    ]
    return out + sorted(added, key=lambda e: e.name)


def counts(path: Path, column: str) -> dict[str, dict[Quarter, int]]:
    """An Innovation Graph file of one count per economy and quarter."""
    out: dict[str, dict[Quarter, int]] = defaultdict(dict)
    for r in rows(path, (column, "iso2_code", "year", "quarter")):
        out[r["iso2_code"]][(int(r["year"]), int(r["quarter"]))] = int(r[column])
    return out


def collaboration(path: Path, window: list[Quarter]) -> dict[str, dict[str, int]]:
    """Source economy -> destination economy -> collaboration weight summed over the
    window's quarters. Aggregates (``EU``) are left out: their members are there too."""
    wanted = set(window)
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows(path, ("weight", "source", "destination", "year", "quarter")):
        q = (int(r["year"]), int(r["quarter"]))
        if q in wanted and r["destination"] != r["source"] and r["destination"] != "EU":
            out[r["source"]][r["destination"]] += int(r["weight"])
    return out


def governance(path: Path, year: int) -> dict[tuple[str, str], tuple[float, float]]:
    """WGI workbook: (ISO3 code, indicator) -> (estimate, standard error) in ``year``."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    sheet = book[book.sheetnames[0]]
    lines = sheet.iter_rows(values_only=True)
    header = [str(c) for c in next(lines)]
    missing = [c for c in ("code", "year", "indicator", "estimate", "stddev") if c not in header]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    at = {name: header.index(name) for name in header}
    out: dict[tuple[str, str], tuple[float, float]] = {}
    for line in lines:
        estimate, error = line[at["estimate"]], line[at["stddev"]]
        if line[at["year"]] == year and isinstance(estimate, float) and isinstance(error, float):
            out[(str(line[at["code"]]), str(line[at["indicator"]]))] = (estimate, error)
    book.close()
    if not out:
        raise InputError(f"{path}: no estimates for {year}")
    return out


def time_zones(path: Path) -> dict[str, tuple[str, str]]:
    """ISO code -> (IANA zone, why): the repo's table for economies with several zones
    or none of their own, else the one zone the pinned tzdata's zone.tab gives."""
    import importlib.resources

    import tzdata

    if tzdata.IANA_VERSION != TZDATA:
        raise InputError(
            f"tzdata {tzdata.IANA_VERSION} is installed; the dataset is built with IANA "
            f"{TZDATA} (pip install tzdata==2026.6)"
        )
    reset_tzpath(to=[])  # only the pinned package's zones, never the machine's
    table = (importlib.resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text()
    zones: dict[str, list[str]] = defaultdict(list)
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, _, zone = line.split("\t")[:3]
            zones[code].append(zone)
    out = {code: (z[0], "the economy's one zone") for code, z in zones.items() if len(z) == 1}
    for r in rows(path, ("iso2", "zone", "why")):
        out[r["iso2"]] = (r["zone"], r["why"])
    return out


def overlap(zone: str, hub: str, year: int) -> float:
    """Mean hours a weekday's 09:00-17:00 in ``zone`` overlaps 09:00-17:00 of the same
    date in ``hub``, over the weekdays of ``year``: each day's own offsets, so that
    daylight saving on either side counts on the days it applies."""
    here, there = ZoneInfo(zone), ZoneInfo(hub)
    day = datetime.date(year, 1, 1)
    total, weekdays = 0.0, 0
    while day.year == year:
        if day.weekday() < 5:
            a = [datetime.datetime.combine(day, t, here).timestamp() for t in HOURS]
            b = [datetime.datetime.combine(day, t, there).timestamp() for t in HOURS]
            total += max(0.0, min(a[1], b[1]) - max(a[0], b[0])) / 3600
            weekdays += 1
        day += datetime.timedelta(days=1)
    return half_up(total / weekdays, 2)


def value_text(value: float, lo_hi: tuple[float, float] | None) -> str:
    """A value as TOML: a number, or a range with the number as its point estimate."""
    if lo_hi is None:
        return fmt(value)
    return f"{{ low = {fmt(lo_hi[0])}, high = {fmt(lo_hi[1])}, value = {fmt(value)} }}"


def _world(
    iso2: str,
    iso3: str,
    as_of: Quarter,
    extra: Extra,
    values: dict[str, float],
    ranges: dict[str, tuple[float, float]],
    evidence: dict[str, tuple[str, str]],
) -> None:
    """The criteria added for the world dataset: organizations, collaboration, WGI."""
    count = extra.organizations.get(iso2, {}).get(as_of)
    if count:
        values["organizations"] = count
        evidence["organizations"] = (
            "innovationgraph",
            f"{count:,} organizations in {label(as_of)}.",
        )
    else:
        evidence["organizations"] = (
            "innovationgraph",
            f"Not published for {label(as_of)} (fewer than 100 developers took part).",
        )
    window = extra.collab_window
    sent = extra.collaboration.get(iso2, {})
    total = sum(sent.values())
    span = f"{label(window[0])} to {label(window[-1])}"
    if total:
        to_us = sent.get("US", 0)
        to_eu = sum(w for code, w in sent.items() if code in EU27 and code != iso2)
        values["collab_us"] = half_up(to_us / total * 100, 1)
        values["collab_eu"] = half_up(to_eu / total * 100, 1)
        for key, part, where in (
            ("collab_us", to_us, "the US"),
            ("collab_eu", to_eu, "EU members other than itself"),
        ):
            if key == "collab_us" and iso2 == "US":  # its US work is not cross-border
                del values[key]
                evidence[key] = (
                    "innovationgraph",
                    "Not applicable: the US's own repositories are not cross-border for it, "
                    "so the share would be 0 by definition.",
                )
                continue
            evidence[key] = (
                "innovationgraph",
                f"{part:,} of {total:,} cross-border collaboration weight ({span}) went to "
                f"repositories owned in {where}.",
            )
    else:
        for key in ("collab_us", "collab_eu"):
            evidence[key] = (
                "innovationgraph",
                f"No cross-border collaboration published for {span}.",
            )
    for key, code in (("political_stability", "pv"), ("rule_of_law", "rl")):
        found = extra.wgi.get((WGI_CODES.get(iso3, iso3), code))
        if found is None:
            evidence[key] = ("wgi", f"No {WGI_YEAR} estimate for {iso3}.")
            continue
        estimate, error = found
        values[key] = half_up(estimate, 2)
        ranges[key] = (half_up(estimate - Z90 * error, 2), half_up(estimate + Z90 * error, 2))
        evidence[key] = (
            "wgi",
            f"{WGI_YEAR} estimate {half_up(estimate, 2)}, standard error {half_up(error, 2)}: "
            f"90% interval {ranges[key][0]} to {ranges[key][1]}.",
        )


def fmt(value: float) -> str:
    """A TOML number: an integer where the value is whole, else as rounded."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def build(paths: dict[str, Path], as_of: Quarter) -> str:
    devs = counts(paths["developers"], "developers")
    jup = pushers(paths["languages"])
    exports, wdi_updated = wdi(paths["ict_exports"])
    listed = list(rows(paths["economies"], ("iso2", "iso3", "country")))
    talent = {
        r["iso2"]: r
        for r in rows(paths["ai_talent"], ("iso2", "ai_talent_concentration_pct_2024", "notes"))
    }
    answers = survey(paths["survey"])
    orgs = counts(paths["organizations"], "organizations")
    collab_window = [shift(as_of, -k) for k in (3, 2, 1, 0)]
    collab = collaboration(paths["collaborators"], collab_window)
    if not collab:
        raise InputError(f"{paths['collaborators']}: no figures for {label(collab_window[0])}")
    wgi_of = governance(paths["wgi"], WGI_YEAR)
    zones = time_zones(paths["zones"])
    extra = Extra(orgs, collab, collab_window, wgi_of)
    latest_count = max(q for series in devs.values() for q in series)
    economies = candidates(listed, paths["iso_codes"], devs, as_of)
    below = sum(devs.get(r["iso2"], {}).get(as_of, 0) < MIN_DEVELOPERS for r in listed)
    labels = survey_labels(
        paths["survey_labels"],
        set(answers.developers) | set(answers.ml),
        {e.iso2: e.names for e in economies},
    )
    latest_language = max(q for series in jup.values() for q in series)
    last = min(as_of, latest_language)
    window = [shift(last, -k) for k in (3, 2, 1, 0)]
    if not any(window[0] in series for series in jup.values()):
        raise InputError(f"{paths['languages']}: no {LANGUAGE} figures for {label(window[0])}")
    year_before = shift(as_of, -4)
    for q in (as_of, year_before, last):
        if not any(q in series for series in devs.values()):
            raise InputError(f"{paths['developers']}: no figures for {label(q)}")

    out = [
        "# mlsourcing bundled dataset `open`: generated by tools/build_open_dataset.py",
        "# from the files under data/open/. Do not edit by hand: rebuild it.",
        "",
        'title = "ML engineering destinations worldwide, from open data"',
        toml_kv(
            "description",
            f"{len(economies)} economies: every economy with at least {MIN_DEVELOPERS:,} "
            f"developer accounts on GitHub in {label(as_of)}, and the {len(listed)} nearshore "
            f"candidates of the first open dataset ({below} of them below that). Scored on "
            "open, dated sources: GitHub Innovation "
            "Graph (CC0-1.0), World Bank WDI (CC BY 4.0), the Stanford AI Index 2025 "
            "(LinkedIn data), the Stack Overflow Developer Survey 2024 (ODbL 1.0), the World "
            "Bank's Worldwide Governance Indicators (CC BY 4.0) and the IANA time zone "
            "database. Big-tech competition and community activity have no open, comparable "
            "source and are left out (see docs/dataset.md).",
        ),
        f'as_of = "{label(as_of)}"',
        "",
        "[sources.innovationgraph]",
        'title = "GitHub Innovation Graph"',
        'publisher = "GitHub"',
        'url = "https://github.com/github/innovationgraph"',
        f'date = "developers, organizations and collaboration to {label(latest_count)}, '
        f'languages to {label(latest_language)}"',
        'note = "CC0-1.0. Developer accounts are located by IP address and include '
        "inactive accounts; a figure is published only where 100 or more developers did "
        'the activity in the quarter."',
        "",
        "[sources.worldbank_ict]",
        'title = "ICT service exports (BoP, current US$), BX.GSR.CCIS.CD"',
        'publisher = "World Bank, World Development Indicators"',
        'url = "https://data.worldbank.org/indicator/BX.GSR.CCIS.CD"',
        f'date = "{wdi_updated}"',
        "note = \"CC BY 4.0. Includes telecom services and the exports of multinationals' "
        'captive centres."',
        "",
        "[sources.ai_index]",
        'title = "AI Index Report 2025, chapter 4: AI talent concentration (LinkedIn data)"',
        'publisher = "Stanford HAI"',
        'url = "https://hai.stanford.edu/ai-index/2025-ai-index-report"',
        'date = "2025"',
        'note = "Share of LinkedIn members with AI engineering or AI literacy skills, 2024 '
        "data; only countries in LinkedIn's sample. Read second-hand (see "
        'data/open/README.md)."',
        "",
        "[sources.linkedin_press]",
        "title = \"LinkedIn's 2024 list of the ten countries with the highest AI talent "
        'concentration, as reported by CNBC"',
        'publisher = "CNBC (republished by NBC DFW)"',
        'url = "https://www.nbcdfw.com/news/business/money-report/here-are-10-countries-with-'
        'the-highest-concentration-of-ai-talent-globally-according-to-new-linkedin-data/3814562/"',
        'date = "2025"',
        'note = "The same LinkedIn measure as the AI Index figures, read from a press report; '
        'used for Estonia only."',
        "",
        "[sources.stackoverflow]",
        'title = "Stack Overflow Annual Developer Survey 2024"',
        'publisher = "Stack Overflow"',
        'url = "https://survey.stackoverflow.co/2024/"',
        'date = "2024-05"',
        'note = "Open Database License (ODbL) 1.0: the pay figures derive from the survey '
        "database and are offered under ODbL 1.0. Self-reported, unweighted, no full-time "
        'filter; US$ at 2024 rates."',
        "",
        "[sources.iana_tz]",
        f'title = "IANA time zone database {TZDATA}, via the Python tzdata package"',
        'publisher = "IANA"',
        'url = "https://www.iana.org/time-zones"',
        f'date = "{TZDATA}"',
        toml_kv(
            "note",
            "Public domain. Each economy's zone is the one its country code has in "
            "zone.tab; for an economy with several zones (or none of its own), the one "
            "data/open/zones.csv names, mostly the capital's.",
        ),
        "",
        "[sources.wgi]",
        f'title = "Worldwide Governance Indicators, 2024 update ({WGI_YEAR} estimates)"',
        'publisher = "World Bank (Kaufmann and Kraay)"',
        'url = "https://www.worldbank.org/en/publication/worldwide-governance-indicators"',
        'date = "2024"',
        toml_kv(
            "note",
            "CC BY 4.0. Estimates on a standard normal scale (about -2.5 to 2.5) with their "
            "standard errors; changed here: rounded to two decimals, and each given as its "
            "90% interval, the estimate plus or minus 1.645 standard errors.",
        ),
        "",
    ]
    out += criteria_tables(window, as_of, year_before, collab_window)
    out += profiles()
    for e in economies:
        found = labels.get(e.iso2, [])
        out += destination(
            e,
            devs,
            jup,
            exports,
            zones,
            talent,
            (found, answers.pay(found)),
            window,
            as_of,
            year_before,
            extra,
        )
    return "\n".join(out).rstrip("\n") + "\n"


class Extra(NamedTuple):
    """The inputs of the criteria added for the world dataset."""

    organizations: dict[str, dict[Quarter, int]]
    collaboration: dict[str, dict[str, int]]
    collab_window: list[Quarter]
    wgi: dict[tuple[str, str], tuple[float, float]]


NEARSHORE = 4  # hours of a shared working day that make a destination nearshore


def profiles() -> list[str]:
    """The dataset's named weightings (and the nearshore rules)."""
    no_hours = "overlap_berlin = 0, overlap_new_york = 0"
    return [
        "[profiles.eu_buyer]",
        toml_kv(
            "description",
            "A buyer in Western Europe: working hours shared with Berlin matter, and so "
            "does cost; New York's hours do not.",
        ),
        "weights = { overlap_berlin = 2, overlap_new_york = 0, developer_pay = 2 }",
        "",
        "[profiles.us_buyer]",
        toml_kv(
            "description",
            "A buyer on the US East Coast: working hours shared with New York matter, and "
            "so does cost; Berlin's hours do not.",
        ),
        "weights = { overlap_berlin = 0, overlap_new_york = 2, developer_pay = 2 }",
        "",
        "[profiles.cost_first]",
        toml_kv(
            "description",
            "Cost leads: developer pay weighs five times any other criterion; shared "
            "working hours are left out.",
        ),
        f"weights = {{ developer_pay = 5, {no_hours} }}",
        "",
        "[profiles.eu_nearshore]",
        toml_kv(
            "description",
            f"Nearshore for a buyer in Berlin, as a rule: only destinations whose working "
            f"day shares at least {NEARSHORE} hours with Berlin's, year-round on average; "
            "weighted as eu_buyer.",
        ),
        "weights = { overlap_berlin = 2, overlap_new_york = 0, developer_pay = 2 }",
        f'requirements = {{ overlap_berlin = ">= {NEARSHORE}" }}',
        "",
        "[profiles.us_nearshore]",
        toml_kv(
            "description",
            f"Nearshore for a buyer in New York, as a rule: only destinations whose working "
            f"day shares at least {NEARSHORE} hours with New York's, year-round on "
            "average; weighted as us_buyer.",
        ),
        "weights = { overlap_berlin = 0, overlap_new_york = 2, developer_pay = 2 }",
        f'requirements = {{ overlap_new_york = ">= {NEARSHORE}" }}',
        "",
    ]


def toml_kv(key: str, text: str) -> str:
    return f"{key} = {toml_string(text)}"


def criteria_tables(
    window: list[Quarter], as_of: Quarter, year_before: Quarter, collab_window: list[Quarter]
) -> list[str]:
    span = f"{label(window[0])} to {label(window[-1])}"
    collab_span = f"{label(collab_window[0])} to {label(collab_window[-1])}"
    specs = [
        (
            "ml_practitioners",
            "ML practitioners",
            "benefit",
            "developers",
            "log",
            f"Mean number of developers pushing to Jupyter Notebook repositories a quarter, "
            f"{span}: active users of the data-science and ML notebook format.",
        ),
        (
            "ml_share",
            "ML share of developers",
            "benefit",
            "per 1,000 developers",
            "linear",
            f"ML practitioners per 1,000 developer accounts in {label(window[-1])}: how "
            "much of the developer base does ML work.",
        ),
        (
            "developer_growth",
            "Developer growth",
            "benefit",
            "% a year",
            "linear",
            f"Change in developer accounts from {label(year_before)} to {label(as_of)}.",
        ),
        (
            "it_exports",
            "ICT service exports",
            "benefit",
            "US$ million",
            "log",
            "ICT services sold abroad in the latest year reported: the size of the "
            "export IT-services industry.",
        ),
        (
            "ai_talent",
            "AI talent concentration",
            "benefit",
            "% of LinkedIn members",
            "linear",
            "Share of LinkedIn members with AI engineering or AI literacy skills (2024).",
        ),
        (
            "developer_pay",
            "Developer pay",
            "cost",
            "US$ a year",
            "linear",
            "Median yearly pay of professional developers who answered the Stack Overflow "
            "Developer Survey 2024, in US$ at the survey's 2024 rates: it stands in for the "
            "cost of ML engineers, whose pay is close to it within a country.",
        ),
        (
            "overlap_berlin",
            "Hours shared with Berlin",
            "benefit",
            "hours a working day",
            "linear",
            f"Mean hours a weekday's 09:00-17:00 in the economy overlaps 09:00-17:00 in "
            f"Berlin, over the weekdays of {OVERLAP_YEAR}, each day with its own clocks "
            "(daylight saving included).",
        ),
        (
            "overlap_new_york",
            "Hours shared with New York",
            "benefit",
            "hours a working day",
            "linear",
            f"Mean hours a weekday's 09:00-17:00 in the economy overlaps 09:00-17:00 in "
            f"New York, over the weekdays of {OVERLAP_YEAR}, each day with its own clocks.",
        ),
        (
            "organizations",
            "Developer organizations",
            "benefit",
            "organizations",
            "log",
            f"GitHub organizations located in the economy in {label(as_of)} (companies, "
            "academic groups, nonprofits and informal collectives, by where most of their "
            "members are; inactive ones included): the open measure of how many local "
            "firms and groups build software, short of a register of outsourcing firms.",
        ),
        (
            "collab_us",
            "Collaboration with the US",
            "benefit",
            "% of cross-border collaboration",
            "linear",
            f"Share of the economy's cross-border collaboration ({collab_span}: pushes and "
            "pull requests to repositories owned in another economy) that goes to "
            "repositories owned in the US: how used its developers are to US code bases.",
        ),
        (
            "collab_eu",
            "Collaboration with the EU",
            "benefit",
            "% of cross-border collaboration",
            "linear",
            f"Share of the economy's cross-border collaboration ({collab_span}) that goes to "
            "repositories owned in the 27 EU members other than itself.",
        ),
        (
            "political_stability",
            "Political stability",
            "benefit",
            "WGI estimate",
            "linear",
            f"Political stability and absence of violence/terrorism, World Bank WGI "
            f"{WGI_YEAR} estimate (about -2.5 to 2.5), as its 90% interval.",
        ),
        (
            "rule_of_law",
            "Rule of law",
            "benefit",
            "WGI estimate",
            "linear",
            f"Rule of law, World Bank WGI {WGI_YEAR} estimate (about -2.5 to 2.5), as its 90% "
            "interval: how far contracts, property rights and courts can be relied on.",
        ),
    ]
    periods = {
        "ml_practitioners": span,
        "ml_share": label(window[-1]),
        "developer_growth": f"{label(year_before)} to {label(as_of)}",
        "it_exports": f"the latest year reported before {as_of[0]}",
        "ai_talent": "2024",
        "developer_pay": "2024",
        "overlap_berlin": f"weekdays of {OVERLAP_YEAR}",
        "overlap_new_york": f"weekdays of {OVERLAP_YEAR}",
        "organizations": label(as_of),
        "collab_us": collab_span,
        "collab_eu": collab_span,
        "political_stability": str(WGI_YEAR),
        "rule_of_law": str(WGI_YEAR),
    }
    assert [spec[0] for spec in specs] == list(CRITERIA) and set(periods) == set(CRITERIA)
    out = []
    for key, name, direction, unit, scale, text in specs:
        out += [
            f"[criteria.{key}]",
            f"label = {toml_string(name)}",
            f'direction = "{direction}"',
            f"unit = {toml_string(unit)}",
        ]
        if scale == "log":
            out.append('scale = "log"')
        if key == POOL:
            out.append("pool = true")
        if key.startswith("overlap_"):
            out += ["min = 0", "max = 8"]
        out.append(toml_kv("as_of", periods[key]))
        out += [toml_kv("description", text), ""]
    return out


def destination(
    e: Economy,
    devs: dict[str, dict[Quarter, int]],
    jup: dict[str, dict[Quarter, int]],
    exports: dict[str, dict[int, float]],
    zones: dict[str, tuple[str, str]],
    talent: dict[str, dict[str, str]],
    survey_pay: tuple[list[str], tuple[Pay | None, Pay | None]],
    window: list[Quarter],
    as_of: Quarter,
    year_before: Quarter,
    extra: Extra,
) -> list[str]:
    iso2, iso3, name = e.iso2, e.iso3, e.name
    values: dict[str, float] = {}
    ranges: dict[str, tuple[float, float]] = {}
    evidence: dict[str, tuple[str, str]] = {}
    span = f"{label(window[0])} to {label(window[-1])}"

    series = jup.get(iso2, {})
    quarters = [series.get(q) for q in window]
    if all(v is not None for v in quarters):
        counts = [v for v in quarters if v is not None]
        exact = sum(counts) / 4
        mean = half_up(exact)
        values["ml_practitioners"] = mean
        ranges["ml_practitioners"] = (min(counts), max(counts))
        shown = ", ".join(f"{v:,}" for v in counts)
        evidence["ml_practitioners"] = (
            "innovationgraph",
            f"Quarterly Jupyter Notebook pushers {span}: {shown}; their mean, with the "
            "least and most quarters as its range.",
        )
        base = devs.get(iso2, {}).get(window[-1])
        if base:
            # from the unrounded mean: rounding it first moved 8 shares by 0.01
            values["ml_share"] = half_up(exact / base * 1000, 2)
            evidence["ml_share"] = (
                "innovationgraph",
                f"{mean:,.0f} ML practitioners per {base:,} developer accounts "
                f"({label(window[-1])}).",
            )
        else:
            evidence["ml_share"] = (
                "innovationgraph",
                f"No developer count for {label(window[-1])}.",
            )
    else:
        gaps = [label(q) for q, v in zip(window, quarters, strict=True) if v is None]
        why = (
            f"Not published for {', '.join(gaps)}: GitHub publishes a figure only where 100 or "
            "more developers pushed to Jupyter Notebook repositories in the quarter."
        )
        evidence["ml_practitioners"] = ("innovationgraph", why)
        evidence["ml_share"] = ("innovationgraph", "Missing because ML practitioners is missing.")

    now, before = devs.get(iso2, {}).get(as_of), devs.get(iso2, {}).get(year_before)
    if now and before:
        values["developer_growth"] = half_up((now - before) / before * 100, 1)
        evidence["developer_growth"] = (
            "innovationgraph",
            f"{before:,} developer accounts in {label(year_before)}, {now:,} in {label(as_of)}.",
        )
    else:
        evidence["developer_growth"] = (
            "innovationgraph",
            f"No developer count for {label(year_before)} or {label(as_of)}.",
        )

    # a year's figure is published in the year after: as of 2024 Q3, 2023 is the latest
    years = {y: v for y, v in exports.get(iso3, {}).items() if y < as_of[0]}
    if years:
        year = max(years)
        values["it_exports"] = half_up(years[year] / 1e6)
        evidence["it_exports"] = (
            "worldbank_ict",
            f"US${years[year] / 1e6:,.1f} million in {year}, the latest year reported.",
        )
    else:
        evidence["it_exports"] = ("worldbank_ict", f"The World Bank reports no value for {iso3}.")

    row = talent.get(iso2)
    pct = row["ai_talent_concentration_pct_2024"] if row else ""
    if pct:
        values["ai_talent"] = float(pct)
        # Estonia's figure is LinkedIn's own, as the press reported it, not the AI Index's
        source = "linkedin_press" if iso2 in PRESS_AI_TALENT else "ai_index"
        evidence["ai_talent"] = (source, f"{pct}% of LinkedIn members (2024).")
    else:
        status = row.get("gaid_file_status", "") if row else ""
        if status.startswith("read"):  # its country file was read and has no figure
            why = "Not given: the country is outside the LinkedIn sample the AI Index reports."
        elif status == "not_read":
            why = "Not given: the country's AI Index figures were not read (see data/open)."
        elif status:
            why = "Not given: no AI Index figure for the country was found in what was read."
        else:
            why = "Not given: the country is not among those the AI Index figures were read for."
        evidence["ai_talent"] = ("ai_index", why)

    survey_names, (found, context) = survey_pay
    where = " and ".join(survey_names)
    if not survey_names:
        evidence["developer_pay"] = ("stackoverflow", "The survey does not name this economy.")
    elif found is None or found.respondents < MIN_RESPONDENTS:
        n = 0 if found is None else found.respondents
        evidence["developer_pay"] = (
            "stackoverflow",
            f"Only {n} professional developer{'s' if n != 1 else ''} in {where} reported "
            f"pay; a median needs {MIN_RESPONDENTS} or more.",
        )
    else:
        values["developer_pay"] = half_up(found.median)
        ranges["developer_pay"] = (half_up(found.low), half_up(found.high))
        pooled = f" (the survey's {where}, pooled)" if len(survey_names) > 1 else ""
        note = (
            f"Median of {found.respondents:,} professional developers' pay{pooled}, 95% "
            f"interval US${half_up(found.low):,.0f} to US${half_up(found.high):,.0f} "
            f"(distribution-free, from the sample size); middle half from "
            f"US${half_up(found.p25):,.0f} to US${half_up(found.p75):,.0f}."
        )
        if context is not None:
            note += (
                f" For context, ML and data roles: median US${half_up(context.median):,.0f} "
                f"from {context.respondents:,} respondent{'s' if context.respondents != 1 else ''}."
            )
        evidence["developer_pay"] = ("stackoverflow", note)

    zone, why = zones.get(iso2, ("", ""))
    if zone:
        for key, hub in HUBS.items():
            values[f"overlap_{key}"] = overlap(zone, hub, OVERLAP_YEAR)
            evidence[f"overlap_{key}"] = (
                "iana_tz",
                f"{zone} ({why}) against {hub}, every weekday of {OVERLAP_YEAR}.",
            )
    _world(iso2, iso3, as_of, extra, values, ranges, evidence)

    out = [
        f"[destinations.{slug(name)}]",
        f"name = {toml_string(name)}",
        f"description = {toml_string(e.why)}",
        f'code = "{iso2}"',
    ]
    order = CRITERIA
    shown_values = ", ".join(
        f"{k} = {value_text(values[k], ranges.get(k))}" for k in order if k in values
    )
    out.append(f"values = {{ {shown_values} }}")
    out.append("")
    for key in order:
        if key in evidence:
            source, note = evidence[key]
            out += [
                f"[destinations.{slug(name)}.evidence.{key}]",
                f'source = "{source}"',
                f"note = {toml_string(note)}",
            ]
    out.append("")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", default="2025Q3", help="the quarter to build for (2025Q3)")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    parser.add_argument(
        "--check", action="store_true", help="compare with the output, write nothing"
    )
    for key, path in DEFAULTS.items():
        parser.add_argument(f"--{key.replace('_', '-')}", type=Path, default=path)
    args = parser.parse_args(argv)
    paths = {key: getattr(args, key) for key in DEFAULTS}
    try:
        as_of = quarter(args.as_of)
        for key, path in paths.items():
            if not path.is_file():
                raise InputError(f"{path}: not found (the {key} input)")
        text = build(paths, as_of)
    except (InputError, ValueError) as exc:
        print(f"build_open_dataset: error: {exc}", file=sys.stderr)
        return 1
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(
                f"{args.output} is not what the build gives: run {Path(__file__).name}",
                file=sys.stderr,
            )
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
