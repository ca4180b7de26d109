"""Sentences shared by the writers for people (terminal, Markdown, the HTML report)
and JSON's verdict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mlsourcing.mcda.methods import title as method_title
from mlsourcing.numbers import human_number, human_percent, human_range, human_share
from mlsourcing.vocab import MISSING_TEXT, Method
from mlsourcing.vocab import Missing as Policy

if TYPE_CHECKING:
    from mlsourcing.analysis.agreement import Agreement, Standing
    from mlsourcing.analysis.portfolio import Portfolios
    from mlsourcing.analysis.robustness import Sensitivity
    from mlsourcing.analysis.tipping import Tipping
    from mlsourcing.mcda.scoring import Gap, Result
    from mlsourcing.views.portfolio import PortfolioView
    from mlsourcing.views.rankings import Column, Headroom, Missing, Screen

MISSING_NAMES_SHOWN = 5  # destinations named per criterion in a missing-value note


def arrow(direction: str) -> str:
    """↑ where higher is better (benefit), ↓ where lower is (cost)."""
    return "↑" if direction == "benefit" else "↓"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def period(as_of: str) -> str:
    """A criterion's period as a note says it: "as of 2024 Q1", or "undated: ..."."""
    return as_of if as_of.startswith("undated") else f"as of {as_of}"


def weights_line(columns: Sequence[Column], method: Method | None, policy: Policy) -> str:
    """The weights, method (None: several) and missing-value policy behind a table."""
    parts = [f"{c.key} ({c.label}) {human_percent(c.weight or 0.0)}" for c in columns]
    how = "" if method is None else f"; method: {method_title(method)}"
    how += f"; missing values: {policy.value}"
    return "Weights: " + ", ".join(parts) + how


def missing_note(missing: Sequence[Missing], policy: Policy = Policy.worst) -> str | None:
    """One sentence naming the missing values and how they were scored: each
    destination's when there are a few, else a count per criterion with the
    first few names (a note must not grow with the dataset)."""
    if not missing:
        return None
    head = f"n/a = missing value, {MISSING_TEXT[policy]}"
    if len(missing) <= MISSING_NAMES_SHOWN:
        return f"{head}: " + "; ".join(f"{m.name}: {', '.join(m.labels)}" for m in missing) + "."
    by_label: dict[str, list[str]] = {}
    for m in missing:
        for label in m.labels:
            by_label.setdefault(label, []).append(m.name)
    parts = []
    for label, names in by_label.items():
        shown = ", ".join(names[:3])
        more = f" and {len(names) - 3:,} more" if len(names) > 3 else ""
        parts.append(f"{label} {len(names):,} ({shown}{more})")
    return f"{head}. {plural(len(missing), 'destination')} miss a value: " + "; ".join(parts) + "."


def screen_note(screen: Screen, how_to_list: bool = True) -> str | None:
    """The requirements applied and who they set aside, with why (the first few named;
    ``how_to_list``: and how to list the rest, for a reader at a command line)."""
    if not screen.applied:
        return None
    head = f"Requirements: {', '.join(screen.applied)}"
    aside = screen.set_aside
    if not aside:
        return f"{head}; every destination meets them."
    named = "; ".join(f"{a.name} ({', '.join(a.reasons)})" for a in aside[:MISSING_NAMES_SHOWN])
    more = len(aside) - MISSING_NAMES_SHOWN
    tail = f"; and {more:,} more" if more > 0 else ""
    if more > 0 and how_to_list:
        tail += " (--format json or csv lists them all)"
    return f"{head}. Set aside, not ranked: {named}{tail}."


