"""A large dataset is parsed in two halves at once: the document, and every error,
must be exactly what one tomli parse of the whole text gives."""

from __future__ import annotations

import datetime
import os

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from mlsourcing.data import toml

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="halves need os.fork")


@pytest.fixture(autouse=True)
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split even a small text, on any machine."""
    monkeypatch.setattr(toml, "SPLIT_FROM", 0)
    monkeypatch.setattr(toml, "can_fork", lambda: True)


def destinations(n: int, start: int = 0) -> str:
    return "".join(
        f'[destinations.d{i}]\nname = "D {i}"\nvalues = {{ x = {i}.5, y = {i * 2} }}\n\n'
        f'[destinations.d{i}.evidence.x]\nsource = "s"\nnote = "n {i}"\n\n'
        for i in range(start, start + n)
    )


HEAD = '[criteria.x]\nlabel = "X"\n\n[criteria.y]\nlabel = "Y"\n\n'


def same(text: str) -> None:
    """toml.loads gives what tomli gives, the same document or the same error."""
    try:
        expected: object = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        with pytest.raises(tomli.TOMLDecodeError) as raised:
            toml.loads(text)
        assert str(raised.value) == str(exc)
        return
    got = toml.loads(text)
    assert got == expected
    assert repr(got) == repr(expected)  # every table's keys in the same order too


def test_a_dataset_is_cut_between_destinations_and_joined_in_order() -> None:
    text = HEAD + destinations(40)
    halves = toml.split(text)
    assert halves is not None
    first, second = halves
    assert first + second == text and second.startswith("[destinations.d")
    assert not second.startswith("[destinations.d19.evidence")  # never inside one
    same(text)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (HEAD + destinations(20) + 'note = """\n[destinations.q]\n"""\n', "multi-line string"),
        (HEAD + destinations(20) + "[criteria.z]\nlabel = 'Z'\n", "another table after"),
        (HEAD + destinations(20) + "[[destinations.d3.list]]\nk = 1\n", "array of tables"),
        ('destinations = { a = { name = "A" } }\n' + "x = 1\n" * 200, "no header before"),
    ],
)
def test_no_cut_where_one_could_change_the_meaning(text: str, why: str) -> None:
    assert toml.split(text) is None, why
    same(text)


@pytest.mark.parametrize(
    "tail",
    [
        # the same destination again, in the second half: tomli's own error
        '[destinations.d1]\nname = "again"\n',
        # a sub-table of a destination of the first half: valid, joined as tomli does
        '[destinations.d1.evidence.y]\nsource = "s"\nnote = "later"\n',
        # a syntax error in the second half: reported with the whole file's line
        "[destinations.zz]\nname = \n",
        # an explicit [destinations] after implicit ones
        "[destinations]\nlate = { name = 'L' }\n",
        # dates: sent back by pickle (marshal has no type for them)
        "[destinations.when]\nname = 'W'\nseen = 2025-01-02\nat = 2025-01-02T03:04:05Z\n",
    ],
)
def test_what_crosses_the_cut_parses_as_the_whole(tail: str) -> None:
    same(HEAD + destinations(30) + tail)


def test_a_syntax_error_in_the_first_half_keeps_its_line() -> None:
    text = HEAD + "[destinations.bad]\nname = = 1\n\n" + destinations(30)
    with pytest.raises(tomli.TOMLDecodeError, match=r"line 8"):
        toml.loads(text)
    same(text)


def test_dates_come_back_as_dates() -> None:
    text = HEAD + destinations(30) + "[destinations.when]\nname = 'W'\nseen = 2025-01-02\n"
    assert toml.loads(text)["destinations"]["when"]["seen"] == datetime.date(2025, 1, 2)


KEYS = st.text("abcd.", min_size=1, max_size=3).filter(lambda k: not k.startswith("."))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["[destinations.{}]", "[destinations.{}.evidence.x]", "[criteria.{}]"]),
            st.sampled_from(["a", "b", "c", "d", '"e.f"', "a b"]),
            st.sampled_from(['name = "N"', "v = 1", "v = [\n1,\n2]", "", "v = { w = 2 }"]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_any_arrangement_parses_as_the_whole(tables: list[tuple[str, str, str]]) -> None:
    """Headers repeated, sub-tables before and after their destination, criteria
    after the destinations, invalid keys: the halves never differ from the whole."""
    middle = "".join(f"{header.format(key)}\n{body}\n\n" for header, key, body in tables)
    same(HEAD + destinations(2) + middle + destinations(2, start=50))


def test_no_process_to_be_had_parses_in_one_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    text = HEAD + destinations(30)
    assert toml.split(text) is not None  # it would have split
    same(text)
