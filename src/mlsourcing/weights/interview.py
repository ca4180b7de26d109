"""Asking for judgements and keeping the result: the interactive pairwise
questions, and saving weights into a dataset file as a profile.

Saving edits the user's TOML with tomlkit, which keeps its comments and
layout, and writes atomically (see :mod:`mlsourcing.files`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from mlsourcing.errors import InputError, UsageError
from mlsourcing.files import REPLACE, write_new
from mlsourcing.weights import elicit

Ask = Callable[[str], str]
Say = Callable[[str], None]


def pairs(criteria: Sequence[str]) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(criteria) for b in criteria[i + 1 :]]


STOPPED = "weigh: stopped before every pair was judged; nothing was saved"


def provisional(judged: Mapping[str, float], criteria: Sequence[str]) -> elicit.Elicited:
    """AHP weights from the judgements so far, unanswered pairs counting as equal."""
    full = {f"{a}:{b}": judged.get(f"{a}:{b}", 1.0) for a, b in pairs(criteria)}
    return elicit.ahp(full, criteria)


def interview(criteria: Sequence[str], ask: Ask, say: Say) -> elicit.Elicited:
    """Ask every pairwise question in turn; 'b' goes back one question."""
    questions = pairs(criteria)
    judged: dict[str, float] = {}
    say(
        f"{len(questions)} questions: for each pair, which criterion matters more, and how "
        "much. Answer 1 or 2 (or = for equal), then 2 to 9; b goes back, q stops."
    )
    k = 0
    while k < len(questions):
        a, b = questions[k]
        answer = ask(f"[{k + 1}/{len(questions)}] Which matters more: 1) {a}  2) {b}  =) equal? ")
        answer = answer.strip().lower()
        if answer == "q":
            raise UsageError(STOPPED)
        if answer == "b":
            k = max(0, k - 1)
            judged.pop("{}:{}".format(*questions[k]), None)
            continue
        if answer not in ("1", "2", "="):
            say("Please answer 1, 2 or = (b goes back, q stops).")
            continue
        value = 1.0
        if answer != "=":
            much = ask("  How much more, from 2 (a little) to 9 (extremely)? ").strip()
            if much.lower() == "q":
                raise UsageError(STOPPED)
            if much.lower() == "b":
                continue
            if not much.isdigit() or not 2 <= int(much) <= 9:
                say("Please answer a whole number from 2 to 9.")
                continue
            value = float(much) if answer == "1" else 1 / float(much)
        judged[f"{a}:{b}"] = value
        k += 1
        so_far = provisional(judged, criteria)
        shown = ", ".join(f"{c} {100 * w:.0f}%" for c, w in so_far.weights.items())
        if len(judged) < len(questions):  # a ratio over pairs not yet judged would mislead
            say(f"  Weights so far: {shown}; the consistency ratio once every pair is judged")
        else:
            say(f"  Weights: {shown}; consistency ratio {so_far.consistency_ratio:.2f}")
    result = elicit.ahp(judged, criteria)
    return result


def describe(result: elicit.Elicited) -> str:
    how = {"rank-order": "a rank order", "swing": "swing points", "ahp": "pairwise judgements"}
    text = f"Made by 'mlsourcing weigh' from {how[result.method]}"
    if result.consistency_ratio is not None:
        text += f" (consistency ratio {result.consistency_ratio:.2f})"
    return text + "."


def save_profile(path: Path, name: str, result: elicit.Elicited, force: bool) -> None:
    """Add (or with ``force`` replace) ``[profiles.NAME]`` in the dataset file,
    keeping every comment and the layout of the rest."""
    import tomlkit

    text = path.read_text(encoding="utf-8")
    document = tomlkit.parse(text)
    profiles = document.get("profiles")
    if profiles is None:
        profiles = tomlkit.table(is_super_table=True)
        document["profiles"] = profiles
    if name in profiles and not force:
        raise InputError("save-profile", f"{path} already has a profile '{name}'", REPLACE)
    table = tomlkit.table()
    table["description"] = describe(result)
    weights = tomlkit.inline_table()
    for key, value in result.weights.items():
        weights[key] = round(value, 6) if math.isfinite(value) else 0.0
    table["weights"] = weights
    table.add(tomlkit.nl())  # a blank line before whatever follows, as people write it
    profiles[name] = table
    write_new(path, tomlkit.dumps(document), force=True)
