"""What the loader refuses in a dataset's text and weights: control characters, bidi overrides, a name that is another's slug, weights that weigh nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mlsourcing.data import dataset
from mlsourcing.errors import DatasetError

from conftest import crit, dataset_toml

Cli = Callable[..., Any]


Write = Callable[[str | bytes], Path]


WEIGHTLESS = dataset_toml(
    {"x": crit(weight=0), "y": crit(weight=0)}, {"a": {"name": "A", "values": {"x": 1, "y": 2}}}
)


FIELDS = [
    ("title", 'title = "{}"\n'),
    ("criteria.x.label", ""),
    ("destinations.a.name", ""),
    ("destinations.a.description", ""),
    ("destinations.a.evidence.x.note", ""),
    ("sources.s.title", ""),
    ("profiles.p.description", ""),
]


def hostile_text(where: str, text: str) -> str:
    crit_label = text if where == "criteria.x.label" else "X"
    name = text if where == "destinations.a.name" else "A"
    desc = text if where == "destinations.a.description" else ""
    note = text if where == "destinations.a.evidence.x.note" else "n"
    title = text if where == "sources.s.title" else "S"
    pdesc = text if where == "profiles.p.description" else ""
    doc = dataset_toml(
        {"x": crit(label=crit_label)},
        {
            "a": {
                "name": name,
                "description": desc,
                "values": {"x": 1},
                "evidence": {"x": {"source": "s", "note": note}},
            }
        },
        extra=f"[sources.s]\ntitle = {json.dumps(title)}\n"
        f"[profiles.p]\ndescription = {json.dumps(pdesc)}\nweights = {{ x = 1 }}\n",
    )
    if where == "title":
        doc = f"title = {json.dumps(text)}\n" + doc
    return doc


@pytest.mark.parametrize("command", [["validate"], ["profiles"], ["rank"], ["criteria"]])
def test_a_dataset_that_weighs_nothing_is_a_dataset_error(
    cli: Cli, write: Write, command: list[str]
) -> None:
    path = str(write(WEIGHTLESS))
    args = [*command, path] if command == ["validate"] else [*command, "-d", path]
    result = cli(*args)
    assert result.exit_code == 1
    assert "criteria: every criterion's weight is 0" in result.stderr
    assert "--weights" not in result.stderr


@pytest.mark.parametrize("where", [f for f, _ in FIELDS])
@pytest.mark.parametrize(
    ("char", "what"),
    [
        ("\x1b", "a control character (U+001B)"),
        ("\x9b", "a control character (U+009B)"),
        ("\r", "a control character (U+000D)"),
        ("\u202e", "a bidirectional override (U+202E)"),
        ("\u2066", "a bidirectional override (U+2066)"),
    ],
)
def test_control_characters_and_bidi_overrides_are_rejected(
    write: Write, where: str, char: str, what: str
) -> None:
    with pytest.raises(DatasetError) as info:
        dataset.load(write(hostile_text(where, f"evil{char}[2J text")))
    assert info.value.problems == [
        f"{where}: contains {what}, which could garble or reorder what a terminal shows; remove it"
    ]


def test_tab_and_newline_are_allowed(write: Write) -> None:
    ds = dataset.load(write(hostile_text("destinations.a.description", "two\tcolumns\nlines")))
    assert ds.destinations["a"].description == "two\tcolumns\nlines"


def test_a_control_character_in_a_key_is_rejected(write: Write) -> None:
    text = dataset_toml({"x": crit()}, {"a": {"name": "A", "values": {"x": 1}}})
    text += '[profiles."p\\u001b[2J"]\nweights = { x = 1 }\n'
    with pytest.raises(DatasetError, match=r"contains a control character \(U\+001B\)"):
        dataset.load(write(text))


def test_a_name_that_is_another_destinations_slug_is_rejected(cli: Cli, write: Write) -> None:
    text = dataset_toml(
        {"x": crit()},
        {
            "romania": {"name": "Poland", "values": {"x": 1}},
            "poland": {"name": "Romania", "values": {"x": 2}},
        },
    )
    result = cli("validate", str(write(text)))
    assert result.exit_code == 1
    assert (
        "destinations.romania.name: 'Poland' is the slug of destinations.poland, so one of them "
        "could not be named; choose another name" in result.stderr
    )
    assert result.stderr.count("\n") == 2  # both are named
