"""Writers for typed results: Rich tables for people, CSV / JSON / Markdown for programs.

Text formats are built as strings (no Rich import). Rich is imported only
inside the table writers, and every user-supplied string is passed to Rich as
a ``Text`` object, so a name like ``[bold]x[/bold]`` prints as typed.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from mlsourcing.dataset import Criterion, Dataset
from mlsourcing.scoring import DIGITS, Ranking, Result, effective_weights

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from mlsourcing.analysis import Sensitivity, Tipping

METHOD_NAMES = {"wsm": "weighted sum", "topsis": "TOPSIS"}
FORMULA_INJECTION = ("=", "+", "-", "@", "\t", "\r")


# ---------------------------------------------------------------------------
# Numbers


def plain(x: float | None) -> float | int | None:
    """A number as it should appear in JSON: integral floats as ints."""
    if x is None:
        return None
    if float(x).is_integer() and abs(x) < 2**53:
        return int(x)
    return x


def plain_text(x: float | None) -> str:
    """A number as a CSV cell: shortest exact repr, no thousands separators; '' if missing.

    Integral values lose their ".0" (5500.0 -> "5500"); this runs once per cell.
    """
    if x is None:
        return ""
    text = repr(x)
    return text[:-2] if text.endswith(".0") else text


def human(x: float | None, missing: str = "n/a") -> str:
    """A number for people: thousands separators, at most 2 decimals (4 significant if small)."""
    if x is None:
        return missing
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1e15 or (x != 0 and abs(x) < 0.01):
        return f"{x:.4g}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def percent(w: float) -> str:
    return f"{100 * w:.0f}%" if abs(100 * w - round(100 * w)) < 0.05 else f"{100 * w:.1f}%"


def bar(fraction: float, width: int = 10) -> str:
    """A horizontal bar of block characters for a fraction in [0, 1]."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[part]).ljust(width)


# ---------------------------------------------------------------------------
# Text formats


def safe_cell(text: str) -> str:
    """Guard a text cell against spreadsheet formula injection (OWASP)."""
    return "'" + text if text.startswith(FORMULA_INJECTION) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV with standard quoting and "\n" line ends; text cells already guarded by the caller.

    The writer is told the RFC 4180 terminator "\r\n" so that it quotes any field
    holding a lone "\r" as well as "\n"; the terminators then become "\n". When
    no field holds "\r\n" itself (then every "\r\n" is a terminator) that is one
    replace; otherwise rows are written one at a time.
    """
    table = [[safe_cell(h) for h in header], *rows]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(table)
    text = out.getvalue()
    if text.count("\r\n") == len(table):
        return text.replace("\r\n", "\n")
    lines = []
    for row in table:
        out.seek(0)
        out.truncate()
        writer.writerow(row)
        lines.append(out.getvalue()[:-2])
    return "\n".join(lines) + "\n"


def to_json(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def md_cell(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(header: Sequence[str], rows: Iterable[Sequence[str]], align: str) -> str:
    """A GitHub pipe table; ``align`` has one of 'l'/'r' per column."""
    lines = ["| " + " | ".join(md_cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---:" if a == "r" else ":---" for a in align) + "|")
    lines.extend("| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def arrow(direction: str) -> str:
    """↑ where higher is better (benefit), ↓ where lower is (cost)."""
    return "↑" if direction == "benefit" else "↓"


def criterion_title(crit: Criterion) -> str:
    return f"{crit.label} ({crit.unit})" if crit.unit else crit.label


def weights_line(dataset: Dataset, ranking: Ranking) -> str:
    parts = [f"{k} ({dataset.criteria[k].label}) {percent(w)}" for k, w in ranking.weights.items()]
    return "Weights: " + ", ".join(parts) + f"; method: {METHOD_NAMES[ranking.method]}"


def missing_note(dataset: Dataset, results: Iterable[Result]) -> str | None:
    """One sentence naming every missing value and how it was scored."""
    gaps = [
        f"{r.name}: {', '.join(dataset.criteria[k].label for k in r.missing)}"
        for r in results
        if r.missing
    ]
    if not gaps:
        return None
    return (
        "n/a = missing value, scored as the worst on its criterion (normalised 0): "
        + "; ".join(gaps)
        + "."
    )


# ---------------------------------------------------------------------------
# rank


def ranking_rows(ranking: Ranking, explain: bool, top: int | None = None) -> list[list[object]]:
    """CSV rows, criteria in dataset order (the order of each result's rows)."""
    rows = []
    for r in ranking.results[:top]:
        row: list[object] = [r.rank, safe_cell(r.slug), safe_cell(r.name), plain_text(r.score)]
        # values as typed in the file (an integer stays an integer); None is an empty cell
        row += r.value_row
        if explain and r.point_row is not None:
            row += [plain_text(round(p, DIGITS)) for p in r.point_row]
        rows.append(row)
    return rows


def ranking_csv(
    dataset: Dataset, ranking: Ranking, explain: bool = False, top: int | None = None
) -> str:
    keys = list(dataset.criteria)
    header = ["rank", "slug", "name", "score", *keys]
    if explain:
        header += [f"{k}_points" for k in keys]
    return to_csv(header, ranking_rows(ranking, explain, top))


def result_json(result: Result) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "rank": result.rank,
        "slug": result.slug,
        "name": result.name,
        "score": plain(result.score),
        "values": {k: plain(v) for k, v in result.values.items()},
        "normalised": {k: plain(round(v, DIGITS)) for k, v in result.normalised.items()},
    }
    if result.points is not None:
        doc["points"] = {k: plain(round(v, DIGITS)) for k, v in result.points.items()}
    doc["missing"] = list(result.missing)
    return doc