def team_note(headroom: Headroom | None, named: Sequence[tuple[str, str]] = ()) -> str | None:
    """With --team: what the Team/pool figure is; for ``named`` (slug, name), each
    one's share said in words."""
    if headroom is None:
        return None
    pool = f"{headroom.label.lower()} ({headroom.unit})" if headroom.unit else headroom.label
    if not named:
        return f"Team/pool = a team of {headroom.team} as a share of each destination's {pool}."
    parts = []
    for slug, name in named:
        share = headroom.share(slug)
        size = headroom.values.get(slug)
        parts.append(
            f"{name}: {pool} unknown"
            if share is None or size is None
            else f"{name}: {human_share(share)} of {human_number(size)}"
        )
    return f"A team of {headroom.team} as a share of the {pool}: {'; '.join(parts)}."


def range_note(results: Sequence[Result]) -> str | None:
    """Which shown values are a range's point estimate (marked ~), and the ranges."""
    ranged = [(r.name, k, lo_hi) for r in results for k, lo_hi in r.ranges.items()]
    if not ranged:
        return None
    shown = "; ".join(
        f"{name} {key} {human_range(lo_hi)}" for name, key, lo_hi in ranged[:MISSING_NAMES_SHOWN]
    )
    more = len(ranged) - MISSING_NAMES_SHOWN
    tail = f"; and {more:,} more" if more > 0 else ""
    return f"~ = the point estimate of a range, which ranking uses: {shown}{tail}."


def spread_text(spread: float | None, between: Sequence[str] = ()) -> str:
    if between:
        return f"weights drawn as random mixes of {len(between)} stakeholders' own"
    if spread is None:
        return "weights drawn uniformly from all possible weightings"
    return f"each weight varied by up to ±{human_percent(spread)}"


def varied_text(sens: Sensitivity | Portfolios) -> str:
    """What the draws varied, and by how much."""
    values = "values drawn within their ranges" + (
        f", the others by up to ±{human_percent(sens.value_spread)}" if sens.value_spread else ""
    )
    if sens.vary == "values":
        return values + "; weights fixed"
    weights = spread_text(sens.spread, sens.between)
    return weights if sens.vary == "weights" else f"{weights}; {values}"


def verdict_text(sens: Sensitivity) -> str:
    """One sentence: is the top choice robust?"""
    top = sens.winner
    kind = {"weights": "weight draw", "values": "draw of the values"}.get(
        sens.vary, "draw of weights and values"
    )
    draws = f"{plural(sens.samples, kind, kind.replace('draw', 'draws', 1))} ({varied_text(sens)})"
    rivals = ", ".join(f"{name} {human_percent(share)}" for name, share in sens.rivals[:3])
    share = human_percent(top.p_first)
    verdict = sens.verdict
    if verdict == "too few draws":
        return (
            f"Too few draws to judge: {top.name} ranks first in {share} of {draws}; "
            "draw at least 100 times (--samples) before calling it robust."
        )
    if verdict == "robust":
        return f"Robust: {top.name} ranks first in {share} of {draws}."
    if verdict == "fairly robust":
        return f"Fairly robust: {top.name} ranks first in {share} of {draws}; also first: {rivals}."
    depends = {"weights": "the weights", "values": "the uncertain values"}.get(
        sens.vary, "the weights and the uncertain values"
    )
    return (
        f"Not robust: the top choice depends on {depends}. {top.name} ranks first in only "
        f"{share} of {draws}; also first: {rivals or 'nobody alone'}."
    )


def tipping_text(label: str, winner: str, tip: Tipping) -> str:
    pct = human_percent
    head = f"{tip.criterion} ({label}) at {pct(tip.weight)}: {winner} stays first"
    if tip.below is None and tip.above is None:
        return f"{head} at any weight."
    changes = []
    if tip.below:
        changes.append(f"below, {tip.below_name} takes over")
    if tip.above:
        changes.append(f"above, {tip.above_name} takes over")
    span = f"for weights from {pct(tip.low)} to {pct(tip.high)}"
    return f"{head} {span}; " + "; ".join(changes) + "."


