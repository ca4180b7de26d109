"""Hostile input: nasty files, the toml-test corpus, fuzzed datasets, and hostile names."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlsourcing.data import dataset
from mlsourcing.errors import DatasetError, InputError
from mlsourcing.mcda import scoring
from mlsourcing.mcda.methods import names as method_names
from mlsourcing.vocab import Method

from conftest import TESTS

NASTY = TESTS / "nasty"
TOML_TEST = TESTS / "corpus" / "toml-test" / "tests"
Cli = Callable[..., Any]

# What each nasty file must give: "valid", or a piece of the one-line error.
EXPECTED = {
    "array_of_tables.toml": "destinations: must be a table, not an array",
    "array_value.toml": "destinations.p.values.x: must be a number, not an array",
    "bom.toml": "valid",
    "bool_value.toml": "destinations.p.values.x: must be a number, not a boolean (True)",
    "bounds_reversed.toml": "criteria.x: min (5) must be less than max (1)",
    "criteria_not_table.toml": "criteria: must be a table, not a number (5)",
    "crlf.toml": "valid",
    "date_value.toml": "must be a number, not a date/time (2024-01-01)",
    "datetime_value.toml": "must be a number, not a date/time (1979-05-27T07:32:00+00:00)",
    "deep_nesting_array.toml": "nesting is too deep",
    "deep_nesting_tables.toml": "nesting is too deep",
    "destination_not_table.toml": "destinations.p: must be a table, not a string ('Poland')",
    "dotted_keys.toml": "valid",
    "duplicate_keys.toml": "TOML syntax error: Cannot overwrite a value (at line 4, column 16)",
    "duplicate_tables.toml": "TOML syntax error: Cannot declare ('destinations', 'p') twice (at line 7",
    "empty.toml": "the file is empty",
    "extreme_floats.toml": "valid",
    "huge_integer.toml": "destinations.p.values.x: the number 10000000000",
    "huge_negative_integer.toml": "is too large",
    "inf_value.toml": "destinations.p.values.x: must be a finite number, not inf",
    "inline_everything.toml": "valid",
    "latin1.toml": "not UTF-8 text (invalid byte at offset 76)",
    "long_strings.toml": "valid",
    "markup_names.toml": "valid",
    "name_not_string.toml": "destinations.p.name: must be a string, not a number (5)",
    "nan_value.toml": "destinations.p.values.x: must be a finite number, not nan",
    "negative_inf_bound.toml": "criteria.x.min: must be a finite number, not -inf",
    "negative_weight.toml": "criteria.x.weight: must be 0 or more, not -1",
    "newline_name.toml": "valid",
    "nul_in_comment.toml": "TOML syntax error: Found invalid character '\\x00' (at line 4",
    "nul_in_string.toml": "TOML syntax error: Illegal character '\\x00' (at line 5",
    "only_comments.toml": "criteria: required key is missing",
    "profile_weight_string.toml": "profiles.a.weights.x: must be a number, not a string ('heavy')",
    "random_binary.bin.toml": "not UTF-8 text",
    "slug_with_space.toml": 'destinations."p q": a destination slug may hold only',
    "string_number.toml": "destinations.p.values.x: must be a number, not a string ('12')",
    "time_value.toml": "must be a number, not a date/time (07:32:00)",
    "unicode_names.toml": "valid",
    "unknown_top_key.toml": "criterias: unknown key 'criterias'; did you mean 'criteria'?",
    "utf16.toml": "not UTF-8 text (invalid byte at offset 0)",
    "value_out_of_bounds.toml": "values.x: 5.000001 is outside the bounds [0, 5]",
    "values_not_table.toml": "destinations.p.values: must be a table, not a number (3)",
}


def test_every_nasty_file_has_an_expectation() -> None:
    assert sorted(p.name for p in NASTY.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_nasty_files(cli: Cli, name: str) -> None:
    path = NASTY / name
    result = cli("validate", str(path))
    assert "Traceback" not in result.output
    if EXPECTED[name] == "valid":
        assert result.exit_code == 0, result.stderr
        values = [v for d in dataset.load(path).destinations.values() for v in d.values.values()]
        for method in list(method_names()):
            ranked = cli("rank", "--data", str(path), "-f", "json", "-m", method)
            if method is Method.wpm and any(v <= 0 for v in values):
                assert ranked.exit_code == 2 and "must be above 0" in ranked.stderr
                continue
            assert ranked.exit_code == 0
            doc = json.loads(ranked.stdout)
            assert all(math.isfinite(r["score"]) and 0 <= r["score"] <= 100 for r in doc["results"])
            assert cli("rank", "--data", str(path)).exit_code == 0
            assert (
                cli("sensitivity", "--data", str(path), "--samples", "20", "-m", method).exit_code
                == 0
            )
    else:
        assert result.exit_code == 1
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith(f"mlsourcing: error: {path}: ") for line in lines)
        assert EXPECTED[name] in result.stderr, result.stderr


TOML_TEST_FILES = sorted(TOML_TEST.rglob("*.toml"))


def test_the_toml_test_corpus_is_complete() -> None:
    assert len(TOML_TEST_FILES) == 777


def corpus_problems(path: Path) -> list[str]:
    """What the loader says of a corpus file, one line per problem (as validate
    prints them); every file of the corpus is rejected."""
    with pytest.raises(DatasetError) as info:
        dataset.load(path)
    return info.value.in_full().lines()


@pytest.mark.parametrize(
    "path", TOML_TEST_FILES, ids=[str(p.relative_to(TOML_TEST)) for p in TOML_TEST_FILES]
)
def test_toml_test_corpus_is_rejected_with_a_clear_message(path: Path) -> None:
    lines = corpus_problems(path)
    assert lines, "no message"
    for line in lines:
        assert line.startswith(f"{path}: "), line
        assert "\n" not in line and len(line) < 2000
    if path.parts[-3] == "invalid" or "invalid" in path.parts:
        return
    # a valid TOML file is rejected for its content, never for its syntax
    assert not any("TOML syntax error" in line for line in lines)


@pytest.mark.parametrize("kind", ["invalid", "valid"])
def test_validate_says_of_a_corpus_file_what_the_loader_says(cli: Cli, kind: str) -> None:
    path = next(p for p in TOML_TEST_FILES if p.relative_to(TOML_TEST).parts[0] == kind)
    result = cli("validate", str(path))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [f"mlsourcing: error: {x}" for x in corpus_problems(path)]


# ---------------------------------------------------------------------------
# Fuzzing the loader: nothing but a Dataset or the project's own error, ever.


def load_or_error(raw: bytes | str | dict[str, Any]) -> None:
    try:
        if isinstance(raw, dict):
            ds = dataset.from_document(raw)
        else:
            ds = dataset.loads(raw, "fuzz.toml")
    except DatasetError as exc:
        assert str(exc).startswith(("fuzz.toml: ", "<dataset>: "))
        assert "\n" not in str(exc)
        return
    for method in list(method_names()):
        try:
            ranking = scoring.rank(ds, method=method)
        except InputError as exc:  # the weighted product takes positive values only
            assert method is Method.wpm and "must be above 0" in exc.message
            continue
        assert all(math.isfinite(r.score) for r in ranking.results)


@given(st.binary(max_size=3000))
def test_fuzz_random_bytes(raw: bytes) -> None:
    load_or_error(raw)


toml_scalars = (
    st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.booleans()
    | st.dates()
    | st.times()
    | st.datetimes()
)
KEYS = st.sampled_from(
    [
        "criteria",
        "destinations",
        "values",
        "evidence",
        "sources",
        "profiles",
        "weights",
        "label",
        "direction",
        "name",
        "weight",
        "min",
        "max",
        "x",
        "y",
        "source",
        "note",
        "title",
        "benefit",
        "cost",
        "p",
        "Q q",
    ]
) | st.text(max_size=8)
toml_documents = st.recursive(
    toml_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=40,
)


@given(st.dictionaries(KEYS, toml_documents, max_size=6))
def test_fuzz_random_documents(doc: dict[str, Any]) -> None:
    load_or_error(doc)


BUNDLED = dataset.bundled_path().read_text(encoding="utf-8")


@given(
    st.lists(
        st.tuples(
            st.integers(0, len(BUNDLED)),
            st.integers(0, 40),
            st.text(
                alphabet=st.sampled_from(list("[]{}=\"'.,#\n 0123456789-+einfa_xtrue")), max_size=12
            ),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_fuzz_mutations_of_the_bundled_dataset(edits: list[tuple[int, int, str]]) -> None:
    text = BUNDLED
    for at, cut, insert in edits:
        text = text[:at] + insert + text[at + cut :]
    load_or_error(text)


@given(st.data())
def test_fuzz_near_valid_documents(data: st.DataObject) -> None:
    """A valid dataset with one part swapped for something of the wrong kind."""
    doc: dict[str, Any] = {
        "criteria": {"x": {"label": "X", "direction": "benefit", "min": 0, "max": 10}},
        "destinations": {"p": {"name": "P", "values": {"x": 5}}},
        "sources": {"s": {"title": "S"}},
        "profiles": {"a": {"weights": {"x": 1}}},
    }
    paths = [
        ("criteria",),
        ("criteria", "x"),
        ("criteria", "x", "label"),
        ("criteria", "x", "direction"),
        ("criteria", "x", "min"),
        ("destinations",),
        ("destinations", "p"),
        ("destinations", "p", "name"),
        ("destinations", "p", "values"),
        ("destinations", "p", "values", "x"),
        ("sources", "s"),
        ("profiles", "a", "weights"),
        ("profiles", "a", "weights", "x"),
    ]
    path = data.draw(st.sampled_from(paths))
    target = doc
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = data.draw(toml_documents)
    load_or_error(doc)


# ---------------------------------------------------------------------------
# Output safety: hostile names, literal markup, no escape codes, closed pipes.