def criteria_json(dataset: Dataset, ranking: Ranking | None = None) -> list[dict[str, Any]]:
    out = []
    for key, c in dataset.criteria.items():
        doc: dict[str, Any] = {
            "key": key,
            "label": c.label,
            "direction": c.direction,
            "unit": c.unit,
            "min": plain(c.min),
            "max": plain(c.max),
            "default_weight": plain(c.weight),
            "description": c.description,
        }
        if ranking is not None:
            lo, hi = ranking.bounds[key]
            doc["weight"] = ranking.weights[key]
            doc["bounds_used"] = [plain(lo), plain(hi)]
        out.append(doc)
    return out


def criteria_csv(dataset: Dataset) -> str:
    header = ["key", "label", "direction", "unit", "min", "max", "default_weight", "description"]
    rows = [
        [safe_cell(d[h]) if isinstance(d[h], str) else plain_text(d[h]) for h in header]
        for d in criteria_json(dataset)
    ]
    return to_csv(header, rows)


def ranking_document(dataset: Dataset, ranking: Ranking, top: int | None = None) -> dict[str, Any]:
    results = ranking.results[:top]
    return {
        "dataset": dataset.path,
        "title": dataset.title,
        "method": ranking.method,
        "weights": ranking.weights,
        "results": [result_json(r) for r in results],
        "criteria": criteria_json(dataset, ranking),
    }


def ranking_markdown(dataset: Dataset, ranking: Ranking, explain: bool, top: int | None) -> str:
    results = ranking.results[:top]
    keys = list(dataset.criteria)
    header = ["Rank", "Destination", "Score"] + [criterion_title(dataset.criteria[k]) for k in keys]
    rows = []
    for r in results:
        cells = []
        for k in keys:
            cell = human(r.values[k])
            if explain and r.points is not None:
                cell += f" ({human(r.points[k])} pts)"
            cells.append(cell)
        rows.append([str(r.rank), r.name, f"{r.score:.1f}", *cells])
    text = to_markdown(header, rows, "rlr" + "r" * len(keys))
    text += "\n" + weights_line(dataset, ranking) + ".\n"
    note = missing_note(dataset, results)
    return text + (f"\n{note}\n" if note else "")


# ---------------------------------------------------------------------------
# Rich tables


def console() -> Console:
    """A stdout console. Rich already drops all escape codes when stdout is not a
    terminal; with NO_COLOR set (https://no-color.org) we drop styles such as bold
    too, not only colours, so the output has no escape codes at all."""
    from rich.console import Console

    plain_only = bool(os.environ.get("NO_COLOR"))
    return Console(highlight=False, color_system=None if plain_only else "auto")