def gap_sentence(columns: Sequence[Column], gap: Gap) -> str:
    a, b = gap.ahead.name, gap.behind.name
    total = gap.score_gap
    head = f"{a} and {b} tie" if total == 0 else f"{a} beats {b} by {human_number(total)} points"
    if not gap.additive:
        return head + "."
    labels = {c.key: c.label for c in columns}
    ordered = sorted(gap.by_criterion.items(), key=lambda kv: -abs(kv[1]))
    why = ", ".join(
        f"{labels[k]} {'+' if v > 0 else '-'}{human_number(abs(v))}" for k, v in ordered if v != 0
    )
    return f"{head}: {why}." if why else head + "."


def rank_range(low: int, high: int) -> str:
    """The ranks a destination takes over the draws (5th to 95th percentile): "3",
    or "2 to 5"."""
    return str(low) if low == high else f"{low} to {high}"


def rank_span(standing: Standing) -> str:
    """A destination's best and worst rank over the methods: "2", or "1-3"."""
    return str(standing.best) if not standing.spread else f"{standing.best}-{standing.worst}"


def taus_text(found: Agreement) -> str:
    """Kendall's tau of every pair of methods, on one line."""
    return "; ".join(f"{method_title(a)} / {method_title(b)}: {t:.2f}" for a, b, t in found.taus)


def agreement_sentences(found: Agreement) -> list[str]:
    """Which methods put whom first, the consensus, who moves most, what was left out."""
    winners = found.winners
    firsts = set(winners.values())
    out = []
    if len(firsts) == 1:
        out.append(f"Every method ranks {' and '.join(next(iter(firsts)))} first.")
    else:
        by: dict[tuple[str, ...], list[str]] = {}
        for m, names in winners.items():
            by.setdefault(names, []).append(method_title(m))
        picks = "; ".join(f"{' and '.join(n)} ({', '.join(ms)})" for n, ms in by.items())
        out.append(f"The methods disagree on first place: {picks}.")
    leaders = [s.name for s in found.standings if s.consensus == 1]
    out.append(
        f"Consensus over {plural(len(found.methods), 'method')}: {' and '.join(leaders)} first."
    )
    if found.dependent:
        moved = ", ".join(f"{s.name} (ranks {rank_span(s)})" for s in found.dependent)
        out.append(f"Rank depends most on the method: {moved}.")
    else:
        out.append("Every destination has the same rank under every method.")
    pair = found.least_agreeing
    if pair is not None and pair[2] < 1:
        a, b, t = pair
        out.append(f"Least alike: {method_title(a)} and {method_title(b)} (tau {t:.2f}).")
    out += [f"Left out: {method_title(m)}: {why}." for m, why in found.skipped]
    return out


def command_line(command: str, *pairs: tuple[str, object]) -> str:
    """The command line that does what a report or the explorer shows, for a person to
    copy: ``mlsourcing COMMAND`` and each (option, value) given, in order. A value
    that is None, False or empty is left out; True is the option alone; a list or
    tuple repeats the option once per item."""
    import shlex

    words = ["mlsourcing", command]
    for option, value in pairs:
        if value is None or value is False or value == () or value == []:
            continue
        if value is True:
            words.append(option)
        elif isinstance(value, (list, tuple)):
            words += [w for item in value for w in (option, str(item))]
        else:
            words += [option, str(value)]
    return shlex.join(words)


def portfolio_text(view: PortfolioView) -> str:
    """What the portfolio figures are, and over which draws."""
    found = view.analysis
    among = f"the best {len(found.among)} at these weights"
    if found.included:
        among += f" (with {', '.join(found.included)} in every one)"
    return (
        f"{plural(view.total, 'portfolio')} of {found.size} among {among}, over "
        f"{plural(found.samples, 'draw')} (seed {found.seed}; {varied_text(found)}). "
        "Coverage = the share of draws whose winner is in the portfolio (a portfolio of one "
        "is its p(first)); Best = the best member's score in a draw: its mean, and the "
        "5th percentile (the best member in a bad draw)."
    )
