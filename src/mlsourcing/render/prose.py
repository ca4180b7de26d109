"""Sentences shared by the writers for people (terminal, Markdown) and JSON's verdict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mlsourcing.render.numbers import human_number, human_percent
from mlsourcing.vocab import METHOD_TITLES, MISSING_TEXT, Method
from mlsourcing.vocab import Missing as Policy

if TYPE_CHECKING:
    from mlsourcing.analysis import Sensitivity, Tipping
    from mlsourcing.scoring import Gap, Result
    from mlsourcing.views import Column, Missing, Screen

MISSING_NAMES_SHOWN = 5  # destinations named per criterion in a missing-value note


def arrow(direction: str) -> str:
    """↑ where higher is better (benefit), ↓ where lower is (cost)."""
    return "↑" if direction == "benefit" else "↓"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def weights_line(columns: Sequence[Column], method: Method | None, policy: Policy) -> str:
    """The weights, method (None: several) and missing-value policy behind a table."""
    parts = [f"{c.key} ({c.label}) {human_percent(c.weight or 0.0)}" for c in columns]
    how = "" if method is None else f"; method: {METHOD_TITLES[method]}"
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


def screen_note(screen: Screen) -> str | None:
    """The requirements applied and who they set aside, with why (the first few named)."""
    if not screen.applied:
        return None
    head = f"Requirements: {', '.join(screen.applied)}"
    aside = screen.set_aside
    if not aside:
        return f"{head}; every destination meets them."
    named = "; ".join(f"{a.name} ({', '.join(a.reasons)})" for a in aside[:MISSING_NAMES_SHOWN])
    more = len(aside) - MISSING_NAMES_SHOWN
    tail = f"; and {more:,} more (--format json or csv lists them all)" if more > 0 else ""
    return f"{head}. Set aside, not ranked: {named}{tail}."


def range_note(results: Sequence[Result]) -> str | None:
    """Which shown values are a range's point estimate (marked ~), and the ranges."""
    ranged = [(r.name, k, lo_hi) for r in results for k, lo_hi in r.ranges.items()]
    if not ranged:
        return None
    shown = "; ".join(
        f"{name} {key} {human_number(lo)}-{human_number(hi)}"
        for name, key, (lo, hi) in ranged[:MISSING_NAMES_SHOWN]
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


def verdict_text(sens: Sensitivity) -> str:
    """One sentence: is the top choice robust?"""
    top = sens.winner
    draws = f"{plural(sens.samples, 'weight draw')} ({spread_text(sens.spread, sens.between)})"
    rivals = ", ".join(f"{name} {human_percent(share)}" for name, share in sens.rivals[:3])
    share = human_percent(top.p_first)
    verdict = sens.verdict
    if verdict == "too few draws":
        return (
            f"Too few draws to judge: {top.name} ranks first in {share} of {draws}; "
            "draw at least 100 weight sets (--samples) before calling it robust."
        )
    if verdict == "robust":
        return f"Robust: {top.name} ranks first in {share} of {draws}."
    if verdict == "fairly robust":
        return f"Fairly robust: {top.name} ranks first in {share} of {draws}; also first: {rivals}."
    return (
        f"Not robust: the top choice depends on the weights. {top.name} ranks first in only "
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