def _text(value: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(value, style=style)


def print_table(*renderables: RenderableType | str | None) -> None:
    out = console()
    for item in renderables:
        if item is None:
            continue
        if isinstance(item, str):  # prose: let the terminal wrap it, so URLs stay whole
            out.print(_text(item), soft_wrap=True)
        else:
            out.print(item)


def ranking_table(
    dataset: Dataset, ranking: Ranking, explain: bool = False, top: int | None = None
) -> None:
    from rich import box
    from rich.measure import Measurement
    from rich.table import Table

    results = ranking.results[:top]
    points = explain and ranking.method == "wsm"

    def build(with_bar: bool) -> Table:
        table = Table(
            title=_text(dataset.title or "Ranking"),
            caption=_text(weights_line(dataset, ranking)),
            title_justify="left",
            caption_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )
        table.add_column("Rank", justify="right")
        table.add_column("Destination", overflow="fold", min_width=11)
        table.add_column("Score", justify="right")
        if with_bar:
            table.add_column("", no_wrap=True)
        for key, crit in dataset.criteria.items():
            # Headed by the key users type in --weights; the caption gives the labels.
            heading = f"{key} {arrow(crit.direction)}" + (" pts" if points else "")
            table.add_column(_text(heading), justify="right", overflow="fold")
        for r in results:
            cells: list[RenderableType] = [str(r.rank), _text(r.name), f"{r.score:.1f}"]
            if with_bar:
                cells.append(_text(bar(r.score / 100), "green"))
            for key in dataset.criteria:
                value = r.values[key]
                if points and r.points is not None:
                    cells.append(_text(human(r.points[key]) + ("*" if value is None else "")))
                else:
                    cells.append(_text(human(value), "dim" if value is None else ""))
            table.add_row(*cells)
        return table

    out = console()
    table = build(with_bar=True)
    if Measurement.get(out, out.options.update_width(10_000), table).maximum > out.width:
        table = build(with_bar=False)  # a narrow terminal: the numbers matter more
    if points:
        hint = "pts = 100 x weight x normalised value; a row's points add up to its score."
        hint += " * = missing value." if any(r.missing for r in results) else ""
    elif ranking.method == "wsm":
        hint = "Add --explain for each criterion's points, or see 'mlsourcing show NAME'."
        hint += " ↑ higher is better, ↓ lower is better."
    else:
        hint = "See 'mlsourcing show NAME' for each criterion's position between the"
        hint += " anti-ideal (0) and the ideal (1). ↑ higher is better, ↓ lower is better."
    print_table(table, missing_note(dataset, results), hint)


def criteria_table(dataset: Dataset) -> None:
    from rich.table import Table

    table = Table(title=_text(f"Criteria of {dataset.path}"), title_justify="left")
    for name in ("Key", "Label", "Direction", "Unit", "Min", "Max", "Weight"):
        numeric = name in ("Min", "Max", "Weight")
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for key, c in dataset.criteria.items():
        table.add_row(
            *(_text(v) for v in (key, c.label, c.direction, c.unit)),
            human(c.min, "-"),
            human(c.max, "-"),
            human(c.weight),
        )
    described = [f"{key}: {c.description}" for key, c in dataset.criteria.items() if c.description]
    print_table(table, "\n".join(described) if described else None)


# ---------------------------------------------------------------------------
# show


def destination_document(dataset: Dataset, ranking: Ranking, slug: str) -> dict[str, Any]:
    """Everything known about one destination, with provenance, as JSON-ready data."""
    dest = dataset.destinations[slug]
    result = ranking.by_slug(slug)
    details = []
    for key, crit in dataset.criteria.items():
        ev = dest.evidence.get(key)
        src = dataset.sources.get(ev.source) if ev else None
        details.append(
            {
                "criterion": key,
                "label": crit.label,
                "direction": crit.direction,
                "unit": crit.unit,
                "value": plain(result.values[key]),
                "missing": key in result.missing,
                "normalised": plain(round(result.normalised[key], DIGITS)),
                "weight": ranking.weights[key],
                "points": None
                if result.points is None
                else plain(round(result.points[key], DIGITS)),
                "evidence": ev.note if ev else None,
                "source": None
                if src is None or ev is None
                else {
                    "key": ev.source,
                    "title": src.title,
                    "url": src.url,
                    "date": None if src.date is None else str(src.date),
                },
            }
        )
    return {
        "dataset": dataset.path,
        "method": ranking.method,
        "slug": slug,
        "name": dest.name,
        "description": dest.description,
        "rank": result.rank,
        "of": len(ranking.results),
        "score": plain(result.score),
        "weights": ranking.weights,
        "values": {k: plain(v) for k, v in result.values.items()},
        "criteria": details,
    }


def destination_table(dataset: Dataset, ranking: Ranking, slug: str) -> None:
    from rich.table import Table

    doc = destination_document(dataset, ranking, slug)
    head = _text(f"{doc['name']} ", "bold")
    head.append(f"({slug})  rank {doc['rank']} of {doc['of']}, score {doc['score']:.1f} / 100")
    head.append(f"  [{METHOD_NAMES[ranking.method]}]", "dim")
    table = Table(show_lines=True, expand=True)
    # Under TOPSIS the [0, 1] figure is the position between anti-ideal and ideal.
    scaled = "Normalised" if ranking.method == "wsm" else "Position"
    for name in ("Criterion", "Value", scaled, "Weight", "Points"):
        table.add_column(
            name, justify="left" if name == "Criterion" else "right", no_wrap=name != "Criterion"
        )
    table.add_column("Evidence [source]", ratio=1, min_width=30)
    cited: dict[str, Any] = {}
    for d in doc["criteria"]:
        criterion = _text(f"{d['label']} {arrow(d['direction'])}")
        if d["unit"]:
            criterion.append(f"\n{d['unit']}", "dim")
        evidence = _text(d["evidence"] or ("no evidence recorded" if d["missing"] else ""))
        if d["source"]:
            evidence.append(f" [{d['source']['key']}]", "cyan")
            cited[d["source"]["key"]] = d["source"]
        table.add_row(
            criterion,
            _text(human(d["value"]), "dim" if d["missing"] else ""),
            f"{d['normalised']:.2f}",
            percent(d["weight"]),
            "-" if d["points"] is None else human(d["points"]),
            evidence,
        )
    sources = [
        f"[{key}] {src['title']}"
        + (f", {src['date']}" if src["date"] else "")
        + (f": {src['url']}" if src["url"] else "")
        for key, src in cited.items()
    ]
    note = missing_note(dataset, [ranking.by_slug(slug)])
    print_table(
        head,
        _text(doc["description"]) if doc["description"] else None,
        table,
        note,
        "Sources:\n" + "\n".join(sources) if sources else None,
    )


@contextlib.contextmanager
def progress_bar(label: str, work: int) -> Iterator[Callable[[int, int], None] | None]:
    """A Rich progress bar on stderr, only on a terminal and only for big jobs."""
    if work < 5_000_000 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def write(text: str) -> None:
    """Machine output to stdout (flushed here, so a closed pipe surfaces in the CLI)."""
    sys.stdout.write(text)
    sys.stdout.flush()


# ---------------------------------------------------------------------------
# sensitivity


def spread_text(spread: float | None) -> str:
    if spread is None:
        return "weights drawn uniformly from all possible weightings"
    return f"each weight varied by up to ±{percent(spread)}"


def verdict(sens: Sensitivity) -> str:
    """One sentence: is the top choice robust?"""
    top = sens.winner
    draws = f"{sens.samples:,} weight draws ({spread_text(sens.spread)})"
    others = sorted(
        (r for r in sens.results[1:] if r.p_first > 0), key=lambda r: (-r.p_first, r.rank)
    )
    rivals = ", ".join(f"{r.name} {percent(r.p_first)}" for r in others[:3])
    if top.p_first >= 0.9:
        return f"Robust: {top.name} ranks first in {percent(top.p_first)} of {draws}."
    if top.p_first >= 0.6:
        return (
            f"Fairly robust: {top.name} ranks first in {percent(top.p_first)} of {draws}; "
            f"also first: {rivals}."
        )
    return (
        f"Not robust: the top choice depends on the weights. {top.name} ranks first in only "
        f"{percent(top.p_first)} of {draws}; also first: {rivals or 'nobody alone'}."
    )


def tipping_text(dataset: Dataset, sens: Sensitivity, tip: Tipping) -> str:
    names = {r.slug: r.name for r in sens.results}
    label = dataset.criteria[tip.criterion].label
    head = f"{tip.criterion} ({label}) at {percent(tip.weight)}: {sens.winner.name} stays first"
    if tip.below is None and tip.above is None:
        return f"{head} at any weight."
    changes = []
    if tip.below:
        changes.append(f"below, {names[tip.below]} takes over")
    if tip.above:
        changes.append(f"above, {names[tip.above]} takes over")
    span = f"for weights from {percent(tip.low)} to {percent(tip.high)}"
    return f"{head} {span}; " + "; ".join(changes) + "."


def sensitivity_document(
    dataset: Dataset, sens: Sensitivity, top: int | None = None
) -> dict[str, Any]:
    return {
        "dataset": dataset.path,
        "method": sens.method,
        "samples": sens.samples,
        "seed": sens.seed,
        "spread": "any" if sens.spread is None else sens.spread,
        "weights": sens.weights,
        "verdict": verdict(sens),
        "results": [
            {
                "rank": r.rank,
                "slug": r.slug,
                "name": r.name,
                "score": plain(r.score),
                "p_first": r.p_first,
                "rank_p05": r.rank_p05,
                "rank_median": r.rank_median,
                "rank_p95": r.rank_p95,
                "rank_distribution": {str(k): v for k, v in r.distribution.items()},
                "central_weights": r.central_weights,
            }
            for r in sens.results[:top]
        ],
        "tipping": [
            {
                "criterion": t.criterion,
                "weight": t.weight,
                "low": t.low,
                "high": t.high,
                "below": t.below,
                "above": t.above,
            }
            for t in sens.tipping
        ],
    }


def sensitivity_csv(sens: Sensitivity, top: int | None = None) -> str:
    header = ["rank", "slug", "name", "score", "p_first", "rank_p05", "rank_median", "rank_p95"]
    rows = [
        [
            str(r.rank),
            safe_cell(r.slug),
            safe_cell(r.name),
            plain_text(r.score),
            plain_text(r.p_first),
            str(r.rank_p05),
            str(r.rank_median),
            str(r.rank_p95),
        ]
        for r in sens.results[:top]
    ]
    return to_csv(header, rows)


def sensitivity_table(dataset: Dataset, sens: Sensitivity, top: int | None = None) -> None:
    from rich import box
    from rich.table import Table

    shown = sens.results[:top]
    table = Table(
        title=_text(f"How robust is the ranking? ({METHOD_NAMES[sens.method]})"),
        caption=_text(
            f"{sens.samples:,} draws, {spread_text(sens.spread)}, seed {sens.seed}. "
            f"Rank range: 5th to 95th percentile of the draws."
        ),
        title_justify="left",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for name, justify in (("Rank", "right"), ("Destination", "left"), ("Score", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("p(first)", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("Rank range", justify="center")
    table.add_column("Median", justify="right")
    for r in shown:
        interval = str(r.rank_p05) if r.rank_p05 == r.rank_p95 else f"{r.rank_p05} to {r.rank_p95}"
        table.add_row(
            str(r.rank),
            _text(r.name),
            f"{r.score:.1f}",
            percent(r.p_first),
            _text(bar(r.p_first), "green"),
            interval,
            str(r.rank_median),
        )
    tips = [tipping_text(dataset, sens, t) for t in sens.tipping]
    print_table(
        table,
        _text(verdict(sens), "bold"),
        "Tipping points (each criterion's weight, the others keeping their proportions):\n"
        + "\n".join(f"- {t}" for t in tips)
        if tips
        else None,
    )


# ---------------------------------------------------------------------------
# compare


def compare_document(dataset: Dataset, ranking: Ranking, slugs: Sequence[str]) -> dict[str, Any]:
    chosen = sorted((ranking.by_slug(s) for s in slugs), key=lambda r: (r.rank, r.name.casefold()))
    best = chosen[0]
    gaps = []
    for other in chosen[1:]:
        gap: dict[str, Any] = {
            "from": best.slug,
            "to": other.slug,
            "score_gap": plain(round(best.score - other.score, DIGITS)),
        }
        if best.points is not None and other.points is not None:
            gap["by_criterion"] = {
                k: plain(round(best.points[k] - other.points[k], DIGITS)) for k in dataset.criteria
            }
        else:
            gap["position_gap"] = {
                k: plain(round(best.normalised[k] - other.normalised[k], DIGITS))
                for k in dataset.criteria
            }
        gaps.append(gap)
    return {
        "dataset": dataset.path,
        "method": ranking.method,
        "weights": ranking.weights,
        "destinations": [result_json(r) for r in chosen],
        "gaps": gaps,
    }


def gap_sentence(dataset: Dataset, doc: dict[str, Any], gap: dict[str, Any]) -> str:
    names = {d["slug"]: d["name"] for d in doc["destinations"]}
    a, b = names[gap["from"]], names[gap["to"]]
    total = gap["score_gap"]
    head = f"{a} and {b} tie" if total == 0 else f"{a} beats {b} by {human(total)} points"
    parts = gap.get("by_criterion")
    if not parts:
        return head + "."
    ordered = sorted(parts.items(), key=lambda kv: -abs(kv[1]))
    why = ", ".join(
        f"{dataset.criteria[k].label} {'+' if v > 0 else '-'}{human(abs(v))}"
        for k, v in ordered
        if v != 0
    )
    return f"{head}: {why}." if why else head + "."


def compare_table(dataset: Dataset, doc: dict[str, Any]) -> None:
    from rich.table import Table

    dests = doc["destinations"]
    wsm = doc["method"] == "wsm"
    table = Table(title=_text(f"Comparison ({METHOD_NAMES[doc['method']]})"), title_justify="left")
    table.add_column("Criterion")
    table.add_column("Weight", justify="right")
    for d in dests:
        table.add_column(_text(f"{d['name']}\n#{d['rank']}, {d['score']:.1f}"), justify="right")
    if wsm and len(dests) > 1:
        table.add_column(_text(f"{dests[0]['name']} - {dests[1]['name']}\npoints"), justify="right")
    for key, crit in dataset.criteria.items():
        row: list[RenderableType] = [
            _text(f"{crit.label} {arrow(crit.direction)}"),
            percent(doc["weights"][key]),
        ]
        for d in dests:
            value = d["values"][key]
            cell = _text(human(value), "dim" if value is None else "")
            cell.append(f"\nn {d['normalised'][key]:.2f}", "dim")
            if wsm:
                cell.append(f"\n{human(d['points'][key])} pts")
            row.append(cell)
        if wsm and len(dests) > 1:
            diff = doc["gaps"][0]["by_criterion"][key]
            row.append(
                _text(
                    ("+" if diff > 0 else "") + human(diff),
                    "green" if diff > 0 else "red" if diff < 0 else "",
                )
            )
        table.add_row(*row)
    sentences = [gap_sentence(dataset, doc, g) for g in doc["gaps"]]
    print_table(table, "\n".join(sentences) if sentences else None)


# ---------------------------------------------------------------------------
# profiles


def profiles_document(dataset: Dataset) -> dict[str, Any]:
    out = []
    for name, profile in dataset.profiles.items():
        out.append(
            {
                "name": name,
                "description": profile.description,
                "weights": {k: plain(v) for k, v in profile.weights.items()},
                # exactly the weights that --profile NAME ranks with
                "effective_weights": effective_weights(dataset, profile.weights),
            }
        )
    return {"dataset": dataset.path, "profiles": out}


def profiles_table(dataset: Dataset) -> None:
    from rich.table import Table

    doc = profiles_document(dataset)
    if not doc["profiles"]:
        print_table(f"{dataset.path} defines no profiles.")
        return
    table = Table(title=_text(f"Weight profiles of {dataset.path}"), title_justify="left")
    table.add_column("Profile")
    for key in dataset.criteria:
        table.add_column(_text(key), justify="right")
    table.add_column("Description", ratio=1, min_width=24)
    for p in doc["profiles"]:
        table.add_row(
            _text(p["name"]),
            *(percent(p["effective_weights"][k]) for k in dataset.criteria),
            _text(p["description"]),
        )
    print_table(table, "Use one with --profile NAME; --weights on top of it override its weights.")
