"""The loader: every kind of bad dataset becomes one clear DatasetError."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from mlsourcing.data import dataset
from mlsourcing.errors import DatasetError

from conftest import THREE, crit, dataset_toml

Write = Callable[[str | bytes], Path]

ONE_CRITERION = '[criteria.x]\nlabel = "X"\ndirection = "benefit"\n'
ONE_DEST = '[destinations.p]\nname = "P"\nvalues = { x = 1 }\n'


def problems(write: Write, text: str | bytes) -> list[str]:
    path = write(text)
    with pytest.raises(DatasetError) as info:
        dataset.load(path)
    assert str(info.value).startswith(f"{path}: ")
    assert "\n" not in str(info.value)
    return info.value.problems


def test_bundled_dataset_is_valid_and_fully_sourced() -> None:
    ds = dataset.load()
    assert list(ds.criteria) == ["talent", "local_firms", "big_tech", "community"]
    assert ds.criteria["big_tech"].direction == "cost"
    assert [d.name for d in ds.destinations.values()] == ["Ukraine", "Poland", "Romania", "Belarus"]
    for slug, dest in ds.destinations.items():
        # every value cites a source, and every missing value says why it is missing
        assert set(dest.evidence) == set(ds.criteria), slug
        for ev in dest.evidence.values():
            assert ev.source in ds.sources and ev.note
    assert "talent" not in ds.destinations["belarus"].values
    assert "big_tech" not in ds.destinations["belarus"].values
    assert ds.destinations["poland"].values["talent"] == 5500
    assert all(src.url and src.url.startswith("https://") for src in ds.sources.values())


def test_a_valid_small_dataset(write: Write) -> None:
    ds = dataset.load(write(THREE))
    assert list(ds.destinations) == ["a", "b", "c"]
    assert ds.criteria["cost"].max == 100
    assert ds.find_destination("GAMMA") == "c"
    assert ds.find_destination(" b ") == "b"
    assert ds.find_destination("delta") is None


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"nope\.toml: file not found"):
        dataset.load(tmp_path / "nope.toml")
    with pytest.raises(DatasetError, match="is a directory"):
        dataset.load(tmp_path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"\xff\xfe[criteria]", r"not UTF-8 text \(invalid byte at offset 0\)"),
        ("", "the file is empty"),
        ("  \n\n", "the file is empty"),
        ('[criteria.x]\nlabel = "X\n', "TOML syntax error: .*line 2"),
        ("a = 1\na = 2\n", "TOML syntax error: .*line 2"),
        ("title = 'x'\n", "criteria: required key is missing"),
        (ONE_CRITERION, "destinations: required key is missing"),
        ("criteria = {}\n" + ONE_DEST, "no criteria defined"),
        ("destinations = {}\n" + ONE_CRITERION, "no destinations defined"),
        (
            '[criteria.x]\ndirection = "benefit"\n' + ONE_DEST,
            r"criteria\.x\.label: required key is missing",
        ),
        (
            '[criteria.x]\nlabel = "X"\ndirection = "up"\n' + ONE_DEST,
            r'criteria\.x\.direction: must be "benefit" or "cost", not \'up\'',
        ),
        (
            ONE_CRITERION + "wieght = 2\n" + ONE_DEST,
            r"criteria\.x\.wieght: unknown key 'wieght'; did you mean 'weight'\?",
        ),
        (ONE_CRITERION + "weight = -1\n" + ONE_DEST, r"criteria\.x\.weight: must be 0 or more"),
        (
            ONE_CRITERION + "weight = inf\n" + ONE_DEST,
            r"criteria\.x\.weight: must be a finite number",
        ),
        (
            ONE_CRITERION + '[destinations.p]\nname = "P"\nvalues = { x = "5" }\n',
            r"destinations\.p\.values\.x: must be a number, not a string \('5'\)",
        ),
        (
            ONE_CRITERION + '[destinations.p]\nname = "P"\nvalues = { x = true }\n',
            r"destinations\.p\.values\.x: must be a number, not a boolean",
        ),
        (
            ONE_CRITERION + '[destinations.p]\nname = "P"\nvalues = { x = 2024-01-01 }\n',
            r"destinations\.p\.values\.x: must be a number, not a date/time",
        ),
        (
            ONE_CRITERION + '[destinations.p]\nname = "P"\nvalues = { x = nan }\n',
            r"destinations\.p\.values\.x: must be a finite number, not nan",
        ),
        (
            ONE_CRITERION + '[destinations.p]\nname = "P"\nvalues = { x = -inf }\n',
            r"destinations\.p\.values\.x: must be a finite number, not -inf",
        ),
        (
            ONE_CRITERION + '[destinations.p]\nname = "P"\nvalues = { x = 1' + "0" * 400 + " }\n",
            r"destinations\.p\.values\.x: the number 1000.* is too large",
        ),
        (
            ONE_CRITERION + '[destinations.p]\nname = "P"\nvalues = { y = 1 }\n',
            r"destinations\.p\.values\.y: unknown criterion",
        ),
        (
            ONE_CRITERION
            + "min = 0\nmax = 5\n"
            + '[destinations.p]\nname = "P"\nvalues = { x = 6 }\n',
            r"destinations\.p\.values\.x: 6 is outside the bounds \[0, 5\]",
        ),
        (
            ONE_CRITERION + "min = 5\nmax = 5\n" + ONE_DEST,
            r"criteria\.x: min \(5\) must be less than max",
        ),
        (
            '[criteria.X]\nlabel = "X"\ndirection = "cost"\n' + ONE_DEST,
            r"criteria\.X: a criterion key may hold only",
        ),
        (
            ONE_CRITERION + '[destinations."P Q"]\nname = "P"\n',
            r"destinations\.\"P Q\": a destination slug may hold only",
        ),
        (
            "destinations = 3\n" + ONE_CRITERION,
            r"destinations: must be a table, not a number \(3\)",
        ),
        (
            ONE_CRITERION + "[[destinations.p]]\nname = 'P'\n",
            r"destinations\.p: must be a table, not an array",
        ),
        (
            ONE_CRITERION + ONE_DEST + '[destinations.q]\nname = "p"\n',
            r"destinations\.q\.name: 'p' is also the name of destinations\.p",
        ),
        (
            ONE_CRITERION
            + ONE_DEST
            + '[destinations.p.evidence]\nx = { source = "nowhere", note = "n" }\n',
            r"destinations\.p\.evidence\.x\.source: unknown source 'nowhere'",
        ),
        (
            ONE_CRITERION + ONE_DEST + "[profiles.fast]\nweights = { y = 1 }\n",
            r"profiles\.fast\.weights\.y: unknown criterion",
        ),
        (
            ONE_CRITERION + ONE_DEST + "[profiles.fast]\nweights = { x = 0 }\n",
            r"profiles\.fast\.weights: every weight is 0",
        ),
        (
            ONE_CRITERION + ONE_DEST + 'path = "/etc/passwd"\n',
            r"destinations\.p\.path: unknown key",
        ),
        ('path = "x"\n' + ONE_CRITERION + ONE_DEST, r"path: unknown key 'path'"),
        # found by the toml-test corpus: a key with a newline must not break the line
        ('"a\\nb" = 1\n' + ONE_CRITERION + ONE_DEST, r"^\"a\\nb\": unknown key 'a\\nb'"),
    ],
)
def test_bad_datasets(write: Write, text: str | bytes, expected: str) -> None:
    found = problems(write, text)
    assert any(re.search(expected, p) for p in found), found


def test_all_problems_are_collected_and_counted(write: Write) -> None:
    text = '[criteria.x]\nlabel = 1\ndirection = "up"\nextra = 1\n' + ONE_DEST
    path = write(text)
    with pytest.raises(DatasetError) as info:
        dataset.load(path)
    assert len(info.value.problems) == 3
    assert str(info.value).endswith("(and 2 more problems; run 'mlsourcing validate')")


def test_bom_and_crlf_are_accepted(write: Write) -> None:
    text = "\ufeff" + THREE.replace("\n", "\r\n")
    ds = dataset.load(write(text.encode("utf-8")))
    assert len(ds.destinations) == 3


def test_sources_and_evidence_round_trip(write: Write) -> None:
    text = dataset_toml(
        {"x": crit()},
        {"p": {"name": "P", "values": {"x": 1}, "evidence": {"x": {"source": "s", "note": "why"}}}},
        extra='[sources.s]\ntitle = "T"\nurl = "https://example.org"\ndate = 2018-05-01\n',
    )
    ds = dataset.load(write(text))
    assert ds.destinations["p"].evidence["x"].note == "why"
    assert str(ds.sources["s"].date) == "2018-05-01"
